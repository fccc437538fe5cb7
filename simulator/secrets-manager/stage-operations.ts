// UpdateSecretVersionStage and ListSecretVersionIds.
import { invalidParameter } from './errors.js';
import { AWSCURRENT, attachLabel, detachLabel, holderOf, stagesOf } from './labels.js';
import { liveSecret } from './lookup.js';
import { epochSeconds, type Store, type StoredSecret, type StoredVersion } from './model.js';
import type { RequestOf } from './requests.js';

export function updateSecretVersionStage(store: Store, request: RequestOf<'UpdateSecretVersionStage'>) {
  const secret = liveSecret(store, request.SecretId);
  const label = request.VersionStage;
  const moveTo = request.MoveToVersionId === undefined ? undefined : versionNamed(secret, request.MoveToVersionId);
  const removeFrom =
    request.RemoveFromVersionId === undefined ? undefined : versionNamed(secret, request.RemoveFromVersionId);
  if (moveTo === undefined && removeFrom === undefined) {
    throw invalidParameter('You must specify MoveToVersionId, RemoveFromVersionId, or both.');
  }
  if (removeFrom !== undefined && !removeFrom.stages.has(label)) {
    throw invalidParameter(`The staging label ${label} is not attached to version ${removeFrom.id}.`);
  }
  const holder = holderOf(secret, label);
  if (moveTo !== undefined && holder !== undefined && holder !== moveTo && removeFrom !== holder) {
    // The caller must prove it knows where the label is now: this is what makes concurrent rotations fail safely.
    throw invalidParameter(
      `The parameter RemoveFromVersionId can't be empty. Staging label ${label} is currently attached to version ${holder.id}, so you must explicitly reference that version in RemoveFromVersionId.`,
    );
  }
  if (moveTo === undefined && label === AWSCURRENT) {
    throw invalidParameter(
      'You can only move staging label AWSCURRENT to a different secret version. It can’t be completely removed.',
    );
  }
  if (moveTo !== undefined) attachLabel(secret, label, moveTo);
  else if (removeFrom !== undefined) detachLabel(removeFrom, label);
  secret.lastChangedAt = new Date();
  return { ARN: secret.arn, Name: secret.name };
}

function versionNamed(secret: StoredSecret, versionId: string): StoredVersion {
  const version = secret.versions.get(versionId);
  if (version === undefined) {
    throw invalidParameter(`Secrets Manager can't find the version ${versionId} of secret ${secret.arn}.`);
  }
  return version;
}

export function listSecretVersionIds(store: Store, request: RequestOf<'ListSecretVersionIds'>) {
  const secret = liveSecret(store, request.SecretId);
  // Versions without labels are deprecated; the service lists them only on request.
  const versions = [...secret.versions.values()].filter((v) => request.IncludeDeprecated === true || v.stages.size > 0);
  return {
    ARN: secret.arn,
    Name: secret.name,
    Versions: versions.map((v) => ({
      VersionId: v.id,
      VersionStages: stagesOf(v),
      CreatedDate: epochSeconds(v.createdAt),
    })),
  };
}
