// `vault-api-token bootstrap`, end to end: the CLI as a process against the Vault simulator and the stand-in.
import { randomUUID } from 'node:crypto';
import { DescribeSecretCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { rotationTokenName, secretTokenPrefix } from '../../shared/rotated-secret/index.js';
import { passwordBootstrapArgs, runCli, secretValue, useCliWorld } from './support.js';

describe('vault-api-token bootstrap', () => {
  const env = useCliWorld();

  const name = () => `cli/${randomUUID().slice(0, 8)}`;

  it('signs in once, creates the secret, mints its first token under the rotator\'s name, stores the value, ends the session', async () => {
    const secretName = name();
    env.world.vault.clearRequests();
    const run = await runCli(
      passwordBootstrapArgs(env.world, secretName, ['--token-lifetime', '75d', '--revoke-previous', 'immediately', '--client-id', 'ops-cli', '--json']),
      { env: env.world.env, stdin: `${env.world.vault.bootstrapUser.password}\n`, secrets: env.world.secrets },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, string>;
    expect(result.secretName).toBe(secretName);
    expect(result.tagged, 'no --tag: nothing was tagged').toBe(false);
    expect(result.tokenName).toBe(rotationTokenName(result.secretArn as string, result.versionId as string));
    expect((result.tokenName as string).startsWith(secretTokenPrefix(result.secretArn as string))).toBe(true);

    const value = await secretValue(env.sm, secretName);
    expect(Object.keys(value)).toEqual(
      expect.arrayContaining(['vaultDns', 'apiVersion', 'accessToken', 'tokenId', 'expiresAt', 'userId', 'tokenLifetime', 'revokePrevious', 'clientId']),
    );
    expect(value).toMatchObject({ tokenId: result.tokenId, userId: env.world.vault.bootstrapUser.id, tokenLifetime: '75d', revokePrevious: 'immediately', clientId: 'ops-cli' });
    expect(env.world.vault.isTokenAccepted(value.accessToken as string)).toBe(true);
    const row = env.world.vault.tokens().find((t) => t.id === result.tokenId);
    expect(row?.name).toBe(result.tokenName);

    const operations = env.world.vault.requests.map((r) => r.operation);
    expect(operations.filter((op) => op === 'auth')).toHaveLength(1);
    expect(operations.filter((op) => op === 'mint')).toHaveLength(1);
    expect(operations.at(-1)).toBe('endSession');
    const described = await env.sm.send(new DescribeSecretCommand({ SecretId: secretName }));
    expect(Object.values(described.VersionIdsToStages ?? {})).toEqual([['AWSCURRENT']]);
  });

  it('refuses an existing secret unless --update, changing nothing; with --update stores a new AWSCURRENT', async () => {
    const secretName = name();
    const stdin = env.world.vault.bootstrapUser.password;
    expect((await runCli(passwordBootstrapArgs(env.world, secretName), { env: env.world.env, stdin, secrets: env.world.secrets })).code).toBe(0);
    const before = await env.sm.send(new DescribeSecretCommand({ SecretId: secretName }));
    const tokensBefore = env.world.vault.tokens().length;
    env.world.vault.clearRequests();

    const refused = await runCli(passwordBootstrapArgs(env.world, secretName), { env: env.world.env, stdin, secrets: env.world.secrets });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--update: secret cli\/\S+ exists \(arn:\S+\); to store a new token in it, run: vault-api-token bootstrap --secret-name cli\/\S+ .*--password-stdin --update\n/);
    expect(env.world.vault.requests).toEqual([]);
    expect(env.world.vault.tokens()).toHaveLength(tokensBefore);
    expect((await env.sm.send(new DescribeSecretCommand({ SecretId: secretName }))).VersionIdsToStages).toEqual(before.VersionIdsToStages);

    const updated = await runCli(passwordBootstrapArgs(env.world, secretName, ['--update', '--tag', 'team=ops']), {
      env: env.world.env,
      stdin,
      secrets: env.world.secrets,
    });
    expect(updated.code, updated.stderr).toBe(0);
    const after = await env.sm.send(new DescribeSecretCommand({ SecretId: secretName }));
    expect(Object.values(after.VersionIdsToStages ?? {}).sort()).toEqual([['AWSCURRENT'], ['AWSPREVIOUS']]);
    expect(after.Tags).toEqual([{ Key: 'team', Value: 'ops' }]);
  });

  it('with --token-stdin stores an owned token and revokes the hand-made one (--revoke-bootstrap-token)', async () => {
    const secretName = name();
    const handMade = env.world.vault.issueToken(env.world.vault.bootstrapUser.id, { name: 'made in the UI' });
    const run = await runCli(
      ['bootstrap', '--secret-name', secretName, '--vault-dns', env.world.vault.url, '--token-stdin', '--revoke-bootstrap-token', '--bootstrap-token-id', handMade.id],
      { env: env.world.env, stdin: handMade.token, secrets: [...env.world.secrets, handMade.token] },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`Revoked the hand-made token ${handMade.id}: Vault now refuses it`));
    expect(env.world.vault.isTokenAccepted(handMade.token)).toBe(false);
    const value = await secretValue(env.sm, secretName);
    expect(env.world.vault.isTokenAccepted(value.accessToken as string)).toBe(true);
  });

  it('with --token-stdin alone, the hand-made token is kept, and the hint names the whole command that retires it', async () => {
    const secretName = name();
    const handMade = env.world.vault.issueToken(env.world.vault.bootstrapUser.id, { name: 'made in the UI 3' });
    const args = ['bootstrap', '--secret-name', secretName, '--vault-dns', env.world.vault.url, '--token-stdin'];
    const run = await runCli(args, { env: env.world.env, stdin: handMade.token, secrets: [...env.world.secrets, handMade.token] });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`  vault-api-token ${args.join(' ')} --update --revoke-bootstrap-token --bootstrap-token-id ID\n`);
    expect(env.world.vault.isTokenAccepted(handMade.token)).toBe(true);
  });

  it('a wrong --bootstrap-token-id is reported: the hand-made token still works (exit 1, the secret is fine)', async () => {
    const handMade = env.world.vault.issueToken(env.world.vault.bootstrapUser.id, { name: 'made in the UI 2' });
    const other = env.world.vault.issueToken(env.world.vault.bootstrapUser.id, { name: 'someone else' });
    const secretName = name();
    const run = await runCli(
      ['bootstrap', '--secret-name', secretName, '--vault-dns', env.world.vault.url, '--token-stdin', '--revoke-bootstrap-token', '--bootstrap-token-id', other.id],
      { env: env.world.env, stdin: handMade.token, secrets: [...env.world.secrets, handMade.token, other.token] },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the hand-made token still works/);
    expect(env.world.vault.isTokenAccepted(handMade.token)).toBe(true);
    expect(env.world.vault.isTokenAccepted((await secretValue(env.sm, secretName)).accessToken as string)).toBe(true);
  });

  it('a failure after the mint revokes the token and deletes the secret it created (exit 1, nothing left)', async () => {
    const secretName = name();
    if (env.world.sm.kind !== 'stand-in' || env.world.sm.injectFault === undefined) throw new Error('stand-in expected');
    env.world.sm.injectFault({ operation: 'PutSecretValue', kind: 'service', times: 20 });
    try {
      const run = await runCli(passwordBootstrapArgs(env.world, secretName), {
        env: env.world.env,
        stdin: env.world.vault.bootstrapUser.password,
        secrets: env.world.secrets,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/InternalServiceError.*\. Undone: token V8T\w+ revoked; secret arn:\S+ deleted\./);
      const tokenId = /token (V8T\w+) revoked/.exec(run.stderr)?.[1];
      expect(env.world.vault.tokens({ activeOnly: true }).some((t) => t.id === tokenId)).toBe(false);
      const listed = await env.sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [secretName] }] }));
      expect(listed.SecretList).toEqual([]);
    } finally {
      env.world.sm.clearFaults?.();
    }
  });

  it('a wrong password changes nothing in AWS (exit 1, no secret)', async () => {
    const secretName = name();
    const run = await runCli(passwordBootstrapArgs(env.world, secretName), { env: env.world.env, stdin: 'not-the-password', secrets: env.world.secrets });
    expect(run.code).toBe(1);
    const listed = await env.sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [secretName] }] }));
    expect(listed.SecretList).toEqual([]);
  });
});
