// The stand-in's opt-in quotas (simulator/secrets-manager/quotas.ts): the service's documented requests per second,
// past which it answers ThrottlingException and processes nothing; counted on a clock the caller may give.
import { CreateSecretCommand, DescribeSecretCommand, PutSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { type SecretsManagerStandIn, SECRETS_MANAGER_QUOTAS, startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { createQuotaBook } from '../../simulator/secrets-manager/quotas.js';

let standIn: SecretsManagerStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

describe('Secrets Manager quotas in the stand-in', () => {
  it('are the documented ones: writes 50/s together, reads 10,000/s together, RotateSecret 50/s', () => {
    expect(SECRETS_MANAGER_QUOTAS.map((q) => [q.operations, q.perSecond])).toEqual([
      [['PutSecretValue', 'UpdateSecretVersionStage'], 50],
      [['DescribeSecret', 'GetSecretValue'], 10_000],
      [['RotateSecret'], 50],
    ]);
  });

  it('count each group in 1-second windows of the given clock, and count what they throttle', () => {
    let now = 10_000;
    const book = createQuotaBook({ now: () => now });
    for (let i = 0; i < 30; i += 1) expect(book.admit('PutSecretValue')).toBe(true);
    for (let i = 0; i < 20; i += 1) expect(book.admit('UpdateSecretVersionStage')).toBe(true);
    expect(book.admit('PutSecretValue')).toBe(false);
    expect(book.admit('UpdateSecretVersionStage')).toBe(false);
    // Another group, and operations without a quota, are not affected.
    expect(book.admit('GetSecretValue')).toBe(true);
    expect(book.admit('CreateSecret')).toBe(true);
    now += 999;
    expect(book.admit('PutSecretValue')).toBe(false);
    now += 1;
    expect(book.admit('PutSecretValue')).toBe(true);
    const stats = book.stats();
    expect(stats.throttles).toBe(3);
    expect(stats.byGroup.get('PutSecretValue+UpdateSecretVersionStage')).toBe(3);
    expect(stats.busiestSecond.get('PutSecretValue+UpdateSecretVersionStage')).toBe(50);
  });

  it('answer ThrottlingException past a quota through the SDK, and the throttled request changes nothing', async () => {
    let now = 0;
    standIn = await startSecretsManagerStandIn({ quotas: { now: () => now } });
    const sm = clientFor(standIn, { maxAttempts: 1 });
    try {
      const { ARN } = await sm.send(new CreateSecretCommand({ Name: 'quota/one', SecretString: '{"a":1}' }));
      for (let i = 0; i < 50; i += 1) {
        await sm.send(new PutSecretValueCommand({ SecretId: ARN, SecretString: `{"a":${i}}`, VersionStages: ['S' + i] }));
      }
      const refused = sm.send(new PutSecretValueCommand({ SecretId: ARN, SecretString: '{"a":"late"}', VersionStages: ['LATE'] }));
      await expect(refused).rejects.toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded' });
      expect(standIn.quotaStats().throttles).toBe(1);
      const described = await sm.send(new DescribeSecretCommand({ SecretId: ARN }));
      expect(Object.values(described.VersionIdsToStages ?? {}).flat()).not.toContain('LATE');
      now = 1_000;
      await sm.send(new RotateSecretCommand({ SecretId: ARN, RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:f', RotateImmediately: false }));
    } finally {
      sm.destroy();
    }
  });

  it('are off unless asked for', async () => {
    standIn = await startSecretsManagerStandIn();
    const sm = clientFor(standIn, { maxAttempts: 1 });
    try {
      const { ARN } = await sm.send(new CreateSecretCommand({ Name: 'quota/off', SecretString: '{"a":1}' }));
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          sm.send(new PutSecretValueCommand({ SecretId: ARN, SecretString: `{"a":${i}}`, VersionStages: ['S' + i] })),
        ),
      );
      expect(standIn.quotaStats().throttles).toBe(0);
    } finally {
      sm.destroy();
    }
  });
});
