// The facts the revocation policy needs about the secret's versions, from DescribeSecret's labels and the values a
// step has read. Lookups go through Object.hasOwn: version ids come from the event.

import type { DescribeSecretCommandOutput } from '@aws-sdk/client-secrets-manager';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, tokenIdOf } from '../../../shared/rotated-secret/index.js';
import type { VersionFacts } from './policy.js';
import type { VersionReader } from './revoke.js';
import { getSecretString, isResourceNotFound } from '../secrets-manager.js';
import type { StepContext } from '../context.js';

export type VersionsFacts = Record<string, VersionFacts>;

/** Every version DescribeSecret listed, with its labels; values not read. */
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

/** Reads a version's stored token id for the policy; a version without a value reads as empty. */
export function versionReader(ctx: StepContext): VersionReader {
  return async (versionId) => {
    try {
      const value = await getSecretString(
        ctx.deps.secretsManager,
        { SecretId: ctx.secretArn, VersionId: versionId },
        ctx.signal,
      );
      return { state: 'stored', tokenId: tokenIdOf(value) };
    } catch (error) {
      if (isResourceNotFound(error)) return { state: 'empty' };
      throw error;
    }
  };
}
