// A secret's versions read through the public API, for a backend whose state we can only see from outside (moto).
// Whether a version has a value shows only as GetSecretValue refusing it; the value read is dropped at once.
import {
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  type SecretsManagerClient,
  type SecretVersionsListEntry,
} from '@aws-sdk/client-secrets-manager';
import type { VersionView } from '../secrets-manager-types.js';

const MAX_PAGES = 100;

export async function versionsThroughApi(sm: SecretsManagerClient, secretId: string): Promise<VersionView[]> {
  const entries: SecretVersionsListEntry[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const listed = await sm.send(
      new ListSecretVersionIdsCommand({ SecretId: secretId, IncludeDeprecated: true, NextToken: nextToken }),
    );
    entries.push(...(listed.Versions ?? []));
    nextToken = listed.NextToken || undefined;
    if (nextToken === undefined) break;
  }
  const views: VersionView[] = [];
  for (const entry of entries) {
    const versionId = entry.VersionId ?? '';
    views.push({
      versionId,
      stages: entry.VersionStages ?? [],
      hasValue: await versionHasValue(sm, secretId, versionId),
      createdDate: entry.CreatedDate?.getTime() ?? 0,
    });
  }
  return views;
}

async function versionHasValue(sm: SecretsManagerClient, secretId: string, versionId: string): Promise<boolean> {
  try {
    await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: versionId }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}
