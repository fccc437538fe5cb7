// Strings the CLI prints come partly from servers: token names and ids from Vault, fields of a secret's value from
// AWS. An ANSI or OSC escape, a carriage return or a line break in one must not reach the terminal raw (recolour,
// retitle, overwrite or forge a line): tables and plain text show them escaped; --json is JSON and escapes them itself.
import { randomUUID } from 'node:crypto';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { passwordBootstrapArgs, runCli, useCliWorld } from './support.js';

const HOSTILE = 'evil\u001b]0;owned\u0007\u001b[31mRED\rOK: no warnings\nWARNING: forged\u009b2J';
// eslint-disable-next-line no-control-regex -- control characters are what must not be printed
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('server-supplied text is printed with its control characters escaped', () => {
  const env = useCliWorld();

  it('audit: a token name with escapes, a CR and a line break', async () => {
    const hostile = env.world.vault.issueToken(env.world.vault.bootstrapUser.id, { name: HOSTILE, expiresAt: Date.now() + 86_400_000 });
    const args = ['audit', '--vault-dns', env.world.vault.url, '--token-stdin', '--no-aws'];
    const secrets = [...env.world.secrets, hostile.token];
    const run = await runCli(args, { env: env.world.env, stdin: env.world.vault.bootstrapToken, secrets });
    expect(run.stdout + run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain('evil\\u001b]0;owned\\u0007\\u001b[31mRED\\rOK: no warnings\\nWARNING: forged\\u009b2J');
    expect(run.stdout.split('\n').some((line) => line.startsWith('WARNING: forged'))).toBe(false);

    const json = await runCli([...args, '--json'], { env: env.world.env, stdin: env.world.vault.bootstrapToken, secrets });
    const names = (JSON.parse(json.stdout) as { tokens: { name: string }[] }).tokens.map((t) => t.name);
    expect(names).toContain(HOSTILE);
  });

  it('status: a secret value whose tokenId and expiresAt carry escapes', async () => {
    const name = `cli/control/${randomUUID().slice(0, 8)}`;
    const boot = await runCli(passwordBootstrapArgs(env.world, name), { env: env.world.env, stdin: env.world.vault.bootstrapUser.password, secrets: env.world.secrets });
    expect(boot.code, boot.stderr).toBe(0);
    await env.sm.send(
      new PutSecretValueCommand({
        SecretId: name,
        SecretString: JSON.stringify({ vaultDns: env.world.vault.url, tokenId: HOSTILE, expiresAt: `\u001b[2J${HOSTILE}` }),
        VersionStages: ['AWSPREVIOUS'],
      }),
    );
    const run = await runCli(['status', '--secret-id', name, '--no-vault'], { env: env.world.env, secrets: env.world.secrets });
    expect(run.stdout + run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain('evil\\u001b]0;owned');
  });
});
