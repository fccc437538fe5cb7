// The usual AWS resolution: --profile reads credentials and region from the shared files, --region overrides, and
// the Secrets Manager endpoint comes from AWS_ENDPOINT_URL_SECRETS_MANAGER (read by the SDK itself) or --endpoint-url.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, passwordBootstrapArgs, runCli, startCliWorld } from './support.js';

describe('vault-api-token and the AWS configuration', () => {
  let world: CliWorld;
  let dir: string;
  let files: Record<string, string>;
  const bare: Record<string, string> = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_REGION: '', AWS_DEFAULT_REGION: '' };

  beforeAll(async () => {
    world = await startCliWorld();
    dir = mkdtempSync(join(tmpdir(), 'vat-cli-aws-'));
    writeFileSync(join(dir, 'config'), '[profile ops]\nregion = us-east-1\n');
    writeFileSync(join(dir, 'credentials'), '[ops]\naws_access_key_id = opskey\naws_secret_access_key = opssecret\n');
    files = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' };
    const boot = await runCli(passwordBootstrapArgs(world, 'cli/aws/config'), {
      env: world.env,
      stdin: world.vault.bootstrapUser.password,
      secrets: world.secrets,
    });
    expect(boot.code, boot.stderr).toBe(0);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await world?.close();
  });

  it('--profile supplies credentials and region; the endpoint comes from AWS_ENDPOINT_URL_SECRETS_MANAGER', async () => {
    const env = { ...files, ...bare, AWS_ENDPOINT_URL_SECRETS_MANAGER: world.sm.endpoint };
    const run = await runCli(['status', '--secret-id', 'cli/aws/config', '--profile', 'ops', '--no-vault', '--json'], { env });
    expect(run.code, run.stderr).toBe(3); // rotation is off: a warning
    expect(JSON.parse(run.stdout).secrets[0].name).toBe('cli/aws/config');
  });

  it('--endpoint-url and --region work without the environment', async () => {
    const env = { ...files, ...bare, AWS_ENDPOINT_URL_SECRETS_MANAGER: '' };
    const run = await runCli(
      ['status', '--secret-id', 'cli/aws/config', '--profile', 'ops', '--region', 'us-east-1', '--endpoint-url', world.sm.endpoint, '--no-vault'],
      { env },
    );
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toMatch(/Secret cli\/aws\/config/);
  });

  it('an unknown profile fails with the SDK\'s reason (exit 1)', async () => {
    const env = { ...files, ...bare, AWS_ENDPOINT_URL_SECRETS_MANAGER: world.sm.endpoint };
    const run = await runCli(['status', '--secret-id', 'cli/aws/config', '--profile', 'nobody', '--region', 'us-east-1', '--no-vault'], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/vault-api-token: .*(profile|credential)/i);
  });
});
