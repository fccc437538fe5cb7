// The four Secrets Manager calls the rotator makes, each with the invocation's abort signal.

import {
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  GetSecretValueCommand,
  type GetSecretValueCommandInput,
  PutSecretValueCommand,
  type PutSecretValueCommandInput,
  UpdateSecretVersionStageCommand,
  type UpdateSecretVersionStageCommandInput,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerPort } from './context.js';

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
