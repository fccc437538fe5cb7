// The facts the revocation policy needs about the secret's versions, from DescribeSecret's labels and the values a
// step has read. Lookups go through Object.hasOwn: version ids come from the event.

import type { DescribeSecretCommandOutput } from '@aws-sdk/client-secrets-manager';
import {
  AWSCURRENT,
  AWSPENDING,
  AWSPREVIOUS,
  type RotatedSecretConfig,
  rotationTokenName,
  secretTokenPrefix,
  tokenIdOf,
  versionWithStage,
} from '../../../shared/rotated-secret/index.js';
import type { VersionFacts } from './policy.js';
import type { PolicyFacts, VersionReader } from './revoke.js';
import { getSecretString, isResourceNotFound, type SecretsManagerPort } from '../secrets-manager.js';

export type VersionsFacts = Record<string, VersionFacts>;

/** The secret's versions as one step sees them, built once per step (dispatch.ts) and carried on its context. */
export interface SecretVersions {
  /** Every version DescribeSecret listed, with its labels; values not read. */
  readonly labelled: VersionsFacts;
  /** Reads a version's stored token id for the policy; a version without a value reads as empty. */
  readonly read: VersionReader;
}

export function secretVersions(
  secretsManager: SecretsManagerPort,
  secretArn: string,
  description: DescribeSecretCommandOutput,
  signal: AbortSignal,
): SecretVersions {
  return { labelled: versionsFromDescription(description), read: versionReader(secretsManager, secretArn, signal) };
}

export function versionsFromDescription(description: DescribeSecretCommandOutput): VersionsFacts {
  const out: VersionsFacts = {};
  for (const [id, stages] of Object.entries(description.VersionIdsToStages ?? {})) {
    out[id] = { stages: [...stages], value: { state: 'unknown' } };
  }
  return out;
}

/** `versions` with what is now known of one version's value (its labels unchanged, or given). */
export function withValue(
  versions: VersionsFacts,
  versionId: string,
  value: VersionFacts['value'],
  stages?: readonly string[],
): VersionsFacts {
  const known = Object.hasOwn(versions, versionId) ? versions[versionId] : undefined;
  return { ...versions, [versionId]: { stages: stages ?? known?.stages ?? [], value } };
}

/** The labels as they are once AWSCURRENT has moved to `versionId` (AWSPREVIOUS follows the old current). */
export function afterPromotion(versions: VersionsFacts, versionId: string): VersionsFacts {
  const out: VersionsFacts = {};
  for (const [id, facts] of Object.entries(versions)) {
    const wasCurrent = facts.stages.includes(AWSCURRENT) && id !== versionId;
    // Another version's AWSPENDING stays: only the promoted version's rotation is over.
    const moved = [AWSCURRENT, AWSPREVIOUS, ...(id === versionId ? [AWSPENDING] : [])];
    const stages = facts.stages.filter((s) => !moved.includes(s));
    if (wasCurrent) stages.push(AWSPREVIOUS);
    if (id === versionId) stages.push(AWSCURRENT);
    out[id] = { stages, value: facts.value };
  }
  return out;
}

function versionReader(secretsManager: SecretsManagerPort, secretArn: string, signal: AbortSignal): VersionReader {
  return async (versionId) => {
    try {
      const value = await getSecretString(secretsManager, { SecretId: secretArn, VersionId: versionId }, signal);
      return { state: 'stored', tokenId: tokenIdOf(value) };
    } catch (error) {
      if (isResourceNotFound(error)) return { state: 'empty' };
      throw error;
    }
  };
}

/** What the policy knows as createSecret starts: the labels, AWSCURRENT's stored token id, the version being rotated still empty. */
export function factsBeforeMint(
  secret: SecretVersions,
  description: DescribeSecretCommandOutput,
  secretArn: string,
  versionId: string,
  config: Pick<RotatedSecretConfig, 'tokenId' | 'revokePrevious'>,
  owner: string,
): PolicyFacts {
  let versions = secret.labelled;
  const currentVersionId = versionWithStage(description, AWSCURRENT);
  if (currentVersionId !== undefined) {
    versions = withValue(versions, currentVersionId, { state: 'stored', tokenId: config.tokenId });
  }
  versions = withValue(versions, versionId, { state: 'empty' });
  return {
    versions,
    mode: config.revokePrevious,
    owner,
    prefix: secretTokenPrefix(secretArn),
    tokenName: (id) => rotationTokenName(secretArn, id),
  };
}
