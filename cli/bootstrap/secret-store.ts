// The Secrets Manager side of a bootstrap: look the secret up, create it without a value (so its ARN is known before
// a token exists), store the value under the version id the token was named after, and roll a created secret back.
import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  type DescribeSecretResponse,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import type { BootstrapPlan } from './plan.js';
import { AWSCURRENT, AWSPENDING } from '../../shared/rotated-secret/index.js';

export async function findSecret(sm: SecretsManagerClient, secretId: string): Promise<DescribeSecretResponse | undefined> {
  try {
    return await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

export function unfinishedRotation(described: DescribeSecretResponse): string | undefined {
  const stages = described.VersionIdsToStages ?? {};
  return Object.keys(stages).find((id) => stages[id]?.includes(AWSPENDING) && !stages[id]?.includes(AWSCURRENT));
}

export async function createEmptySecret(sm: SecretsManagerClient, plan: BootstrapPlan): Promise<string> {
  const created = await sm.send(
    new CreateSecretCommand({
      Name: plan.secretName,
      ClientRequestToken: randomUUID(),
      Description: plan.description ?? 'Veeva Vault API access token, rotated by vault-api-token',
      ...(plan.kmsKeyId === undefined ? {} : { KmsKeyId: plan.kmsKeyId }),
      ...(plan.tags.length === 0 ? {} : { Tags: plan.tags.map((t) => ({ Key: t.key, Value: t.value })) }),
    }),
  );
  if (created.ARN === undefined) throw new Error(`CreateSecret for ${plan.secretName} answered without an ARN`);
  return created.ARN;
}

export async function tagSecret(sm: SecretsManagerClient, arn: string, plan: BootstrapPlan): Promise<void> {
  if (plan.tags.length === 0) return;
  await sm.send(new TagResourceCommand({ SecretId: arn, Tags: plan.tags.map((t) => ({ Key: t.key, Value: t.value })) }));
}

/**
 * PutSecretValue under `versionId`. When the answer is lost, the version may exist all the same: true if it was
 * stored (by this call or the lost one), the error otherwise.
 */
export async function storeValue(
  sm: SecretsManagerClient,
  arn: string,
  versionId: string,
  secretString: string,
): Promise<void> {
  try {
    await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: versionId, SecretString: secretString }));
  } catch (error) {
    if (await versionExists(sm, arn, versionId)) return;
    throw error;
  }
}

async function versionExists(sm: SecretsManagerClient, arn: string, versionId: string): Promise<boolean> {
  try {
    const read = await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: versionId }));
    return read.VersionId === versionId;
  } catch {
    return false;
  }
}

export async function deleteCreatedSecret(sm: SecretsManagerClient, arn: string): Promise<void> {
  await sm.send(new DeleteSecretCommand({ SecretId: arn, ForceDeleteWithoutRecovery: true }));
}
