// ListSecrets, TagResource, UntagResource, UpdateSecret and the schedules RotateSecret refuses, against the stand-in
// and against moto where moto agrees with the service (where it does not, the check is skipped loudly).
import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  type ListSecretsCommandInput,
  RotateSecretCommand,
  type SecretListEntry,
  type SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRotationRules } from '../../shared/rotated-secret/index.js';
import type { SecretsManagerBackend } from '../../simulator/secrets-manager-types.js';
import { sdkClientFor, secretsManagerBackends } from '../support/secrets-manager-backends.js';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:rotator';

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

async function listAll(sm: SecretsManagerClient, input: ListSecretsCommandInput): Promise<SecretListEntry[]> {
  const all: SecretListEntry[] = [];
  let NextToken: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const answer = await sm.send(new ListSecretsCommand({ ...input, NextToken }));
    all.push(...(answer.SecretList ?? []));
    NextToken = answer.NextToken;
    if (NextToken === undefined) return all;
  }
  throw new Error('ListSecrets did not stop paging');
}

for (const backend of secretsManagerBackends) {
  describe.skipIf(backend.skip)(`ListSecrets, tags, UpdateSecret and schedules against ${backend.name}`, () => {
    let sm: SecretsManagerBackend;
    let client: SecretsManagerClient;
    const run = randomUUID().slice(0, 8);

    beforeAll(async () => {
      sm = await backend.start();
      client = sdkClientFor(sm, { maxAttempts: 1 });
    });
    afterAll(async () => {
      client?.destroy();
      await sm?.close();
    });

    async function create(name: string, tags: Record<string, string> = {}): Promise<string> {
      const created = await client.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: '{"vaultDns":"x"}',
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        }),
      );
      return created.ARN as string;
    }

    it('filters by name prefix (case-sensitive) and by tag key and value, and pages with NextToken', async () => {
      await create(`${run}/fleet/a`, { 'vault-api-token': 'managed', team: 'qa' });
      await create(`${run}/fleet/b`, { 'vault-api-token': 'managed' });
      await create(`${run}/other/c`, { team: 'managed' });
      const byName = await listAll(client, { Filters: [{ Key: 'name', Values: [`${run}/fleet/`] }] });
      expect(byName.map((s) => s.Name).sort()).toEqual([`${run}/fleet/a`, `${run}/fleet/b`]);
      const upper = await listAll(client, { Filters: [{ Key: 'name', Values: [`${run}/FLEET/`] }] });
      expect(upper).toEqual([]);
      const byTag = await listAll(client, {
        Filters: [
          { Key: 'name', Values: [run] },
          { Key: 'tag-key', Values: ['vault-api-token'] },
          { Key: 'tag-value', Values: ['managed'] },
        ],
      });
      expect(byTag.map((s) => s.Name).sort()).toEqual([`${run}/fleet/a`, `${run}/fleet/b`]);
      expect(byTag.find((s) => s.Name === `${run}/fleet/a`)?.Tags).toEqual(
        expect.arrayContaining([{ Key: 'team', Value: 'qa' }]),
      );
      const paged = await client.send(
        new ListSecretsCommand({ MaxResults: 1, Filters: [{ Key: 'name', Values: [`${run}/`] }] }),
      );
      expect(paged.SecretList).toHaveLength(1);
      expect(paged.NextToken).toEqual(expect.any(String));
      expect(await listAll(client, { MaxResults: 1, Filters: [{ Key: 'name', Values: [`${run}/`] }] })).toHaveLength(3);
    });

    it('TagResource adds and replaces tags, UntagResource removes them, DescribeSecret shows them', async () => {
      const arn = await create(`${run}/tags`, { a: '1' });
      await client.send(new TagResourceCommand({ SecretId: arn, Tags: [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }] }));
      let described = await client.send(new DescribeSecretCommand({ SecretId: arn }));
      expect(described.Tags).toEqual(expect.arrayContaining([{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }]));
      expect(described.Tags).toHaveLength(2);
      await client.send(new UntagResourceCommand({ SecretId: arn, TagKeys: ['a'] }));
      described = await client.send(new DescribeSecretCommand({ SecretId: arn }));
      expect(described.Tags).toEqual([{ Key: 'b', Value: '3' }]);
    });

    it('UpdateSecret changes the description, and a new value becomes AWSCURRENT with AWSPREVIOUS following', async () => {
      const arn = await create(`${run}/update`);
      const before = await client.send(new GetSecretValueCommand({ SecretId: arn }));
      const token = randomUUID();
      const updated = await client.send(
        new UpdateSecretCommand({ SecretId: arn, Description: 'new words', SecretString: '{"v":2}', ClientRequestToken: token }),
      );
      expect(updated.VersionId).toBe(token);
      const described = await client.send(new DescribeSecretCommand({ SecretId: arn }));
      expect(described.Description).toBe('new words');
      expect(described.VersionIdsToStages?.[token]).toEqual(['AWSCURRENT']);
      expect(described.VersionIdsToStages?.[before.VersionId as string]).toEqual(['AWSPREVIOUS']);
      expect((await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('{"v":2}');
    });

    it.skipIf(backend.diverges('rotation-schedule-rules'))(
      'RotateSecret refuses a rate below 4 hours, a Duration above 24h, and a window longer than the interval',
      async () => {
        const arn = await create(`${run}/schedules`);
        for (const RotationRules of [
          { ScheduleExpression: 'rate(3 hours)' },
          { ScheduleExpression: 'rate(1 hour)' },
          { ScheduleExpression: 'rate(1 day)', Duration: '25h' },
          { ScheduleExpression: 'rate(6 hours)', Duration: '7h' },
          { ScheduleExpression: 'cron(0 */2 * * ? *)' },
        ]) {
          const refused = await failure(
            client.send(new RotateSecretCommand({ SecretId: arn, RotationLambdaARN: LAMBDA, RotationRules, RotateImmediately: false })),
          );
          expect(refused.name, JSON.stringify(RotationRules)).toBe('InvalidParameterException');
        }
        const described = await client.send(new DescribeSecretCommand({ SecretId: arn }));
        expect(described.RotationEnabled ?? false).toBe(false);
      },
    );
  });
}

describe('the schedule rules (shared/rotated-secret/schedule.ts)', () => {
  it('accepts rate(N hours) for N >= 4 and refuses N < 4', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (n) => {
        const unit = n === 1 ? 'hour' : 'hours';
        const problem = checkRotationRules({ ScheduleExpression: `rate(${n} ${unit})` });
        expect(problem === undefined).toBe(n >= 4);
      }),
    );
  });

  it('accepts a Duration of 1h-24h within a daily schedule, and never one above 24h', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), (hours) => {
        const problem = checkRotationRules({ ScheduleExpression: 'rate(10 days)', Duration: `${hours}h` });
        expect(problem === undefined).toBe(hours >= 1 && hours <= 24);
      }),
    );
  });

  it('refuses a window that reaches the next one, and cron schedules the service refuses', () => {
    expect(checkRotationRules({ ScheduleExpression: 'rate(4 hours)', Duration: '4h' })).toBeUndefined();
    expect(checkRotationRules({ ScheduleExpression: 'rate(4 hours)', Duration: '5h' })).toMatch(/next rotation window/);
    expect(checkRotationRules({ ScheduleExpression: 'cron(0 22 * * ? *)', Duration: '3h' })).toMatch(/next UTC day/);
    expect(checkRotationRules({ ScheduleExpression: 'cron(0 8 1 * ? *)', Duration: '4h' })).toBeUndefined();
    expect(checkRotationRules({ ScheduleExpression: 'cron(15 8 1 * ? *)' })).toMatch(/minutes/);
    expect(checkRotationRules({ ScheduleExpression: 'cron(0 8 1 * ? 2027)' })).toMatch(/year/);
    expect(checkRotationRules({ ScheduleExpression: 'cron(0 8 1 * MON *)' })).toMatch(/day-of-week/);
    expect(checkRotationRules({ ScheduleExpression: 'cron(0 0,2 * * ? *)' })).toMatch(/every 4 hours/);
    expect(checkRotationRules({ ScheduleExpression: 'cron(0 0,12 * * ? *)' })).toBeUndefined();
    expect(checkRotationRules({ AutomaticallyAfterDays: 1001 })).toMatch(/1000/);
    expect(checkRotationRules({ AutomaticallyAfterDays: 3, ScheduleExpression: 'rate(4 hours)' })).toMatch(/both/);
  });
});
