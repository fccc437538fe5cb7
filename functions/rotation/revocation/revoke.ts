// The imperative side of revoking: list this secret's tokens, ask the policy, revoke what it names. Every path that
// revokes comes through here.

import type { TokenFilter, TokenRecord } from '../../../shared/types.js';
import type { GuardedSession } from '../fleet/guarded-session.js';
import { RotationError } from '../errors.js';
import type { RotationLogger } from '../telemetry/logging.js';
import { hidesDuplicates, type RevocationFacts, tokensToRevoke, versionsToRead, type VersionFacts } from './policy.js';

/** Reads one version's value for the policy (see versionsToRead). */
export type VersionReader = (versionId: string) => Promise<VersionFacts['value']>;

export type PolicyFacts = Omit<RevocationFacts, 'listed'>;

/** Lists with `filter` (always for the policy's owner), then revokes what the policy names. */
export async function listAndRevoke(
  session: GuardedSession,
  filter: Omit<TokenFilter, 'userId'>,
  facts: PolicyFacts,
  signal: AbortSignal,
  logger: RotationLogger,
  read?: VersionReader,
): Promise<TokenRecord[]> {
  const listed = await session.listTokens({ ...filter, userId: facts.owner }, { signal });
  await revokeAsPolicySays(session, { ...facts, listed }, signal, logger, read);
  return listed;
}

export async function revokeAsPolicySays(
  session: GuardedSession,
  facts: RevocationFacts,
  signal: AbortSignal,
  logger: RotationLogger,
  read?: VersionReader,
): Promise<number> {
  let revocations = tokensToRevoke(facts);
  if (revocations.length === 0 && !hidesDuplicates(facts)) return 0;
  const unread = read === undefined ? [] : versionsToRead(facts);
  if (unread.length > 0) {
    const versions = { ...facts.versions };
    for (const id of unread) versions[id] = { stages: versions[id]!.stages, value: await read!(id) };
    revocations = tokensToRevoke({ ...facts, versions });
    if (revocations.length === 0) return 0;
  }
  const outcomes = await session.revokeTokens(
    revocations.map((r) => r.token.id),
    { signal },
  );
  const failures: string[] = [];
  for (const outcome of outcomes) {
    const revocation = revocations.find((r) => r.token.id === outcome.id);
    const attributes = { tokenId: outcome.id, tokenName: revocation?.token.name, why: revocation?.reason };
    if (outcome.outcome === 'failed') {
      failures.push(`${outcome.id} (${outcome.errorType})`);
      logger.warn('Vault did not revoke a token', { ...attributes, errorType: outcome.errorType });
    } else {
      logger.info('Revoked a token', { ...attributes, outcome: outcome.outcome });
    }
  }
  if (failures.length > 0) {
    throw new RotationError(`Vault did not revoke ${failures.length} token(s) of this secret: ${failures.join('; ')}`);
  }
  return revocations.length;
}
