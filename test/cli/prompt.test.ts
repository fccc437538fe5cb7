// In a terminal, a missing secret is asked for, with nothing echoed: the CLI runs on a real pseudo-terminal
// (util-linux `script`), the test types the password only once the prompt shows, and the whole transcript is checked.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, startCliWorld } from './support.js';

const SCRIPT = '/usr/bin/script';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hasScript = (() => {
  try {
    accessSync(SCRIPT, constants.X_OK);
    return true;
  } catch {
    return false;
  }
})();
if (!hasScript) console.warn('WARNING: util-linux `script` is not installed: the no-echo prompt test is SKIPPED.');

function onTerminal(
  command: string,
  env: Record<string, string>,
  answer: string,
  enter = '\r',
): Promise<{ code: number | null; transcript: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ['-qfec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, ...env, TERM: 'dumb' } });
    let transcript = '';
    let answered = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      transcript += chunk.toString('utf8');
      if (!answered && transcript.includes('(not shown)')) {
        answered = true;
        child.stdin.write(`${answer}${enter}`);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      transcript += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, transcript });
    });
  });
}

describe.skipIf(!hasScript)('vault-api-token on a terminal', () => {
  let world: CliWorld;
  beforeAll(async () => {
    world = await startCliWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('asks for the password without echoing it, then signs in with it', async () => {
    const { userName, password, id } = world.vault.bootstrapUser;
    const run = await onTerminal(
      `node cli/bin.mjs audit --vault-dns ${world.vault.url} --username ${userName} --no-aws --json`,
      world.env,
      password,
    );
    expect(run.transcript).toContain(`Vault password for ${userName} (not shown):`);
    expect(run.transcript.includes(password), 'the password was echoed').toBe(false);
    expect(run.transcript).toContain(`"userId": "${id}"`);
    expect(run.code).toBe(0);
  });

  it('offers no "toggle visibility", and ctrl+t does not show the password', async () => {
    const { userName, password } = world.vault.bootstrapUser;
    // ctrl+t first (it would reveal what follows), then the password; the key itself is then part of what was typed.
    const run = await onTerminal(
      `node cli/bin.mjs audit --vault-dns ${world.vault.url} --username ${userName} --no-aws --json`,
      world.env,
      `\u0014${password}`,
    );
    expect(run.transcript).toContain('(not shown)');
    expect(run.transcript).not.toMatch(/toggle|ctrl\+t/i);
    expect(run.transcript.includes(password), 'the password was shown').toBe(false);
  });

  it('Ctrl-C at the prompt exits 130, and says so', async () => {
    const { userName } = world.vault.bootstrapUser;
    world.vault.clearRequests();
    const run = await onTerminal(`node cli/bin.mjs audit --vault-dns ${world.vault.url} --username ${userName} --no-aws`, world.env, '\u0003', '');
    expect(run.transcript).toMatch(/cancelled at the prompt \(Ctrl-C\)\./);
    // audit only reads: it never claims to have changed, or not changed, anything.
    expect(run.transcript).not.toMatch(/Nothing was changed/);
    expect(run.code).toBe(130);
    expect(world.vault.requests).toEqual([]);
  });
});
