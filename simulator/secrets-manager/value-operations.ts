// GetSecretValue and PutSecretValue.
import { randomUUID } from 'node:crypto';
import { invalidParameter, ServiceError, valueNotFound } from './errors.js';
import { AWSCURRENT, attachLabel, holderOf, stagesOf } from './labels.js';
import { liveSecret } from './lookup.js';
import { epochSeconds, type Store, type StoredSecret, type StoredVersion } from './model.js';
import type { RequestOf } from './requests.js';
import { sameValue, storedValueFrom, valueResponseFields } from './values.js';

export function getSecretValue(store: Store, request: RequestOf<'GetSecretValue'>) {
  const secret = liveSecret(store, request.SecretId);
  const version = versionToRead(secret, request.VersionId, request.VersionStage);
  // A version without a value is the rotation's placeholder; the service answers as if there were nothing there.
  if (version.value === undefined) {
    throw request.VersionStage !== undefined || request.VersionId === undefined
      ? valueNotFound('staging label', request.VersionStage ?? AWSCURRENT)
      : valueNotFound('VersionId', version.id);
  }
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.id,
    ...valueResponseFields(version.value),
    VersionStages: stagesOf(version),
    CreatedDate: epochSeconds(version.createdAt),
  };
}

function versionToRead(secret: StoredSecret, versionId?: string, versionStage?: string): StoredVersion {
  if (versionId !== undefined) {
    const version = secret.versions.get(versionId);
    if (version === undefined) throw valueNotFound('VersionId', versionId);
    if (versionStage !== undefined && !version.stages.has(versionStage)) {
      throw new ServiceError(
        'InvalidRequestException',
        'You provided a VersionStage that is not associated to the provided VersionId.',
      );
    }
    return version;
  }
  const stage = versionStage ?? AWSCURRENT;
  const version = holderOf(secret, stage);
  if (version === undefined) throw valueNotFound('staging label', stage);
  return version;
}

export function putSecretValue(store: Store, request: RequestOf<'PutSecretValue'>) {
  const secret = liveSecret(store, request.SecretId);
  const value = storedValueFrom(request);
  if (value === undefined) throw invalidParameter('You must provide either SecretString or SecretBinary.');
  const versionId = request.ClientRequestToken ?? randomUUID();
  const existing = secret.versions.get(versionId);

  if (existing?.value !== undefined) {
    // Idempotent retry of the same put; anything else would rewrite a version, which the service never allows.
    if (sameValue(existing.value, value)) return putResponse(secret, existing);
    throw new ServiceError(
      'ResourceExistsException',
      `You can't use ClientRequestToken ${versionId} because that value is already in use for a version of secret ${secret.arn}. You can't modify an existing version, you can only create a new version.`,
    );
  }

  // Either a new version, or the value-less placeholder a rotation created under this token (filled in place).
  const version: StoredVersion = existing ?? {
    id: versionId,
    value: undefined,
    stages: new Set(),
    createdAt: new Date(),
  };
  version.value = value;
  secret.versions.set(version.id, version);
  const stages = [...(request.VersionStages ?? [AWSCURRENT])];
  // The first version with a value always becomes AWSCURRENT.
  if (holderOf(secret, AWSCURRENT) === undefined && !stages.includes(AWSCURRENT)) stages.push(AWSCURRENT);
  for (const stage of stages) attachLabel(secret, stage, version);
  secret.lastChangedAt = new Date();
  return putResponse(secret, version);
}

function putResponse(secret: StoredSecret, version: StoredVersion) {
  return { ARN: secret.arn, Name: secret.name, VersionId: version.id, VersionStages: stagesOf(version) };
}
