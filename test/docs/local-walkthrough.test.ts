// docs/deploy.md's "Try it locally" walk-through, run as written with the AWS CLI against the Secrets Manager stand-in
// and the Vault simulator, the function invoked with `npm run invoke` (scripts/invoke.mjs) as the page does. Only the
// ports and the bootstrap token the servers print are substituted, and `npm run build` is skipped
// (test/support/global-setup.ts has built the bundle). Every AWS CLI command is the page's own, --endpoint-url
// included, so this fails if one of them is wrong or would reach real AWS. Then the uninstall's revocation snippet
// (the block marked `runs: uninstall-revoke`) runs against the rotated secret and must leave no token alive.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { startVaultSimulator } from '../../simulator/vault-simulator.js';
import type { VaultSimulator } from '../../simulator/vault-simulator-types.js';
import { TEST_TUNING_ENV } from '../functions/support/bundle.js';
import { repoRoot } from '../template/template-files.js';
import { runnableBlock } from './support/blocks.js';

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
const missing = ['aws', 'jq', 'curl'].filter((tool) => !has(tool));
if (missing.length > 0) {
  console.warn(`WARNING: ${missing.join(', ')} not installed: docs/deploy.md's local walk-through test is SKIPPED.`);
}

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

  const page = () => readFileSync(join(repoRoot, 'docs', 'deploy.md'), 'utf8');
  const substitute = (script: string) =>
    script
      .replaceAll('http://127.0.0.1:5000', standIn.endpoint)
      .replaceAll('http://127.0.0.1:8080', simulator.url)
      .replaceAll('THE-SIMULATOR-BOOTSTRAP-TOKEN', simulator.bootstrapToken);
  const env = (): Record<string, string> => ({
    PATH: process.env.PATH ?? '',
    HOME: work,
    AWS_CONFIG_FILE: join(work, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    npm_config_update_notifier: 'false',
    ...TEST_TUNING_ENV,
  });

  it('creates the secret, starts a rotation, runs the four steps with npm run invoke and ends with a new AWSCURRENT', async () => {
    const servers = runnableBlock(page(), 'docs/deploy.md', 'servers');
    expect(servers).toContain('npm run vault-simulator -- --port 8080');
    expect(servers).toContain('npm run secrets-manager -- --port 5000');
    const script = runnableBlock(page(), 'docs/deploy.md', 'local-walkthrough');
    expect(script).toContain('npm run -s invoke -- "events/$step.json"');
    expect(script).not.toMatch(/\b(sam|uuidgen)\b/);

    const runnable = substitute(script).replace(/^npm run build$/m, ': npm run build');
    // The function's environment: events/env.json's AWS_ENDPOINT_URL_SECRETS_MANAGER names port 5000, so the real
    // endpoint comes from the shell (npm run invoke lets the shell's variables win, as the page says).
    const run = await runBash(runnable, { ...env(), AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.endpoint });
    expect({ status: run.status, stderr: run.stderr.replaceAll(simulator.bootstrapToken, '<token>') }).toEqual({
      status: 0,
      stderr: expect.any(String),
    });
    expect(run.stdout).not.toContain(simulator.bootstrapToken);
    for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
      expect(run.stdout).toContain(`${step}: ok`);
    }
    // The last command prints VersionIdsToStages: the bootstrap version is now AWSPREVIOUS, a new one AWSCURRENT,
    // and AWSPENDING is gone (the page removes it, as the service would).
    const stages = JSON.parse(run.stdout.slice(run.stdout.lastIndexOf('{'))) as Record<string, string[]>;
    expect(Object.values(stages).map((labels) => [...labels].sort()).sort()).toEqual([['AWSCURRENT'], ['AWSPREVIOUS']]);
    // And the current value holds a new token the simulator accepts.
    const client = clientFor(standIn);
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: 'local/vault-api-token' }));
      const value = JSON.parse(out.SecretString ?? '{}') as { accessToken?: string; tokenId?: string };
      expect(value.accessToken).not.toBe(simulator.bootstrapToken);
      expect(simulator.isTokenAccepted(value.accessToken ?? '')).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it("the uninstall's revocation snippet revokes the rotator's tokens (Bearer, a vaultDns that is already an origin)", async () => {
    const client = clientFor(standIn);
    const tokens: string[] = [];
    let arn: string;
    try {
      const current = await client.send(new GetSecretValueCommand({ SecretId: 'local/vault-api-token' }));
      arn = current.ARN!;
      const previous = await client.send(
        new GetSecretValueCommand({ SecretId: 'local/vault-api-token', VersionStage: 'AWSPREVIOUS' }),
      );
      for (const out of [current, previous]) tokens.push((JSON.parse(out.SecretString!) as { accessToken: string }).accessToken);
    } finally {
      client.destroy();
    }
    // After the walk-through AWSCURRENT holds the rotator's token (with its tokenId) and AWSPREVIOUS the hand-made
    // bootstrap token (no tokenId: the page says to delete that one in the UI).
    expect(tokens.every((token) => simulator.isTokenAccepted(token))).toBe(true);
    const snippet = runnableBlock(page(), 'docs/deploy.md', 'uninstall-revoke');
    expect(snippet).toContain("'Authorization: Bearer %s\\n'");
    const dir = mkdtempSync(join(work, 'uninstall-'));
    const run = await runBash(`cd ${JSON.stringify(dir)}\n${snippet}`, {
      ...env(),
      ARN: arn,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.endpoint,
      AWS_ENDPOINT_URL: standIn.endpoint,
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain('"responseStatus":"SUCCESS"');
    expect(simulator.isTokenAccepted(tokens[0]!)).toBe(false);
    expect(simulator.isTokenAccepted(tokens[1]!)).toBe(true);
    // Nothing the token touched is left on disk.
    expect(readdirSync(dir).sort()).toEqual(['ids.json']);
  });
});
