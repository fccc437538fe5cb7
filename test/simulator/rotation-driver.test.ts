// The rotation driver behaves like the service: placeholder first, four steps with one token, whole-rotation
// retries, AWSPENDING removed after success and left after final failure. Run against every backend with a small
// fake rotation function that follows the official template.
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRotation, testRotationConfiguration } from '../../simulator/rotation-driver.js';
import type { RotationInvoker, SecretsManagerBackend } from '../../simulator/secrets-manager-types.js';
import { sdkClientFor, secretsManagerBackends } from '../support/secrets-manager-backends.js';

type RotationEvent = Parameters<RotationInvoker>[0];

interface FakeRotator {
  readonly invoke: RotationInvoker;
  readonly events: RotationEvent[];
  /** For each createSecret: was the pending version still value-less when it ran? */
  readonly pendingWasEmpty: boolean[];
  /** What each testSecret read as the pending value. */
  readonly testedValues: string[];
}

/** The generic rotation template, with a hook to fail chosen calls. */
function fakeRotator(
  sm: SecretsManagerClient,
  newValue: string,
  failWhen: (event: RotationEvent, call: number) => Error | undefined = () => undefined,
  options: { finishMovesCurrent?: boolean } = {},
): FakeRotator {
  const events: RotationEvent[] = [];
  const pendingWasEmpty: boolean[] = [];
  const testedValues: string[] = [];
  const invoke: RotationInvoker = async (event) => {
    events.push(event);
    const injected = failWhen(event, events.length);
    if (injected !== undefined) throw injected;
    const { SecretId, ClientRequestToken: token } = event;
    const described = await sm.send(new DescribeSecretCommand({ SecretId }));
    const stages = described.VersionIdsToStages ?? {};
    if (stages[token]?.includes('AWSCURRENT')) return;
    if (!stages[token]?.includes('AWSPENDING')) throw new Error('version is not AWSPENDING');
    if (event.Step === 'createSecret') {
      try {
        await sm.send(new GetSecretValueCommand({ SecretId, VersionId: token, VersionStage: 'AWSPENDING' }));
        pendingWasEmpty.push(false);
      } catch (error) {
        if ((error as Error).name !== 'ResourceNotFoundException') throw error;
        pendingWasEmpty.push(true);
        await sm.send(
          new PutSecretValueCommand({
            SecretId,
            ClientRequestToken: token,
            SecretString: newValue,
            VersionStages: ['AWSPENDING'],
            ...(event.RotationToken === undefined ? {} : { RotationToken: event.RotationToken }),
          }),
        );
      }
    } else if (event.Step === 'testSecret') {
      const pending = await sm.send(
        new GetSecretValueCommand({ SecretId, VersionId: token, VersionStage: 'AWSPENDING' }),
      );
      testedValues.push(pending.SecretString ?? '');
    } else if (event.Step === 'finishSecret' && options.finishMovesCurrent !== false) {
      const current = Object.keys(stages).find((id) => stages[id]?.includes('AWSCURRENT'));
      await sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: token,
          RemoveFromVersionId: current,
        }),
      );
    }
  };
  return { invoke, events, pendingWasEmpty, testedValues };
}

const steps = (events: RotationEvent[]) => events.map((e) => e.Step);

for (const backendCase of secretsManagerBackends) {
  describe.skipIf(backendCase.skip)(`rotation driver against ${backendCase.name}`, () => {
    let backend: SecretsManagerBackend;
    let sm: SecretsManagerClient;

    beforeAll(async () => {
      backend = await backendCase.start();
      sm = sdkClientFor(backend, { maxAttempts: 1 });
    });
    afterAll(async () => {
      sm?.destroy();
      await backend?.close();
    });

    async function newSecret(value: string) {
      const created = await sm.send(new CreateSecretCommand({ Name: `test/${randomUUID()}`, SecretString: value }));
      return { arn: created.ARN as string, firstVersion: created.VersionId as string };
    }

    async function labels(arn: string) {
      return Object.fromEntries(
        (await backend.versions(arn))
          .filter((v) => v.stages.length > 0)
          .map((v) => [v.versionId, [...v.stages].sort()]),
      );
    }

    it('runs the four steps once with one token, starting from a value-less placeholder, and completes', async () => {
      const { arn, firstVersion } = await newSecret('old');
      const rotator = fakeRotator(sm, 'new');
      const rotationToken = `rotation-token-${randomUUID()}`;
      const result = await runRotation({ backend, secretId: arn, invoke: rotator.invoke, rotationToken });

      expect(result).toMatchObject({ succeeded: true, attempts: 1, errors: [] });
      expect(steps(rotator.events)).toEqual(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
      for (const event of rotator.events) {
        expect(event).toEqual({
          Step: event.Step,
          SecretId: arn,
          ClientRequestToken: result.versionId,
          RotationToken: rotationToken,
        });
      }
      expect(rotator.pendingWasEmpty).toEqual([true]);
      expect(rotator.testedValues).toEqual(['new']);
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSPREVIOUS'], [result.versionId]: ['AWSCURRENT'] });
      expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('new');
      for (const output of [inspect(result, { depth: 10 }), JSON.stringify(result)]) {
        expect(output).not.toContain(rotationToken);
      }
    });

    it('retries the whole rotation from createSecret with the same token after a step fails once', async () => {
      const { arn, firstVersion } = await newSecret('old');
      const rotator = fakeRotator(sm, 'new', (event, call) =>
        event.Step === 'testSecret' && call === 3 ? new Error('Vault not ready') : undefined,
      );
      const result = await runRotation({ backend, secretId: arn, invoke: rotator.invoke });

      expect(result.succeeded).toBe(true);
      expect(result.attempts).toBe(2);
      expect(result.errors.map((e) => e.message)).toEqual(['Vault not ready']);
      expect(steps(rotator.events)).toEqual([
        ...['createSecret', 'setSecret', 'testSecret'],
        ...['createSecret', 'setSecret', 'testSecret', 'finishSecret'],
      ]);
      expect(new Set(rotator.events.map((e) => e.ClientRequestToken))).toEqual(new Set([result.versionId]));
      // The retried createSecret found the value the first attempt stored and did not put again.
      expect(rotator.pendingWasEmpty).toEqual([true, false]);
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSPREVIOUS'], [result.versionId]: ['AWSCURRENT'] });
    });

    it('gives up after maxAttempts leaving AWSPENDING (stuck, as in AWS); the same token reattempts it', async () => {
      const { arn, firstVersion } = await newSecret('old');
      const failing = fakeRotator(sm, 'new', (event) =>
        event.Step === 'setSecret' ? new TypeError('bug in setSecret') : undefined,
      );
      const failed = await runRotation({ backend, secretId: arn, invoke: failing.invoke, maxAttempts: 2 });
      expect(failed).toMatchObject({ succeeded: false, attempts: 2 });
      expect(failed.errors.map((e) => e.message)).toEqual(['bug in setSecret', 'bug in setSecret']);
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSCURRENT'], [failed.versionId]: ['AWSPENDING'] });

      const blocked = runRotation({ backend, secretId: arn, invoke: fakeRotator(sm, 'other').invoke });
      await expect(blocked).rejects.toThrow("A previous rotation isn't complete. That rotation will be reattempted.");

      const retry = fakeRotator(sm, 'new');
      const resumed = await runRotation({
        backend,
        secretId: arn,
        invoke: retry.invoke,
        clientRequestToken: failed.versionId,
      });
      expect(resumed).toMatchObject({ succeeded: true, attempts: 1, versionId: failed.versionId });
      expect(retry.pendingWasEmpty).toEqual([false]);
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSPREVIOUS'], [failed.versionId]: ['AWSCURRENT'] });
    });

    it('counts a finishSecret that leaves AWSCURRENT where it was as a failed attempt', async () => {
      const { arn, firstVersion } = await newSecret('old');
      const lazy = fakeRotator(sm, 'new', undefined, { finishMovesCurrent: false });
      const result = await runRotation({ backend, secretId: arn, invoke: lazy.invoke, maxAttempts: 1 });
      expect(result.succeeded).toBe(false);
      expect(result.errors[0]?.message).toMatch(/not AWSCURRENT/);
      expect((await labels(arn))[firstVersion]).toEqual(['AWSCURRENT']);
    });

    it('rotates five times in a row, each time ending with AWSCURRENT and AWSPREVIOUS only', async () => {
      const { arn } = await newSecret('v0');
      let previous: string | undefined;
      for (let i = 1; i <= 5; i += 1) {
        const result = await runRotation({ backend, secretId: arn, invoke: fakeRotator(sm, `v${i}`).invoke });
        expect(result.succeeded).toBe(true);
        const current = await labels(arn);
        expect(current[result.versionId]).toEqual(['AWSCURRENT']);
        if (previous !== undefined) expect(current[previous]).toEqual(['AWSPREVIOUS']);
        expect(Object.values(current).flat()).not.toContain('AWSPENDING');
        expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe(`v${i}`);
        previous = result.versionId;
      }
    });

    it('testRotationConfiguration runs testSecret alone on a copy of AWSCURRENT, then removes AWSPENDING', async () => {
      const { arn, firstVersion } = await newSecret('current');
      const rotator = fakeRotator(sm, 'unused');
      const result = await testRotationConfiguration({ backend, secretId: arn, invoke: rotator.invoke });
      expect(result).toMatchObject({ succeeded: true, attempts: 1, errors: [] });
      expect(steps(rotator.events)).toEqual(['testSecret']);
      expect(rotator.testedValues).toEqual(['current']);
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSCURRENT'] });
      const described = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
      expect(described.RotationEnabled).toBe(true);

      const failing = fakeRotator(sm, 'unused', () => new Error('cannot reach Vault'));
      const failed = await testRotationConfiguration({ backend, secretId: arn, invoke: failing.invoke });
      expect(failed.succeeded).toBe(false);
      expect(failed.errors.map((e) => e.message)).toEqual(['cannot reach Vault']);
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSCURRENT'] });
    });

    it('refuses bad options before touching the secret', async () => {
      const { arn, firstVersion } = await newSecret('old');
      const invoke = fakeRotator(sm, 'new').invoke;
      await expect(runRotation({ backend, secretId: arn, invoke, maxAttempts: 0 })).rejects.toThrow(/maxAttempts/);
      await expect(runRotation({ backend, secretId: arn, invoke, clientRequestToken: 'short' })).rejects.toThrow(
        /clientRequestToken/,
      );
      await expect(runRotation({ backend, secretId: '', invoke })).rejects.toThrow(/secretId/);
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSCURRENT'] });
    });
  });
}
