// createSecret: mint the next token and store it as AWSPENDING. Re-entrant: a retry finds the stored value and stops;
// a retry after an attempt that died between mint and PutSecretValue sweeps that attempt's token (same name) first.

import { isInvalidSession } from '../../shared/errors.js';
import type { MintedToken, MintTarget, VaultSession } from '../../shared/types.js';
import { RotationError } from './errors.js';
import { tokenLifetimeMs } from './lifetime.js';
import { describeError } from './logging.js';
import { mintRotationToken } from './mint.js';
import { reBootstrapError } from './re-bootstrap.js';
import { nextSecretString, parseSecretValue, type RotatedSecretConfig } from './secret-value.js';
import { AWSCURRENT, AWSPENDING, getSecretString, isResourceNotFound, putSecretValue } from './secrets-store.js';
import { revokeTokens, type SweepPlan, sweepStaleTokens } from './sweep.js';
import { rotationTokenName, secretTokenPrefix } from './token-names.js';
import { tokenIdOf, tokenReferences } from './token-references.js';
import type { StepContext } from './types.js';
import { openRotationSessions, type RotationSessions } from './vault-sessions.js';

export async function createSecret(ctx: StepContext): Promise<void> {
  const { deps, secretArn, signal } = ctx;
  const logger = deps.logger;
  if ((await readPending(ctx)) !== undefined) {
    logger.info('createSecret: the pending version already has a value; nothing to do');
    return;
  }
  const currentString = await getSecretString(
    deps.secretsManager,
    { SecretId: secretArn, VersionStage: AWSCURRENT },
    signal,
  );
  const { config, preserved } = parseSecretValue(currentString, `Secret ${secretArn} (AWSCURRENT)`);
  const lifetimeMs = tokenLifetimeMs(config.tokenLifetimeMs, ctx.description.RotationRules, logger);

  const sessions = await openRotationSessions(ctx, config);
  try {
    const result = await mintNextToken(ctx, config, sessions, lifetimeMs);
    await storePending(ctx, sessions, result, () => nextSecretString(preserved, result.minted, result.owner));
  } finally {
    await sessions.close();
  }
}

/** The pending version's value, or undefined while it is Secrets Manager's value-less placeholder. */
async function readPending(ctx: StepContext): Promise<string | undefined> {
  try {
    return await getSecretString(
      ctx.deps.secretsManager,
      { SecretId: ctx.secretArn, VersionId: ctx.versionId, VersionStage: AWSPENDING },
      ctx.signal,
    );
  } catch (error) {
    if (isResourceNotFound(error)) return undefined;
    throw error;
  }
}

interface MintResult {
  readonly minted: MintedToken;
  readonly owner: string;
  /** Lists and revokes on vaultDns: the current token, or the new one when the current is no longer accepted. */
  readonly housekeeping: VaultSession;
}

async function mintNextToken(
  ctx: StepContext,
  config: RotatedSecretConfig,
  sessions: RotationSessions,
  lifetimeMs: number,
): Promise<MintResult> {
  const { deps, signal, secretArn, versionId } = ctx;
  const logger = deps.logger;
  const references = tokenReferences(ctx, config);
  let owner = config.forUserId ?? config.userId;
  let housekeeping = sessions.current;
  const plan = (ownerId: string, exclude?: string[]): SweepPlan => ({
    owner: ownerId,
    prefix: secretTokenPrefix(secretArn),
    ownName: rotationTokenName(secretArn, versionId),
    mode: config.revokePrevious,
    references,
    exclude,
  });

  // Sweep BEFORE minting, so stale tokens (including this rotation's own, from an attempt that died) never pile up.
  if (housekeeping !== undefined) {
    try {
      owner ??= (await housekeeping.whoAmI({ signal })).userId;
      await sweepStaleTokens(housekeeping, plan(owner), signal, logger);
    } catch (error) {
      if (!isInvalidSession(error)) throw error;
      if (!sessions.mintsWithCredentials) throw reBootstrapError(ctx, config, owner, error);
      logger.warn('The current token is no longer accepted by Vault; minting with the credentials secret', {
        ...describeError(error),
      });
      housekeeping = undefined;
    }
  }
  owner ??= (await sessions.minter.whoAmI({ signal })).userId;

  let minted: MintedToken;
  try {
    minted = await mintRotationToken(
      sessions.minter,
      {
        request: {
          name: rotationTokenName(secretArn, versionId),
          expiresAt: new Date(deps.now().getTime() + lifetimeMs),
          target: mintTarget(config),
        },
        owner,
        prefix: secretTokenPrefix(secretArn),
        references,
        housekeeping: housekeeping ?? (sessions.minterOnVaultDns ? sessions.minter : undefined),
      },
      signal,
      logger,
    );
  } catch (error) {
    if (isInvalidSession(error) && !sessions.mintsWithCredentials) throw reBootstrapError(ctx, config, owner, error);
    if (isInvalidSession(error)) {
      throw new RotationError(
        `Vault ${config.parentVaultDns ?? config.vaultDns} did not accept the credentials in ${config.credentialsSecretArn} (INVALID_SESSION_ID): the token there expired or was revoked. Put a valid token or username/password in that secret, then rotate again.`,
        { cause: error },
      );
    }
    throw error;
  }

  if (housekeeping === undefined) {
    // The current token could not clean up; the new one can (it belongs to the same user, on vaultDns).
    try {
      housekeeping = await sessions.open(config.vaultDns, { kind: 'token', token: minted.token });
      await sweepStaleTokens(housekeeping, plan(owner, [minted.id]), signal, logger);
    } catch (error) {
      await undoMint(ctx, sessions, housekeeping, minted);
      throw error;
    }
  }
  return { minted, owner, housekeeping };
}

function mintTarget(config: RotatedSecretConfig): MintTarget {
  if (config.sandboxName !== undefined) return { kind: 'sandbox', sandboxName: config.sandboxName };
  if (config.forUserId !== undefined) return { kind: 'user', userId: config.forUserId };
  return { kind: 'self' };
}

async function storePending(
  ctx: StepContext,
  sessions: RotationSessions,
  result: MintResult,
  secretString: () => string,
): Promise<void> {
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
    // A lost answer may hide a stored value: only revoke a token that is certainly unreferenced.
    const stored = await pendingHolds(ctx, result.minted.id);
    if (stored === 'yes') {
      deps.logger.warn('PutSecretValue failed, but the pending version holds the new token; continuing', {
        ...describeError(error),
      });
      return;
    }
    if (stored === 'no') await undoMint(ctx, sessions, result.housekeeping, result.minted);
    else deps.logger.warn('Could not tell whether the pending version was stored; the next attempt sweeps the token');
    throw error;
  }
  deps.logger.info('createSecret: stored the new token as AWSPENDING', {
    tokenId: result.minted.id,
    tokenName: result.minted.name,
    expiresAt: result.minted.expiresAt,
    userId: result.owner,
  });
}

async function pendingHolds(ctx: StepContext, tokenId: string): Promise<'yes' | 'no' | 'unknown'> {
  try {
    const pending = await readPending(ctx);
    return pending !== undefined && tokenIdOf(pending) === tokenId ? 'yes' : 'no';
  } catch {
    return 'unknown';
  }
}

/** Revokes a token that was minted but will not be stored. Failures are logged: the next attempt's sweep finds it. */
async function undoMint(
  ctx: StepContext,
  sessions: RotationSessions,
  housekeeping: VaultSession | undefined,
  minted: MintedToken,
): Promise<void> {
  const { deps, signal } = ctx;
  const session = housekeeping ?? (sessions.minterOnVaultDns ? sessions.minter : undefined);
  try {
    if (session === undefined) throw new RotationError('no session can reach the Vault the token works on');
    await revokeTokens(session, [minted], signal, deps.logger, 'new token that was not stored');
  } catch (error) {
    deps.logger.error('Could not revoke the new token that was not stored; the next attempt sweeps it', {
      tokenId: minted.id,
      tokenName: minted.name,
      ...describeError(error),
    });
  }
}
