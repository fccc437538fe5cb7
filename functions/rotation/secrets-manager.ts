// The four Secrets Manager calls the rotator makes, each with the invocation's abort signal.

import {
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  GetSecretValueCommand,
  type GetSecretValueCommandInput,
  PutSecretValueCommand,
  type PutSecretValueCommandInput,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
  type UpdateSecretVersionStageCommandInput,
} from '@aws-sdk/client-secrets-manager';
import { AWSPENDING } from '../../shared/rotated-secret/index.js';

/** The one SDK method the rotator uses; a real SecretsManagerClient fits, and tests inject a fake. */
export type SecretsManagerPort = Pick<SecretsManagerClient, 'send'>;

export function describeSecret(
  sm: SecretsManagerPort,
  secretId: string,
  signal: AbortSignal,
): Promise<DescribeSecretCommandOutput> {
  return sm.send(new DescribeSecretCommand({ SecretId: secretId }), { abortSignal: signal });
}

/** The SecretString of one version. Throws the SDK's error (ResourceNotFoundException when there is no value). */
export async function getSecretString(
  sm: SecretsManagerPort,
  input: GetSecretValueCommandInput,
  signal: AbortSignal,
): Promise<string | undefined> {
  const output = await sm.send(new GetSecretValueCommand(input), { abortSignal: signal });
  return output.SecretString;
}

/** The pending version's value, or undefined while it is Secrets Manager's value-less placeholder. */
export async function pendingValue(
  sm: SecretsManagerPort,
  secretArn: string,
  versionId: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  try {
    return await getSecretString(sm, { SecretId: secretArn, VersionId: versionId, VersionStage: AWSPENDING }, signal);
  } catch (error) {
    if (isResourceNotFound(error)) return undefined;
    throw error;
  }
}

export async function putSecretValue(
  sm: SecretsManagerPort,
  input: PutSecretValueCommandInput,
  signal: AbortSignal,
): Promise<void> {
  await sm.send(new PutSecretValueCommand(input), { abortSignal: signal });
}

export async function updateSecretVersionStage(
  sm: SecretsManagerPort,
  input: UpdateSecretVersionStageCommandInput,
  signal: AbortSignal,
): Promise<void> {
  await sm.send(new UpdateSecretVersionStageCommand(input), { abortSignal: signal });
}

export function isResourceNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResourceNotFoundException';
}

/**
 * Secrets Manager refused the request (a client fault such as InvalidRequestException for a secret scheduled for
 * deletion, or ResourceExistsException): it was not applied. Server faults, timeouts and aborts prove nothing.
 */
export function isDefinitiveRefusal(error: unknown): boolean {
  return (error as { $fault?: unknown } | null)?.$fault === 'client';
}
