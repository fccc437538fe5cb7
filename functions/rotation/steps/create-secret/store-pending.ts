// Storing the minted token as AWSPENDING, and what happens to it when the store fails: kept if the pending version
// holds it, revoked if it certainly does not (a refusal such as a secret scheduled for deletion stores nothing),
// otherwise kept until the version holds a value, when it is a duplicate the policy revokes.

import type { MintedToken, TokenRecord } from '../../../../shared/types.js';
import type { GuardedSession } from '../../fleet/guarded-session.js';
import { RotationError } from '../../errors.js';
import { describeError } from '../../telemetry/logging.js';
import { type PolicyFacts, revokeAsPolicySays } from '../../revocation/revoke.js';
import { AWSPENDING, tokenIdOf } from '../../../../shared/rotated-secret/index.js';
import { isDefinitiveRefusal, pendingValue, putSecretValue } from '../../secrets-manager.js';
import type { StepContext } from '../../context.js';

export interface MintResult {
  readonly minted: MintedToken;
  readonly facts: PolicyFacts;
  /** Lists and revokes on vaultDns: the current token, or the new one when the current is no longer accepted. */
  readonly housekeeping: GuardedSession | undefined;
}

export async function storePending(ctx: StepContext, result: MintResult, secretString: () => string): Promise<void> {
  const { deps, signal, secretArn, versionId, event } = ctx;
  try {
    await putSecretValue(
      deps.secretsManager,
      {
        SecretId: secretArn,
        ClientRequestToken: versionId,
        SecretString: secretString(),
        VersionStages: [AWSPENDING],
        ...(event.RotationToken ? { RotationToken: event.RotationToken } : {}),
      },
      signal,
    );
  } catch (error) {
    // A refusal (the secret is scheduled for deletion, another value is already stored, …) stored nothing. A lost
    // answer may hide a stored value: then only revoke a token the pending version certainly does not hold.
    const stored = isDefinitiveRefusal(error) ? 'no' : await pendingHolds(ctx, result.minted.id);
    if (stored === 'yes') {
      deps.logger.warn('PutSecretValue failed, but the pending version holds the new token; continuing', {
        ...describeError(error),
      });
      return;
    }
    if (stored === 'no') await undoMint(ctx, result, 'PutSecretValue did not store it');
    else {
      deps.logger.warn(
        'Could not tell whether the pending version was stored; the token is kept until this version holds a value, then revoked as a duplicate if it is not the one stored',
        { tokenId: result.minted.id },
      );
    }
    throw error;
  }
  deps.logger.info('createSecret: stored the new token as AWSPENDING', {
    tokenId: result.minted.id,
    tokenName: result.minted.name,
    expiresAt: result.minted.expiresAt,
    userId: result.facts.owner,
  });
}

async function pendingHolds(ctx: StepContext, tokenId: string): Promise<'yes' | 'no' | 'unknown'> {
  try {
    const pending = await pendingValue(ctx.deps.secretsManager, ctx.secretArn, ctx.versionId, ctx.signal);
    return pending !== undefined && tokenIdOf(pending) === tokenId ? 'yes' : 'no';
  } catch {
    return 'unknown';
  }
}

/** Revokes a token this invocation minted and will not store. Failures are logged: the next finishSecret finds it. */
export async function undoMint(
  ctx: StepContext,
  result: { minted: MintedToken; facts: PolicyFacts; housekeeping: GuardedSession | undefined },
  why: string,
): Promise<void> {
  const { deps, signal } = ctx;
  const { minted, facts, housekeeping } = result;
  const row: TokenRecord = {
    id: minted.id,
    name: minted.name,
    userId: facts.owner,
    status: 'active__v',
    expiresAt: minted.expiresAt,
    lastUsedAt: undefined,
  };
  try {
    if (housekeeping === undefined) throw new RotationError('no session can reach the Vault the token works on');
    await revokeAsPolicySays(housekeeping, { ...facts, listed: [row], abandoned: [minted.id] }, signal, deps.logger);
  } catch (error) {
    deps.logger.error(`Could not revoke the new token (${why}); the next finishSecret revokes it`, {
      tokenId: minted.id,
      tokenName: minted.name,
      ...describeError(error),
    });
  }
}
