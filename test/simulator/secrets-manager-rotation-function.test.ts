// The stand-in given a rotation function: RotateSecret invokes it step by step, as the service invokes the Lambda,
// completes the rotation when it succeeds, and writes a failure to the function's log, readable with CloudWatch
// Logs' FilterLogEvents on the same endpoint.
import { randomUUID } from 'node:crypto';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:rotator';

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the condition never held');
}

describe('Secrets Manager stand-in with a rotation function', () => {
  let standIn: SecretsManagerStandIn;
  let sm: SecretsManagerClient;
  let logs: CloudWatchLogsClient;
  const steps: string[] = [];
  let failAt: string | undefined;

  beforeAll(async () => {
    standIn = await startSecretsManagerStandIn({
      rotationFunction: async (event) => {
        steps.push(event.Step);
        if (event.Step === failAt) throw new TypeError(`${event.Step} broke`);
        if (event.Step === 'createSecret') {
          await sm.send(
            new PutSecretValueCommand({ SecretId: event.SecretId, ClientRequestToken: event.ClientRequestToken, SecretString: 'next', VersionStages: ['AWSPENDING'] }),
          );
        }
        if (event.Step === 'finishSecret') {
          const described = await sm.send(new DescribeSecretCommand({ SecretId: event.SecretId }));
          const current = Object.keys(described.VersionIdsToStages ?? {}).find((id) => described.VersionIdsToStages?.[id]?.includes('AWSCURRENT'));
          await sm.send(
            new UpdateSecretVersionStageCommand({ SecretId: event.SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: event.ClientRequestToken, RemoveFromVersionId: current }),
          );
        }
      },
    });
    sm = clientFor(standIn, { maxAttempts: 1 });
    logs = new CloudWatchLogsClient({ endpoint: standIn.endpoint, region: standIn.region, credentials: { accessKeyId: 't', secretAccessKey: 't' } });
  });
  afterAll(async () => {
    sm?.destroy();
    logs?.destroy();
    await standIn?.close();
  });

  async function rotate(): Promise<{ arn: string; versionId: string }> {
    const { ARN } = await sm.send(new CreateSecretCommand({ Name: `rf/${randomUUID()}`, SecretString: 'first' }));
    const versionId = randomUUID();
    await sm.send(new RotateSecretCommand({ SecretId: ARN, ClientRequestToken: versionId, RotationLambdaARN: LAMBDA }));
    return { arn: ARN as string, versionId };
  }

  it('invokes every step in order and completes the rotation like the service', async () => {
    steps.length = 0;
    failAt = undefined;
    const { arn, versionId } = await rotate();
    await until(async () => {
      const described = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
      return described.LastRotatedDate !== undefined;
    });
    expect(steps).toEqual(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    const described = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(described.VersionIdsToStages?.[versionId]).toEqual(['AWSCURRENT']);
  });

  it('a failed step stops the attempt, leaves AWSPENDING, and is in the function log for FilterLogEvents', async () => {
    steps.length = 0;
    failAt = 'setSecret';
    const since = Date.now() - 1000;
    const { arn, versionId } = await rotate();
    let message: string | undefined;
    await until(async () => {
      const answer = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/rotator', startTime: since, filterPattern: 'ERROR' }));
      message = answer.events?.find((e) => e.message?.includes(versionId))?.message;
      return message !== undefined;
    });
    expect(message).toMatch(/Invoke Error.*"errorType":"TypeError","errorMessage":"setSecret broke","step":"setSecret"/);
    expect(steps).toEqual(['createSecret', 'setSecret']);
    const described = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(described.VersionIdsToStages?.[versionId]).toEqual(['AWSPENDING']);
    const missing = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/other' })).catch((e: Error) => e);
    expect((missing as Error).name).toBe('ResourceNotFoundException');
  });
});
