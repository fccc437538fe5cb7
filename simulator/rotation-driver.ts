// Drives a rotation the way Secrets Manager does: it creates the value-less AWSPENDING placeholder, invokes the
// function once per step with the same ClientRequestToken, retries the whole rotation from createSecret when a step
// fails, and after a successful finishSecret removes AWSPENDING itself (the function never does).
import { randomUUID } from 'node:crypto';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { clientFor } from './secrets-manager/client.js';
import { assertClientRequestToken } from './secrets-manager/rotation-defaults.js';
import type { RotationInvoker, RotationRunResult, SecretsManagerBackend } from './secrets-manager-types.js';

const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;

export interface RotationDriverOptions {
  readonly backend: SecretsManagerBackend;
  /** Passed to the function as SecretId; the service passes the secret's ARN, so pass the ARN. */
  readonly secretId: string;
  readonly invoke: RotationInvoker;
  /** The new version's id; default a fresh UUID. A token already holding AWSPENDING reattempts that rotation. */
  readonly clientRequestToken?: string;
  /** Passed on every event when given (the service sends one for assumed-role rotation). Never logged. */
  readonly rotationToken?: string;
  /** Recorded on the secret when the rotation starts. */
  readonly rotationLambdaArn?: string;
  readonly automaticallyAfterDays?: number;
  readonly scheduleExpression?: string;
  /**
   * The client for the driver's own reads and writes: testRotationConfiguration copies AWSCURRENT into the pending
   * version with it. Default: a client for the backend. runRotation needs none (the backend does the service's part).
   */
  readonly sm?: SecretsManagerClient;
}

export interface RunRotationOptions extends RotationDriverOptions {
  /** Whole-rotation attempts (default 3). AWS documents "multiple" retries without a number. */
  readonly maxAttempts?: number;
}

export async function runRotation(options: RunRotationOptions): Promise<RotationRunResult> {
  const maxAttempts = options.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new TypeError('runRotation: maxAttempts must be an integer >= 1');
  }
  const versionId = await startRotation(options);
  const errors: Error[] = [];
  // A plain loop rather than p-retry: the service retries after any failure, including a TypeError from a bug in
  // the function, which p-retry would refuse to retry.
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    try {
      for (const step of STEPS) await options.invoke(eventFor(options, step, versionId));
      await requireCurrent(options.backend, options.secretId, versionId);
      await options.backend.completeRotation(options.secretId, versionId);
      return { versionId, succeeded: true, attempts: attempt, errors };
    } catch (error) {
      errors.push(asError(error));
    }
  }
  // Like the service after its last retry: AWSPENDING stays where it is, and the next rotation reports it.
  return { versionId, succeeded: false, attempts: maxAttempts, errors };
}

/**
 * RotateSecret with RotateImmediately=false: the service "tests the rotation configuration by running the testSecret
 * step… This test creates an AWSPENDING version of the secret and then removes it." The pending version carries the
 * current value (as moto models it), testSecret runs alone, and AWSPENDING is removed whatever the outcome.
 */
export async function testRotationConfiguration(options: RotationDriverOptions): Promise<RotationRunResult> {
  const versionId = await startRotation(options);
  const sm = options.sm ?? clientFor(options.backend);
  const errors: Error[] = [];
  try {
    const current = await sm.send(
      new GetSecretValueCommand({ SecretId: options.secretId, VersionStage: 'AWSCURRENT' }),
    );
    await sm.send(
      new PutSecretValueCommand({
        SecretId: options.secretId,
        ClientRequestToken: versionId,
        VersionStages: ['AWSPENDING'],
        ...(current.SecretString === undefined
          ? { SecretBinary: current.SecretBinary }
          : { SecretString: current.SecretString }),
      }),
    );
    await options.invoke(eventFor(options, 'testSecret', versionId));
  } catch (error) {
    errors.push(asError(error));
  } finally {
    await options.backend.completeRotation(options.secretId, versionId);
    if (options.sm === undefined) sm.destroy();
  }
  return { versionId, succeeded: errors.length === 0, attempts: 1, errors };
}

async function startRotation(options: RotationDriverOptions): Promise<string> {
  if (typeof options.secretId !== 'string' || options.secretId === '') {
    throw new TypeError('rotation driver: secretId must be a non-empty string (the secret ARN)');
  }
  const versionId = options.clientRequestToken ?? randomUUID();
  assertClientRequestToken('rotation driver: clientRequestToken', versionId);
  await options.backend.startRotation(options.secretId, versionId, {
    ...(options.rotationLambdaArn === undefined ? {} : { rotationLambdaArn: options.rotationLambdaArn }),
    ...(options.automaticallyAfterDays === undefined ? {} : { automaticallyAfterDays: options.automaticallyAfterDays }),
    ...(options.scheduleExpression === undefined ? {} : { scheduleExpression: options.scheduleExpression }),
  });
  return versionId;
}

function eventFor(options: RotationDriverOptions, step: (typeof STEPS)[number], versionId: string) {
  return {
    Step: step,
    SecretId: options.secretId,
    ClientRequestToken: versionId,
    ...(options.rotationToken === undefined ? {} : { RotationToken: options.rotationToken }),
  };
}

/** A finishSecret that returns without moving AWSCURRENT has not finished anything; count it as a failed attempt. */
async function requireCurrent(backend: SecretsManagerBackend, secretId: string, versionId: string): Promise<void> {
  const version = (await backend.versions(secretId)).find((v) => v.versionId === versionId);
  if (!version?.stages.includes('AWSCURRENT')) {
    throw new Error(`finishSecret returned, but version ${versionId} is not AWSCURRENT: the rotation did not finish`);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(`non-Error thrown: ${typeof error}`);
}
