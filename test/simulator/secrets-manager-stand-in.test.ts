// What only the stand-in offers or checks: fault injection, request validation, rotation metadata, no secret in any
// output. (moto has no faults and validates little.)
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { sdkClientFor } from '../support/secrets-manager-backends.js';

async function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { attempts?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

describe('Secrets Manager stand-in', () => {
  let standIn: SecretsManagerStandIn;
  let sm: SecretsManagerClient;

  beforeAll(async () => {
    standIn = await startSecretsManagerStandIn();
    sm = sdkClientFor(standIn, { maxAttempts: 1 });
  });
  afterEach(() => standIn.clearFaults());
  afterAll(async () => {
    sm?.destroy();
    await standIn?.close();
  });

  async function newSecret(value = 'initial-value') {
    const created = await sm.send(new CreateSecretCommand({ Name: `test/${randomUUID()}`, SecretString: value }));
    return created.ARN as string;
  }

  describe('fault injection', () => {
    it('service: HTTP 500 InternalServiceError, and the request is not processed', async () => {
      const arn = await newSecret('v1');
      standIn.injectFault({ operation: 'PutSecretValue', kind: 'service' });
      const error = await failure(sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'v2' })));
      expect(error.name).toBe('InternalServiceError');
      expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(500);
      expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('v1');
      expect(await standIn.versions(arn)).toHaveLength(1);
    });

    it('throttle: ThrottlingException', async () => {
      const arn = await newSecret();
      standIn.injectFault({ operation: 'DescribeSecret', kind: 'throttle' });
      const error = await failure(sm.send(new DescribeSecretCommand({ SecretId: arn })));
      expect(error.name).toBe('ThrottlingException');
    });

    it('reset: the connection drops and nothing is created', async () => {
      const name = `test/${randomUUID()}`;
      standIn.injectFault({ operation: 'CreateSecret', kind: 'reset' });
      const error = await failure(sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' })));
      expect(error.name).not.toBe('ResourceExistsException');
      const missing = await failure(sm.send(new DescribeSecretCommand({ SecretId: name })));
      expect(missing.name).toBe('ResourceNotFoundException');
    });

    it('applies `times` faults to that operation only, then serves normally', async () => {
      const arn = await newSecret();
      standIn.injectFault({ operation: 'GetSecretValue', kind: 'service', times: 2 });
      expect((await sm.send(new DescribeSecretCommand({ SecretId: arn }))).ARN).toBe(arn);
      expect((await failure(sm.send(new GetSecretValueCommand({ SecretId: arn })))).name).toBe('InternalServiceError');
      expect((await failure(sm.send(new GetSecretValueCommand({ SecretId: arn })))).name).toBe('InternalServiceError');
      expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('initial-value');
    });

    it("the SDK's own retries absorb a single fault", async () => {
      const arn = await newSecret();
      const retrying = sdkClientFor(standIn, { maxAttempts: 3 });
      try {
        standIn.injectFault({ operation: 'GetSecretValue', kind: 'throttle' });
        const result = await retrying.send(new GetSecretValueCommand({ SecretId: arn }));
        expect(result.$metadata.attempts).toBe(2);
      } finally {
        retrying.destroy();
      }
    });

    it('clearFaults disarms everything', async () => {
      const arn = await newSecret();
      standIn.injectFault({ operation: 'DescribeSecret', kind: 'service', times: 5 });
      standIn.clearFaults();
      expect((await sm.send(new DescribeSecretCommand({ SecretId: arn }))).ARN).toBe(arn);
    });

    it('refuses a malformed fault, naming what is wrong', () => {
      expect(() => standIn.injectFault({ operation: 'DescribeSecret', kind: 'service', times: 0 })).toThrow(/times/);
      expect(() => standIn.injectFault({ operation: 'Nope' as 'DescribeSecret', kind: 'service' })).toThrow(
        /operation/,
      );
      expect(() => standIn.injectFault({ operation: 'DescribeSecret', kind: 'boom' as 'service' })).toThrow(/kind/);
    });
  });

  describe('request validation', () => {
    it('refuses a malformed request with ValidationException naming the member, and changes nothing', async () => {
      const arn = await newSecret('v1');
      const shortToken = await failure(
        sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'v2', ClientRequestToken: 'short' })),
      );
      expect(shortToken.name).toBe('ValidationException');
      expect(shortToken.message).toContain('ClientRequestToken');
      expect(await standIn.versions(arn)).toHaveLength(1);
    });

    it('refuses a put without a value, and one with both kinds of value', async () => {
      const arn = await newSecret();
      const none = await failure(sm.send(new PutSecretValueCommand({ SecretId: arn })));
      expect(none.name).toBe('InvalidParameterException');
      const both = await failure(
        sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'a', SecretBinary: new Uint8Array([1]) })),
      );
      expect(both.name).toBe('InvalidParameterException');
    });

    it('answers an unknown operation with UnknownOperationException', async () => {
      const response = await fetch(standIn.endpoint, {
        method: 'POST',
        headers: { 'x-amz-target': 'secretsmanager.GetRandomPassword', 'content-type': 'application/x-amz-json-1.1' },
        body: '{}',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
      expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
    });

    it('RotateSecret records RotationRules, refuses both kinds of rule, and creates the placeholder', async () => {
      const arn = await newSecret();
      const both = await failure(
        sm.send(
          new RotateSecretCommand({
            SecretId: arn,
            RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:r',
            RotationRules: { AutomaticallyAfterDays: 1, ScheduleExpression: 'rate(4 hours)' },
          }),
        ),
      );
      expect(both.name).toBe('InvalidParameterException');
      const token = randomUUID();
      const rotated = await sm.send(
        new RotateSecretCommand({
          SecretId: arn,
          ClientRequestToken: token,
          RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:r',
          RotationRules: { ScheduleExpression: 'rate(4 hours)' },
        }),
      );
      expect(rotated.VersionId).toBe(token);
      const described = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
      expect(described.RotationRules).toEqual({ ScheduleExpression: 'rate(4 hours)' });
      expect(described.VersionIdsToStages?.[token]).toEqual(['AWSPENDING']);
      expect(described.LastRotatedDate).toBeUndefined();
    });

    it('AWSCURRENT can be moved but never just removed', async () => {
      const arn = await newSecret();
      const [current] = await standIn.versions(arn);
      const error = await failure(
        sm.send(
          new UpdateSecretVersionStageCommand({
            SecretId: arn,
            VersionStage: 'AWSCURRENT',
            RemoveFromVersionId: current?.versionId,
          }),
        ),
      );
      expect(error.name).toBe('InvalidParameterException');
    });
  });

  it('completeRotation sets LastRotatedDate once the version is AWSCURRENT', async () => {
    const arn = await newSecret('old');
    const [first] = await standIn.versions(arn);
    const token = randomUUID();
    await standIn.startRotation(arn, token);
    await sm.send(
      new PutSecretValueCommand({
        SecretId: arn,
        ClientRequestToken: token,
        SecretString: 'new',
        VersionStages: ['AWSPENDING'],
      }),
    );
    await sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: arn,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: token,
        RemoveFromVersionId: first?.versionId,
      }),
    );
    await standIn.completeRotation(arn, token);
    const described = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(described.LastRotatedDate).toBeInstanceOf(Date);
    expect(described.VersionIdsToStages?.[token]).toEqual(['AWSCURRENT']);
  });

  it('never shows a stored value in inspect, JSON or error messages', async () => {
    const value = `super-secret-${randomUUID()}`;
    const arn = await newSecret(value);
    const token = randomUUID();
    await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: `${value}-2` }));
    const conflict = await failure(
      sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: `${value}-3` })),
    );
    const oversized = await failure(
      sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: `${value}${'x'.repeat(70_000)}` })),
    );
    expect(oversized.name).toBe('ValidationException');
    const outputs = [
      inspect(standIn, { depth: 10 }),
      JSON.stringify(await standIn.versions(arn)),
      conflict.message,
      oversized.message,
      inspect(await sm.send(new DescribeSecretCommand({ SecretId: arn })), { depth: 10 }),
    ];
    for (const output of outputs) expect(output).not.toContain(value);
  });
});

describe('Secrets Manager stand-in lifecycle', () => {
  it('listens on 127.0.0.1 and stops answering after close()', async () => {
    const standIn = await startSecretsManagerStandIn();
    expect(standIn.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(standIn.env()).toMatchObject({
      AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    await standIn.close();
    await expect(fetch(standIn.endpoint, { method: 'POST' })).rejects.toThrow();
  });

  it('is reachable through AWS_ENDPOINT_URL_SECRETS_MANAGER alone, as a function would reach it', async () => {
    const standIn = await startSecretsManagerStandIn();
    const saved = { ...process.env };
    Object.assign(process.env, standIn.env());
    const fromEnv = new SecretsManagerClient({});
    try {
      const created = await fromEnv.send(new CreateSecretCommand({ Name: `test/${randomUUID()}`, SecretString: 'v' }));
      expect(created.ARN).toContain(':secret:test/');
    } finally {
      fromEnv.destroy();
      for (const key of Object.keys(standIn.env())) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      await standIn.close();
    }
  });
});
