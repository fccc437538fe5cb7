// The Secrets Manager semantics the rotation depends on, through the real SDK, against every backend.
import { randomUUID } from 'node:crypto';
import {
  CancelRotateSecretCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretsManagerBackend } from '../../simulator/secrets-manager-types.js';
import { sdkClientFor, secretsManagerBackends } from '../support/secrets-manager-backends.js';

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

for (const backendCase of secretsManagerBackends) {
  describe.skipIf(backendCase.skip)(`Secrets Manager semantics against ${backendCase.name}`, () => {
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

    async function newSecret(value = '{"v":1}') {
      const name = `test/${randomUUID()}`;
      const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: value }));
      return { name, arn: created.ARN as string, firstVersion: created.VersionId as string };
    }

    /** Labelled versions only: versions without labels are deprecated (moto lists them with [], AWS omits them). */
    async function labels(secretId: string): Promise<Record<string, string[]>> {
      const described = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
      return Object.fromEntries(
        Object.entries(described.VersionIdsToStages ?? {})
          .filter(([, stages]) => stages.length > 0)
          .map(([id, stages]) => [id, [...stages].sort()]),
      );
    }

    async function put(secretId: string, value: string, versionStages?: string[], token = randomUUID()) {
      await sm.send(
        new PutSecretValueCommand({
          SecretId: secretId,
          SecretString: value,
          ClientRequestToken: token,
          ...(versionStages === undefined ? {} : { VersionStages: versionStages }),
        }),
      );
      return token;
    }

    const read = async (secretId: string, select: { VersionId?: string; VersionStage?: string } = {}) =>
      (await sm.send(new GetSecretValueCommand({ SecretId: secretId, ...select }))).SecretString;

    it('creates a secret with an ARN like the real one and describes its versions', async () => {
      const { name, arn, firstVersion } = await newSecret();
      expect(arn).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-[A-Za-z0-9]{6}$`));
      const described = await sm.send(new DescribeSecretCommand({ SecretId: name }));
      expect(described.ARN).toBe(arn);
      expect(described.Name).toBe(name);
      expect(described.RotationEnabled).toBeUndefined();
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSCURRENT'] });
      const again = await failure(sm.send(new CreateSecretCommand({ Name: name, SecretString: 'other' })));
      expect(again.name).toBe('ResourceExistsException');
    });

    it('reads by default, by stage and by version id, and requires VersionId and VersionStage to agree', async () => {
      const { arn, firstVersion } = await newSecret('first');
      const second = await put(arn, 'second');
      expect(await read(arn)).toBe('second');
      expect(await read(arn, { VersionStage: 'AWSPREVIOUS' })).toBe('first');
      expect(await read(arn, { VersionId: firstVersion })).toBe('first');
      expect(await read(arn, { VersionId: second, VersionStage: 'AWSCURRENT' })).toBe('second');
      const mismatch = await failure(read(arn, { VersionId: firstVersion, VersionStage: 'AWSCURRENT' }));
      expect(mismatch.name).toBe('InvalidRequestException');
      const unknownVersion = await failure(read(arn, { VersionId: randomUUID() }));
      expect(unknownVersion.name).toBe('ResourceNotFoundException');
      const unknownStage = await failure(read(arn, { VersionStage: 'NOSUCHLABEL' }));
      expect(unknownStage.name).toBe('ResourceNotFoundException');
      const unknownSecret = await failure(read(`test/${randomUUID()}`));
      expect(unknownSecret.name).toBe('ResourceNotFoundException');
    });

    it('PutSecretValue without VersionStages moves AWSCURRENT, and AWSPREVIOUS follows', async () => {
      const { arn, firstVersion } = await newSecret('v1');
      const second = await put(arn, 'v2');
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSPREVIOUS'], [second]: ['AWSCURRENT'] });
      const third = await put(arn, 'v3');
      expect(await labels(arn)).toEqual({ [second]: ['AWSPREVIOUS'], [third]: ['AWSCURRENT'] });
      expect(await read(arn)).toBe('v3');
    });

    it('PutSecretValue with VersionStages attaches only those labels', async () => {
      const { arn, firstVersion } = await newSecret('v1');
      const pending = await put(arn, 'v2', ['AWSPENDING']);
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSCURRENT'], [pending]: ['AWSPENDING'] });
      expect(await read(arn)).toBe('v1');
      expect(await read(arn, { VersionStage: 'AWSPENDING' })).toBe('v2');
    });

    it('PutSecretValue is idempotent for the same token and value, and refuses a different value', async () => {
      const { arn } = await newSecret('v1');
      const token = await put(arn, 'v2');
      await put(arn, 'v2', undefined, token);
      const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId: arn }));
      expect(versions.Versions?.map((v) => v.VersionId)).toContain(token);
      expect(versions.Versions).toHaveLength(2);
      const conflict = await failure(put(arn, 'v2-different', undefined, token));
      expect(conflict.name).toBe('ResourceExistsException');
      expect(conflict.message).not.toContain('v2-different');
      expect(await read(arn, { VersionId: token })).toBe('v2');
    });

    it('UpdateSecretVersionStage moves AWSCURRENT only with the right RemoveFromVersionId, AWSPREVIOUS following', async () => {
      const { arn, firstVersion } = await newSecret('v1');
      const next = await put(arn, 'v2', ['AWSPENDING']);
      const missingRemove = await failure(
        sm.send(
          new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: next }),
        ),
      );
      expect(missingRemove.name).toBe('InvalidParameterException');
      const wrongRemove = await failure(
        sm.send(
          new UpdateSecretVersionStageCommand({
            SecretId: arn,
            VersionStage: 'AWSCURRENT',
            MoveToVersionId: next,
            RemoveFromVersionId: next,
          }),
        ),
      );
      expect(wrongRemove.name).toBe('InvalidParameterException');
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSCURRENT'], [next]: ['AWSPENDING'] });

      await sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: arn,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: next,
          RemoveFromVersionId: firstVersion,
        }),
      );
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSPREVIOUS'], [next]: ['AWSCURRENT', 'AWSPENDING'] });
      await sm.send(
        new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSPENDING', RemoveFromVersionId: next }),
      );
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSPREVIOUS'], [next]: ['AWSCURRENT'] });
    });

    it.skipIf(backendCase.diverges('update-stage-requires-remove-from'))(
      'UpdateSecretVersionStage refuses to move any label held elsewhere without RemoveFromVersionId',
      async () => {
        const { arn, firstVersion } = await newSecret('v1');
        const other = await put(arn, 'v2', ['CUSTOM']);
        const refused = await failure(
          sm.send(
            new UpdateSecretVersionStageCommand({
              SecretId: arn,
              VersionStage: 'CUSTOM',
              MoveToVersionId: firstVersion,
            }),
          ),
        );
        expect(refused.name).toBe('InvalidParameterException');
        expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSCURRENT'], [other]: ['CUSTOM'] });
      },
    );

    it('startRotation creates the value-less AWSPENDING placeholder; reading it is ResourceNotFoundException', async () => {
      const { arn, firstVersion } = await newSecret('current-value');
      const token = randomUUID();
      await backend.startRotation(arn, token, {
        rotationLambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:r',
      });
      const described = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
      expect(described.RotationEnabled).toBe(true);
      expect(described.RotationLambdaARN).toBe('arn:aws:lambda:us-east-1:123456789012:function:r');
      expect(described.RotationRules?.AutomaticallyAfterDays).toBe(30);
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSCURRENT'], [token]: ['AWSPENDING'] });

      const byIdAndStage = await failure(read(arn, { VersionId: token, VersionStage: 'AWSPENDING' }));
      expect(byIdAndStage.name).toBe('ResourceNotFoundException');
      const byStage = await failure(read(arn, { VersionStage: 'AWSPENDING' }));
      expect(byStage.name).toBe('ResourceNotFoundException');
      expect(await read(arn)).toBe('current-value');
      expect(await read(arn, { VersionStage: 'AWSCURRENT' })).toBe('current-value');

      const views = await backend.versions(arn);
      expect(views.find((v) => v.versionId === token)).toMatchObject({ stages: ['AWSPENDING'], hasValue: false });
      expect(views.find((v) => v.versionId === firstVersion)).toMatchObject({ stages: ['AWSCURRENT'], hasValue: true });
    });

    it('a value can be put into the placeholder with its own ClientRequestToken (and a RotationToken)', async () => {
      const { arn, firstVersion } = await newSecret('current-value');
      const token = randomUUID();
      await backend.startRotation(arn, token);
      const putResult = await sm.send(
        new PutSecretValueCommand({
          SecretId: arn,
          ClientRequestToken: token,
          SecretString: 'pending-value',
          VersionStages: ['AWSPENDING'],
          RotationToken: randomUUID(),
        }),
      );
      expect(putResult.VersionId).toBe(token);
      expect(await read(arn, { VersionId: token, VersionStage: 'AWSPENDING' })).toBe('pending-value');
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSCURRENT'], [token]: ['AWSPENDING'] });
      expect(await read(arn)).toBe('current-value');
    });

    it('refuses to start a rotation while another is incomplete; the same token reattempts it', async () => {
      const { arn } = await newSecret();
      const stuck = randomUUID();
      await backend.startRotation(arn, stuck);
      const refused = await failure(backend.startRotation(arn, randomUUID()));
      expect(refused.name).toBe('InvalidRequestException');
      expect(refused.message).toBe("A previous rotation isn't complete. That rotation will be reattempted.");
      await backend.startRotation(arn, stuck);
      expect((await backend.versions(arn)).filter((v) => v.stages.includes('AWSPENDING'))).toEqual([
        expect.objectContaining({ versionId: stuck }),
      ]);
    });

    it.skipIf(backendCase.diverges('rotate-secret-incomplete-check'))(
      'RotateSecret through the API refuses while a rotation is incomplete',
      async () => {
        const { arn } = await newSecret();
        await backend.startRotation(arn, randomUUID());
        const refused = await failure(sm.send(new RotateSecretCommand({ SecretId: arn })));
        expect(refused.name).toBe('InvalidRequestException');
        expect(refused.message).toBe("A previous rotation isn't complete. That rotation will be reattempted.");
      },
    );

    it('a rotation completed by the harness ends like AWS: AWSCURRENT new, AWSPREVIOUS old, no AWSPENDING', async () => {
      const { arn, firstVersion } = await newSecret('old');
      const token = randomUUID();
      await backend.startRotation(arn, token);
      await put(arn, 'new', ['AWSPENDING'], token);
      await sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: arn,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: token,
          RemoveFromVersionId: firstVersion,
        }),
      );
      await backend.completeRotation(arn, token);
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSPREVIOUS'], [token]: ['AWSCURRENT'] });
      expect(await read(arn)).toBe('new');
      expect(await read(arn, { VersionStage: 'AWSPREVIOUS' })).toBe('old');
      await backend.completeRotation(arn, token);
      // The next rotation can start.
      const next = randomUUID();
      await backend.startRotation(arn, next);
      expect((await labels(arn))[next]).toEqual(['AWSPENDING']);
    });

    it('AWSPENDING left on the AWSCURRENT version is a legal end state: the next rotation starts', async () => {
      const { arn, firstVersion } = await newSecret('old');
      const token = randomUUID();
      await backend.startRotation(arn, token);
      await put(arn, 'new', ['AWSPENDING'], token);
      await sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: arn,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: token,
          RemoveFromVersionId: firstVersion,
        }),
      );
      const next = randomUUID();
      await backend.startRotation(arn, next);
      expect(await labels(arn)).toEqual({
        [firstVersion]: ['AWSPREVIOUS'],
        [token]: ['AWSCURRENT'],
        [next]: ['AWSPENDING'],
      });
    });

    it('CancelRotateSecret turns rotation off and leaves the labels for the operator', async () => {
      const { arn, firstVersion } = await newSecret();
      const token = randomUUID();
      await backend.startRotation(arn, token);
      await sm.send(new CancelRotateSecretCommand({ SecretId: arn }));
      const described = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
      expect(described.RotationEnabled).toBe(false);
      expect(await labels(arn)).toEqual({ [firstVersion]: ['AWSCURRENT'], [token]: ['AWSPENDING'] });
    });

    it('DeleteSecret schedules deletion (reads refused) or deletes at once when forced', async () => {
      const scheduled = await newSecret();
      await sm.send(new DeleteSecretCommand({ SecretId: scheduled.arn, RecoveryWindowInDays: 7 }));
      expect((await sm.send(new DescribeSecretCommand({ SecretId: scheduled.arn }))).DeletedDate).toBeInstanceOf(Date);
      expect((await failure(read(scheduled.arn))).name).toBe('InvalidRequestException');

      const forced = await newSecret();
      await sm.send(new DeleteSecretCommand({ SecretId: forced.arn, ForceDeleteWithoutRecovery: true }));
      const gone = await failure(sm.send(new DescribeSecretCommand({ SecretId: forced.arn })));
      expect(gone.name).toBe('ResourceNotFoundException');
    });
  });
}
