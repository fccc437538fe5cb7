// CreateSecret, DescribeSecret, DeleteSecret.
import { randomUUID } from 'node:crypto';
import { newSecretArn } from './arn.js';
import { invalidParameter, ServiceError } from './errors.js';
import { AWSCURRENT, stagesOf } from './labels.js';
import { existingSecret, findSecret, liveSecret } from './lookup.js';
import { epochSeconds, type Store, type StoredSecret } from './model.js';
import type { RequestOf } from './requests.js';
import { rotationIntervalMs } from '../../shared/rotated-secret/index.js';
import { tagMap } from './tag-operations.js';
import { putSecretValue } from './value-operations.js';
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
  const tags = tagMap(request.Tags ?? []);
  const now = new Date();
  const secret: StoredSecret = {
    name: request.Name,
    arn: newSecretArn(request.Name),
    description: request.Description,
    kmsKeyId: request.KmsKeyId,
    tags,
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
  const { VersionIdsToStages, ...rest } = secretEntry(secret);
  return { ...rest, VersionIdsToStages };
}

/** What DescribeSecret and each ListSecrets entry say about a secret (ListSecrets names the stages member differently). */
export function secretEntry(secret: StoredSecret) {
  const { rotation } = secret;
  const labelled = [...secret.versions.values()].filter((v) => v.stages.size > 0);
  const next = nextRotationDate(secret);
  return {
    ARN: secret.arn,
    Name: secret.name,
    ...(secret.description === undefined ? {} : { Description: secret.description }),
    ...(secret.kmsKeyId === undefined ? {} : { KmsKeyId: secret.kmsKeyId }),
    ...(rotation.configured ? { RotationEnabled: rotation.enabled } : {}),
    ...(rotation.lambdaArn === undefined ? {} : { RotationLambdaARN: rotation.lambdaArn }),
    ...(rotation.rules === undefined ? {} : { RotationRules: rotation.rules }),
    ...(rotation.lastRotatedAt === undefined ? {} : { LastRotatedDate: epochSeconds(rotation.lastRotatedAt) }),
    ...(next === undefined ? {} : { NextRotationDate: epochSeconds(next) }),
    LastChangedDate: epochSeconds(secret.lastChangedAt),
    CreatedDate: epochSeconds(secret.createdAt),
    ...(secret.deletedAt === undefined ? {} : { DeletedDate: epochSeconds(secret.deletedAt) }),
    ...(secret.tags.size === 0 ? {} : { Tags: [...secret.tags].map(([Key, Value]) => ({ Key, Value })) }),
    VersionIdsToStages: Object.fromEntries(labelled.map((v) => [v.id, stagesOf(v)])),
  };
}

/** The service's next scheduled rotation: the last one (or the secret's creation) plus the interval, while enabled. */
function nextRotationDate(secret: StoredSecret): Date | undefined {
  const { rotation } = secret;
  if (!rotation.enabled || rotation.rules === undefined) return undefined;
  const interval = rotationIntervalMs(rotation.rules);
  if (interval === undefined) return undefined;
  return new Date((rotation.lastRotatedAt ?? secret.createdAt).getTime() + interval);
}

/** UpdateSecret: description and key in place; a value given becomes a new AWSCURRENT version, as PutSecretValue. */
export function updateSecret(store: Store, request: RequestOf<'UpdateSecret'>) {
  const secret = liveSecret(store, request.SecretId);
  const hasValue = storedValueFrom(request) !== undefined;
  const put = hasValue
    ? putSecretValue(store, {
        SecretId: request.SecretId,
        ClientRequestToken: request.ClientRequestToken,
        SecretString: request.SecretString,
        SecretBinary: request.SecretBinary,
      })
    : undefined;
  if (request.Description !== undefined) secret.description = request.Description;
  if (request.KmsKeyId !== undefined) secret.kmsKeyId = request.KmsKeyId;
  secret.lastChangedAt = new Date();
  return { ARN: secret.arn, Name: secret.name, ...(put === undefined ? {} : { VersionId: put.VersionId }) };
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
