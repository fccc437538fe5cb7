// Secrets Manager's staging labels, as every part of the project names them, and how DescribeSecret's
// VersionIdsToStages is read. Lookups go through Object.hasOwn: version ids come from events and answers.

import type { DescribeSecretCommandOutput } from '@aws-sdk/client-secrets-manager';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPENDING = 'AWSPENDING';
export const AWSPREVIOUS = 'AWSPREVIOUS';

type Staging = Pick<DescribeSecretCommandOutput, 'VersionIdsToStages'>;

/** The version that carries `stage`. */
export function versionWithStage(description: Staging, stage: string): string | undefined {
  const entries = Object.entries(description.VersionIdsToStages ?? {});
  return entries.find(([, stages]) => stages.includes(stage))?.[0];
}

/** The labels of one version; undefined when it is not a version of the secret. */
export function stagesOf(description: Staging, versionId: string): readonly string[] | undefined {
  const map = description.VersionIdsToStages ?? {};
  return Object.hasOwn(map, versionId) ? map[versionId] : undefined;
}
