// Minting one rotation's token, with the two recoveries the mint call needs:
// - a lost answer (VaultMintOutcomeUnknownError): a token may exist anyway; revoke it by its deterministic name (best
//   effort; the next attempt's sweep also finds it) and rethrow so Secrets Manager retries the rotation;
// - Vault's 25-token cap (OPERATION_NOT_ALLOWED, confirmed by counting the owner's active tokens): revoke this secret's
//   stale tokens and try once more, else fail with a message naming the cap and the user.

import { isVaultErrorOfType, VaultMintOutcomeUnknownError } from '../../shared/errors.js';
import type { MintedToken, MintRequest, VaultSession } from '../../shared/types.js';
import { RotationError } from './errors.js';
import { describeError, type RotationLogger } from './logging.js';
import { revokeTokens } from './sweep.js';
import { type TokenReferences, unreferencedTokens } from './token-references.js';

/** Vault's documented maximum of active API access tokens per user. */
export const TOKEN_CAP = 25;

export interface MintPlan {
  readonly request: MintRequest;
  /** The Vault user the new token belongs to. */
  readonly owner: string;
  readonly prefix: string;
  readonly references: TokenReferences;
  /** A session that can list and revoke the owner's tokens on the token's Vault, if there is one. */
  readonly housekeeping: VaultSession | undefined;
}

export async function mintRotationToken(
  minter: VaultSession,
  plan: MintPlan,
  signal: AbortSignal,
  logger: RotationLogger,
): Promise<MintedToken> {
  try {
    return await mintOnce(minter, plan, signal, logger);
  } catch (error) {
    if (!isVaultErrorOfType(error, 'OPERATION_NOT_ALLOWED') || plan.housekeeping === undefined) throw error;
    const active = await plan.housekeeping.listTokens({ userId: plan.owner }, { signal });
    if (active.length < TOKEN_CAP) throw error;
    const ours = active.filter((token) => token.name.startsWith(plan.prefix));
    const stale = await unreferencedTokens(ours, plan.references, true);
    if (stale.length === 0) throw capReachedError(plan.owner, active.length, error);
    logger.warn('Vault user is at the API access token cap; revoking stale tokens of this secret and minting again', {
      userId: plan.owner,
      activeTokens: active.length,
      tokenCap: TOKEN_CAP,
      staleTokens: stale.length,
    });
    await revokeTokens(plan.housekeeping, stale, signal, logger, 'stale token of this secret (token cap)');
    return await mintOnce(minter, plan, signal, logger);
  }
}

async function mintOnce(
  minter: VaultSession,
  plan: MintPlan,
  signal: AbortSignal,
  logger: RotationLogger,
): Promise<MintedToken> {
  try {
    const minted = await minter.mintToken(plan.request, { signal });
    logger.info('Minted a token', { tokenId: minted.id, tokenName: minted.name, expiresAt: minted.expiresAt });
    return minted;
  } catch (error) {
    if (error instanceof VaultMintOutcomeUnknownError) await revokeByName(plan, signal, logger);
    throw error;
  }
}

async function revokeByName(plan: MintPlan, signal: AbortSignal, logger: RotationLogger): Promise<void> {
  const session = plan.housekeeping;
  if (session === undefined) {
    logger.warn('The mint answer was lost and no session can look the token up now; the next attempt sweeps it', {
      tokenName: plan.request.name,
    });
    return;
  }
  try {
    const found = await session.listTokens({ userId: plan.owner, name: plan.request.name }, { signal });
    const orphans = found.filter((token) => token.id !== plan.references.currentTokenId);
    await revokeTokens(session, orphans, signal, logger, 'token whose mint answer was lost');
  } catch (error) {
    logger.warn('Could not revoke the token whose mint answer was lost; the next attempt sweeps it', {
      tokenName: plan.request.name,
      ...describeError(error),
    });
  }
}

function capReachedError(owner: string, active: number, cause: unknown): RotationError {
  return new RotationError(
    `Vault refused to mint: user ${owner} has ${active} active API access tokens and Vault allows at most ${TOKEN_CAP} per user. None of them is a stale token of this secret that the rotator may revoke, so nothing was minted and the secret is unchanged. Delete API access tokens that user ${owner} no longer needs (Vault UI: user profile > API Access Tokens), then rotate again.`,
    { cause },
  );
}
