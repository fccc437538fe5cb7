// The CI self-test job (.github/workflows/ci.yml, job self-test), played here step by step with the same scripts and
// the runner model: start the Vault simulator in the background, run the expect-revoked helper's main, this action's
// main (through the root action.yml), a plain Vault call with the minted token, this action's post, and then the
// helper's post, which must pass only once the token is revoked.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyValueFile, runActionStage } from '../../simulator/actions-runner/index.js';
import { runStage } from '../action/support/runner.js';
import { repoRoot } from '../template/template-files.js';

const SCRIPTS = join(repoRoot, '.github', 'self-test');
const EXPECT_REVOKED = join(repoRoot, '.github', 'actions', 'expect-revoked');

function node(script: string, env: Record<string, string>, args: string[] = []) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the self-test job, played locally', () => {
  let temp: string;
  let sim: Record<string, string>;
  let started: Awaited<ReturnType<typeof node>>;

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'vault-self-test-'));
    const output = join(temp, 'github_output');
    writeFileSync(output, '');
    started = await node(join(SCRIPTS, 'start-vault-simulator.mjs'), { GITHUB_OUTPUT: output, RUNNER_TEMP: temp });
    sim = parseKeyValueFile(readFileSync(output, 'utf8')).values;
  });

  afterAll(() => {
    // The simulator runs detached in its own process group (as on the runner, until the job ends): end that group.
    const pid = Number(sim?.pid);
    if (pid > 0) {
      if (process.platform === 'win32') spawnSync('taskkill', ['/pid', String(pid), '/T', '/F']);
      else {
        try {
          process.kill(-pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    }
    rmSync(temp, { recursive: true, force: true });
  });

  it('start-vault-simulator.mjs starts it, masks the bootstrap token and password, and outputs the origin', () => {
    expect(started.code).toBe(0);
    expect(sim['vault-dns']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim['bootstrap-token']).toMatch(/\S/);
    const masks = started.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    expect(masks).toHaveLength(2);
    expect(masks[0]).toBe(`::add-mask::${sim['bootstrap-token']}`);
    // Nothing else it printed shows the token.
    expect(started.stdout.replaceAll(masks[0]!, '')).not.toContain(sim['bootstrap-token']);
  });

  it('mint → a later step calls Vault with the token → post revokes it → the helper’s post confirms', async () => {
    const tokenFile = join(temp, 'self-test-token');
    const helperInputs = { 'vault-dns': sim['vault-dns']!, 'token-file': tokenFile };
    const helperMain = await runActionStage(EXPECT_REVOKED, 'main', { inputs: helperInputs });
    expect(helperMain.failed).toBe(false);

    const inputs = { 'vault-dns': sim['vault-dns']!, 'access-token': sim['bootstrap-token']!, 'expires-in': '15m' };
    const main = await runStage('main', { inputs });
    expect({ failed: main.failed, errors: main.errors }).toEqual({ failed: false, errors: [] });
    const token = main.outputs.token!;

    const call = await node(join(SCRIPTS, 'vault-whoami.mjs'), { VAULT_DNS: main.outputs['vault-dns']!, VAULT_TOKEN: token });
    expect(call.stdout).toContain('Vault accepts the token');
    expect(call.code).toBe(0);
    writeFileSync(tokenFile, token);

    // Before the action's post has run, the helper's post must fail: the check can fail.
    const early = await runActionStage(EXPECT_REVOKED, 'post', { inputs: helperInputs });
    expect(early.failed).toBe(true);
    expect(early.errors.join('\n')).toContain('the token still works');
    writeFileSync(tokenFile, token);

    const post = await runStage('post', { inputs, state: main.state });
    expect({ failed: post.failed, warnings: post.warnings }).toEqual({ failed: false, warnings: [] });

    const helperPost = await runActionStage(EXPECT_REVOKED, 'post', { inputs: helperInputs });
    expect({ failed: helperPost.failed, errors: helperPost.errors }).toEqual({ failed: false, errors: [] });
    expect(helperPost.stdout.join('\n')).toContain('Vault refuses the token, as expected');
    expect(() => readFileSync(tokenFile)).toThrow();
  });
});
