// docs/deploy.md's "Try it locally" walk-through, run as written with the AWS CLI against the Secrets Manager stand-in
// and the Vault simulator. Only what cannot run here is substituted: the ports and the bootstrap token the servers
// print, `sam build` (test/support/global-setup.ts has built the bundle), and `sam local invoke` (Docker), which
// becomes a plain invocation of the same bundle with the same event file. Every AWS CLI command is the page's own,
// --endpoint-url included, so this fails if one of them is wrong or would reach real AWS.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { startVaultSimulator } from '../../simulator/vault-simulator.js';
import type { VaultSimulator } from '../../simulator/vault-simulator-types.js';
import { BUNDLE_PATH, TEST_TUNING_ENV } from '../functions/support/bundle.js';
import { repoRoot } from '../template/template-files.js';

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
const missing = ['aws', 'jq'].filter((tool) => !has(tool));
/** uuidgen only makes a version id; where it is missing (util-linux's uuid-runtime), a stand-in script does. */
const shimUuidgen = !has('uuidgen');
if (missing.length > 0) {
  console.warn(`WARNING: ${missing.join(', ')} not installed: docs/deploy.md's local walk-through test is SKIPPED.`);
}

const INVOKER = join(repoRoot, 'test', 'node24', 'support', 'invoke-lambda.mjs');

function runBash(script: string, env: Record<string, string>) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: repoRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The fenced sh blocks of the section that starts with `heading`. */
function shellBlocks(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(heading);
  if (start === -1) throw new Error(`docs/deploy.md has no "${heading}"`);
  const rest = markdown.slice(start + heading.length);
  const end = rest.search(/^## /m);
  const section = end === -1 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

describe.skipIf(missing.length > 0 || process.platform === 'win32')("docs/deploy.md's local walk-through", () => {
  let standIn: SecretsManagerStandIn;
  let simulator: VaultSimulator;
  let work: string;

  beforeAll(async () => {
    standIn = await startSecretsManagerStandIn();
    simulator = await startVaultSimulator();
    work = mkdtempSync(join(tmpdir(), 'vault-walkthrough-'));
  });
  afterAll(async () => {
    await simulator?.close();
    await standIn?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('creates the secret, starts a rotation, runs the four steps and ends with a new AWSCURRENT', async () => {
    const blocks = shellBlocks(readFileSync(join(repoRoot, 'docs', 'deploy.md'), 'utf8'), '## Try it locally');
    expect(blocks[0]).toContain('npm run vault-simulator -- --port 8080');
    expect(blocks[0]).toContain('npm run secrets-manager -- --port 5000');
    const script = blocks[1]!;
    expect(script).toContain('sam local invoke RotationFunction');

    const invoke = `node ${JSON.stringify(INVOKER)} ${JSON.stringify(BUNDLE_PATH)} < "${work}/$step.json" | tail -n 1 | grep -q '"ok":true'`;
    const runnable = script
      .replaceAll('http://127.0.0.1:5000', standIn.endpoint)
      .replaceAll('http://127.0.0.1:8080', simulator.url)
      .replaceAll('THE-SIMULATOR-BOOTSTRAP-TOKEN', simulator.bootstrapToken)
      .replaceAll('/tmp/', `${work}/`)
      .replace(/^sam build$/m, ': sam build')
      .replace(/sam local invoke RotationFunction[^\n]*\\\n[^\n]*\|\| break/, `${invoke} || exit 1`);
    expect(runnable).not.toMatch(/\bsam\b(?! build)/);

    // The function's own environment, as events/env.json and `--region` give it inside `sam local invoke`.
    if (shimUuidgen) {
      mkdirSync(join(work, 'bin'));
      writeFileSync(join(work, 'bin', 'uuidgen'), `#!/bin/sh\nexec node -e "console.log(crypto.randomUUID())"\n`, {
        mode: 0o755,
      });
    }
    const env: Record<string, string> = {
      PATH: `${shimUuidgen ? `${join(work, 'bin')}:` : ''}${process.env.PATH ?? ''}`,
      HOME: work,
      AWS_CONFIG_FILE: join(work, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials'),
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...TEST_TUNING_ENV,
    };
    // Asynchronously: the stand-in and the simulator answer from this process's event loop.
    const run = await runBash(runnable, env);
    expect({ status: run.status, stderr: run.stderr.replaceAll(simulator.bootstrapToken, '<token>') }).toEqual({
      status: 0,
      stderr: expect.any(String),
    });
    // The last command prints VersionIdsToStages: the bootstrap version is now AWSPREVIOUS, a new one AWSCURRENT,
    // and AWSPENDING is gone (the page removes it, as the service would).
    const stages = JSON.parse(run.stdout.slice(run.stdout.lastIndexOf('{'))) as Record<string, string[]>;
    expect(Object.values(stages).map((labels) => [...labels].sort()).sort()).toEqual([['AWSCURRENT'], ['AWSPREVIOUS']]);
    // And the current value holds a new token the simulator accepts.
    const client = clientFor(standIn);
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: 'local/vault-api-token' }));
      const value = JSON.parse(out.SecretString ?? '{}') as { accessToken?: string };
      expect(value.accessToken).not.toBe(simulator.bootstrapToken);
      expect(simulator.isTokenAccepted(value.accessToken ?? '')).toBe(true);
    } finally {
      client.destroy();
    }
  });
});
