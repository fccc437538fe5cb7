// CreateSecret, DescribeSecret, DeleteSecret.
import { randomUUID } from 'node:crypto';
import { newSecretArn } from './arn.js';
import { invalidParameter, ServiceError } from './errors.js';
import { AWSCURRENT, stagesOf } from './labels.js';
import { existingSecret, findSecret, liveSecret } from './lookup.js';
import { epochSeconds, type Store, type StoredSecret } from './model.js';
import type { RequestOf } from './requests.js';
import { sameValue, storedValueFrom } from './values.js';

const DAY_MS = 86_400_000;

export function createSecret(store: Store, request: RequestOf<'CreateSecret'>) {
  const value = storedValueFrom(request);
  const versionId = request.ClientRequestToken ?? randomUUID();
  const clash = findSecret(store, request.Name);
  if (clash !== undefined) {
    if (clash.deletedAt !== undefined) {
      throw new ServiceError(
        'InvalidRequestException',
        "You can't create this secret because a secret with this name is already scheduled for deletion.",
      );
    }
    // Only a retry of the very same request (same token, same value) is idempotent.
    const sameRequest = clash.versions.get(versionId);
    if (sameRequest?.value !== undefined && value !== undefined && sameValue(sameRequest.value, value)) {
      return { ARN: clash.arn, Name: clash.name, VersionId: versionId };
    }
    throw new ServiceError(
      'ResourceExistsException',
      `The operation failed because the secret ${request.Name} already exists.`,
    );
  }
  const now = new Date();
  const secret: StoredSecret = {
    name: request.Name,
    arn: newSecretArn(request.Name),
    description: request.Description,
    versions: new Map(),
    createdAt: now,
    lastChangedAt: now,
    deletedAt: undefined,
    rotation: { configured: false, enabled: false, lambdaArn: undefined, rules: undefined, lastRotatedAt: undefined },
  };
  if (value !== undefined) {
    secret.versions.set(versionId, { id: versionId, value, stages: new Set([AWSCURRENT]), createdAt: now });
  }
  store.secrets.set(secret.name, secret);
  return { ARN: secret.arn, Name: secret.name, ...(value === undefined ? {} : { VersionId: versionId }) };
}

export function describeSecret(store: Store, request: RequestOf<'DescribeSecret'>) {
  const secret = existingSecret(store, request.SecretId);
  const { rotation } = secret;
  const labelled = [...secret.versions.values()].filter((v) => v.stages.size > 0);
  return {
    ARN: secret.arn,
    Name: secret.name,
    ...(secret.description === undefined ? {} : { Description: secret.description }),
    ...(rotation.configured ? { RotationEnabled: rotation.enabled } : {}),
    ...(rotation.lambdaArn === undefined ? {} : { RotationLambdaARN: rotation.lambdaArn }),
    ...(rotation.rules === undefined ? {} : { RotationRules: rotation.rules }),
    ...(rotation.lastRotatedAt === undefined ? {} : { LastRotatedDate: epochSeconds(rotation.lastRotatedAt) }),
    LastChangedDate: epochSeconds(secret.lastChangedAt),
    CreatedDate: epochSeconds(secret.createdAt),
    ...(secret.deletedAt === undefined ? {} : { DeletedDate: epochSeconds(secret.deletedAt) }),
    VersionIdsToStages: Object.fromEntries(labelled.map((v) => [v.id, stagesOf(v)])),
  };
}

export function deleteSecret(store: Store, request: RequestOf<'DeleteSecret'>) {
  const force = request.ForceDeleteWithoutRecovery === true;
  if (force && request.RecoveryWindowInDays !== undefined) {
    throw invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  }
  const days = request.RecoveryWindowInDays ?? 30;
  if (days < 7 || days > 30) {
    throw invalidParameter('The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
  }
  const secret = force ? existingSecret(store, request.SecretId) : liveSecret(store, request.SecretId);
  const now = Date.now();
  if (force) {
    store.secrets.delete(secret.name);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: now / 1000 };
  }
  secret.deletedAt = new Date(now + days * DAY_MS);
  return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(secret.deletedAt) };
}
