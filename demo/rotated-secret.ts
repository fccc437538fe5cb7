// The secret the demo rotates, read and written through the real SDK. Token values are remembered by the token watch
// the moment they are read and otherwise stay inside `Secret`s; only ids, expiries and labels come out of here.
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { registerSecretValue } from '../shared/redaction/redact.js';
import type { SecretsManagerBackend } from '../simulator/secrets-manager-types.js';
import type { TokenWatch } from './token-watch.js';

/** The fields of a version's value that are safe to show. */
export interface VersionSummary {
  readonly versionId: string;
  readonly stages: readonly string[];
  readonly hasValue: boolean;
  readonly tokenId: string | undefined;
  readonly expiresAt: string | undefined;
  readonly userId: string | undefined;
}

export async function readVersion(
  sm: SecretsManagerClient,
  secretId: string,
  selector: { versionId: string } | { stage: string },
  watch: TokenWatch,
): Promise<Omit<VersionSummary, 'stages' | 'hasValue'>> {
  const answer = await sm.send(
    new GetSecretValueCommand({
      SecretId: secretId,
      ...('versionId' in selector ? { VersionId: selector.versionId } : { VersionStage: selector.stage }),
    }),
  );
  const where = 'versionId' in selector ? `version ${selector.versionId}` : `the ${selector.stage} version`;
  const fields = parseValue(answer.SecretString, `${where} of ${secretId}`);
  if (typeof fields.accessToken === 'string') {
    watch.remember(fields.accessToken);
    registerSecretValue(fields.accessToken);
  }
  return {
    versionId: answer.VersionId ?? '(none)',
    tokenId: stringField(fields, 'tokenId'),
    expiresAt: stringField(fields, 'expiresAt'),
    userId: stringField(fields, 'userId'),
  };
}

/** Every version with its labels, and for those with a value, the token id it holds. */
export async function readAllVersions(
  sm: SecretsManagerClient,
  backend: SecretsManagerBackend,
  secretId: string,
  watch: TokenWatch,
): Promise<VersionSummary[]> {
  const versions = await backend.versions(secretId);
  const summaries: VersionSummary[] = [];
  for (const version of versions.sort((a, b) => a.createdDate - b.createdDate)) {
    const value = version.hasValue
      ? await readVersion(sm, secretId, { versionId: version.versionId }, watch)
      : { tokenId: undefined, expiresAt: undefined, userId: undefined };
    summaries.push({ ...value, versionId: version.versionId, stages: version.stages, hasValue: version.hasValue });
  }
  return summaries;
}

function parseValue(secretString: string | undefined, where: string): Record<string, unknown> {
  if (secretString === undefined) throw new Error(`${where} has no SecretString`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    // JSON.parse's message quotes the text, which holds a token.
    throw new Error(`${where} is not JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${where} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function stringField(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
