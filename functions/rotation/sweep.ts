// Revoking this secret's stale tokens: made by this rotator for this secret (name prefix) and referenced by neither
// AWSCURRENT nor, in next-rotation mode, AWSPREVIOUS. In `never` mode only a token of this rotation's own name (left by
// an attempt that died between mint and PutSecretValue) is swept.

import type { VaultSession } from '../../shared/types.js';
import { RotationError } from './errors.js';
import type { RotationLogger } from './logging.js';
import type { RevokePrevious } from './secret-value.js';
import { type TokenReferences, unreferencedTokens } from './token-references.js';

export interface SweepPlan {
  /** The Vault user whose tokens are listed. */
  readonly owner: string;
  readonly prefix: string;
  /** This rotation's token name. */
  readonly ownName: string;
  readonly mode: RevokePrevious;
  readonly references: TokenReferences;
  /** Token ids never to revoke (the token just minted). */
  readonly exclude?: readonly string[];
}

export async function sweepStaleTokens(
  session: VaultSession,
  plan: SweepPlan,
  signal: AbortSignal,
  logger: RotationLogger,
): Promise<void> {
  const listed = await session.listTokens(
    plan.mode === 'never'
      ? { userId: plan.owner, name: plan.ownName }
      : { userId: plan.owner, namePrefix: plan.prefix },
    { signal },
  );
  const stale = (await unreferencedTokens(listed, plan.references, plan.mode === 'next-rotation')).filter(
    (token) => !plan.exclude?.includes(token.id),
  );
  await revokeTokens(session, stale, signal, logger, 'stale token of this secret');
}

export interface TokenToRevoke {
  readonly id: string;
  readonly name?: string;
}

/** Revokes `tokens`; throws when Vault refuses one (a token it no longer has counts as done). */
export async function revokeTokens(
  session: VaultSession,
  tokens: readonly TokenToRevoke[],
  signal: AbortSignal,
  logger: RotationLogger,
  why: string,
): Promise<void> {
  if (tokens.length === 0) return;
  const outcomes = await session.revokeTokens(
    tokens.map((token) => token.id),
    { signal },
  );
  const failures: string[] = [];
  for (const outcome of outcomes) {
    const name = tokens.find((token) => token.id === outcome.id)?.name;
    if (outcome.outcome === 'failed') {
      failures.push(`${outcome.id} (${outcome.errorType}: ${outcome.message})`);
      logger.warn('Vault did not revoke a token', {
        tokenId: outcome.id,
        tokenName: name,
        why,
        errorType: outcome.errorType,
      });
    } else {
      logger.info('Revoked a token', { tokenId: outcome.id, tokenName: name, why, outcome: outcome.outcome });
    }
  }
  if (failures.length > 0) {
    throw new RotationError(`Vault did not revoke ${failures.length} ${why}(s): ${failures.join('; ')}`);
  }
}
