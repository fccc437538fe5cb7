// `bootstrap --update --tag K=V` adds the tag only once the new token is stored: a fleet-scope tag brings the secret
// into the rotator's IAM scope, so a run that fails and says "nothing was changed" must leave the tags as they were.
import { randomUUID } from 'node:crypto';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { passwordBootstrapArgs, runCli, useCliWorld } from './support.js';

describe('bootstrap --update --tag', () => {
  const env = useCliWorld();

  const run = (args: string[]) =>
    runCli(args, { env: env.world.env, stdin: env.world.vault.bootstrapUser.password, secrets: env.world.secrets });
  const tags = async (name: string) =>
    ((await env.sm.send(new DescribeSecretCommand({ SecretId: name }))).Tags ?? []).map((t) => `${t.Key}=${t.Value}`);

  it('a failed mint leaves the secret untagged and says nothing was changed', async () => {
    const name = `cli/tags/${randomUUID().slice(0, 8)}`;
    expect((await run(passwordBootstrapArgs(env.world, name))).code).toBe(0);
    env.world.vault.injectFault({ operation: 'mint', kind: { type: 'vault-error', errorType: 'INSUFFICIENT_ACCESS' } });
    try {
      const update = await run(passwordBootstrapArgs(env.world, name, ['--update', '--tag', 'vault-api-token=managed']));
      expect(update.code).toBe(1);
      expect(update.stderr).toMatch(/Nothing was changed\./);
      expect(await tags(name)).toEqual([]);
    } finally {
      env.world.vault.clearFaults();
    }
  });

  it('a failed store leaves the secret untagged too', async () => {
    const name = `cli/tags/${randomUUID().slice(0, 8)}`;
    expect((await run(passwordBootstrapArgs(env.world, name))).code).toBe(0);
    if (env.world.sm.kind !== 'stand-in' || env.world.sm.injectFault === undefined) throw new Error('stand-in expected');
    env.world.sm.injectFault({ operation: 'PutSecretValue', kind: 'service', times: 20 });
    try {
      const update = await run(passwordBootstrapArgs(env.world, name, ['--update', '--tag', 'vault-api-token=managed']));
      expect(update.code).toBe(1);
      expect(update.stderr).toMatch(/\. Undone: token V8T\w+ revoked/);
      expect(await tags(name)).toEqual([]);
    } finally {
      env.world.sm.clearFaults?.();
    }
  });

  it('a successful update tags the secret', async () => {
    const name = `cli/tags/${randomUUID().slice(0, 8)}`;
    expect((await run(passwordBootstrapArgs(env.world, name))).code).toBe(0);
    const update = await run(passwordBootstrapArgs(env.world, name, ['--update', '--tag', 'vault-api-token=managed']));
    expect(update.code, update.stderr).toBe(0);
    expect(await tags(name)).toEqual(['vault-api-token=managed']);
  });
});
