// The first token's lifetime follows the rotator's own rule (shared/rotated-secret/lifetime.ts) for the rotation rules
// the secret will actually have: the --window counts, an existing secret's RotationRules count on --update, and
// --schedule informs the lifetime even when the stack, not this command, attaches rotation.
import { randomUUID } from 'node:crypto';
import { DescribeSecretCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { LAMBDA_ARN, passwordBootstrapArgs, runCli, useCliWorld } from './support.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('bootstrap: the token lifetime and the rotation rules', () => {
  const env = useCliWorld();

  const name = () => `cli/lifetime/${randomUUID().slice(0, 8)}`;
  const run = (args: string[]) =>
    runCli(args, { env: env.world.env, stdin: env.world.vault.bootstrapUser.password, secrets: env.world.secrets });
  const versions = async (secret: string) =>
    Object.keys((await env.sm.send(new DescribeSecretCommand({ SecretId: secret }))).VersionIdsToStages ?? {}).length;
  /** The minted token's lifetime, bounded by the clock read before and after the run. */
  async function lifetimeOf(args: string[]): Promise<{ code: number | null; min: number; max: number; stderr: string }> {
    const before = Date.now();
    const result = await run([...args, '--json']);
    const after = Date.now();
    if (result.code !== 0) return { code: result.code, min: NaN, max: NaN, stderr: result.stderr };
    const expiresAt = Date.parse((JSON.parse(result.stdout) as { expiresAt: string }).expiresAt);
    return { code: 0, min: expiresAt - after, max: expiresAt - before, stderr: result.stderr };
  }
  const expectAbout = (got: { min: number; max: number }, ms: number) => {
    // Vault keeps expiries to the second.
    expect(got.min).toBeLessThanOrEqual(ms + 1000);
    expect(got.max).toBeGreaterThanOrEqual(ms - 1000);
  };

  it('--window counts: rate(4 hours) with a 3h window leaves up to 7h, so a 12h lifetime is refused', async () => {
    const secret = name();
    const refused = await run(
      passwordBootstrapArgs(env.world, secret, ['--rotation-lambda-arn', LAMBDA_ARN, '--schedule', 'rate(4 hours)', '--window', '3h', '--token-lifetime', '12h']),
    );
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/--token-lifetime: must outlive .*rate\(4 hours\).*more than 14h/);
    expect(env.world.vault.requests.filter((r) => r.operation === 'mint')).toEqual([]);
  });

  it('--update: the existing RotationRules decide the default lifetime and the check', async () => {
    const secret = name();
    expect((await run(passwordBootstrapArgs(env.world, secret))).code).toBe(0);
    await env.sm.send(
      new RotateSecretCommand({
        SecretId: secret,
        RotationLambdaARN: LAMBDA_ARN,
        RotationRules: { ScheduleExpression: 'rate(4 hours)', Duration: '3h' },
        RotateImmediately: false,
      }),
    );
    const before = await versions(secret);
    const refused = await run(passwordBootstrapArgs(env.world, secret, ['--update', '--token-lifetime', '12h']));
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/--token-lifetime: must outlive .*rate\(4 hours\).*more than 14h/);
    expect(await versions(secret)).toBe(before);

    // The default: two intervals (4h + the 3h window) plus a day.
    expectAbout(await lifetimeOf(passwordBootstrapArgs(env.world, secret, ['--update'])), 2 * 7 * HOUR + DAY);
  });

  it('--update: a short lifetime the existing schedule allows is not refused against an assumed 30 days', async () => {
    const secret = name();
    expect((await run(passwordBootstrapArgs(env.world, secret))).code).toBe(0);
    await env.sm.send(
      new RotateSecretCommand({ SecretId: secret, RotationLambdaARN: LAMBDA_ARN, RotationRules: { ScheduleExpression: 'rate(4 hours)' }, RotateImmediately: false }),
    );
    const got = await lifetimeOf(passwordBootstrapArgs(env.world, secret, ['--update', '--token-lifetime', '1d']));
    expect(got.code, got.stderr).toBe(0);
    expectAbout(got, DAY);
  });

  it('--schedule without --rotation-lambda-arn informs the lifetime (the stack attaches rotation)', async () => {
    const refused = await run(passwordBootstrapArgs(env.world, name(), ['--schedule', 'rate(4 hours)', '--window', '3h', '--token-lifetime', '12h']));
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/--token-lifetime: must outlive .*rate\(4 hours\)/);

    const secret = name();
    const got = await lifetimeOf(passwordBootstrapArgs(env.world, secret, ['--schedule', 'rate(10 days)']));
    expect(got.code, got.stderr).toBe(0);
    expectAbout(got, 2 * 11 * DAY + DAY);
    expect(got.stderr).toMatch(/Rotation is not attached yet/);
    expect((await env.sm.send(new DescribeSecretCommand({ SecretId: secret }))).RotationEnabled).not.toBe(true);
  });
});
