// createSecret: mint the next token and store it as AWSPENDING. Re-entrant: a retry finds the stored value and stops.
// Order matters: everything in the secret is validated before any Vault call; the credential's user is checked
// against userId before anything is revoked or minted; the sweep never revokes a token of this version while its
// value is not stored (an overlapping attempt may be about to store it); a token that will not be stored is revoked.

import { isInvalidSession, isVaultErrorOfType } from '../../shared/errors.js';
import type { MintedToken, MintTarget, TokenRecord, VaultSession } from '../../shared/types.js';
import { RotationError, SecretValueError } from './errors.js';
import { tokenLifetimeMs } from './lifetime.js';
import { describeError } from './logging.js';
import { mintRotationToken } from './mint.js';
import { reBootstrapError } from './re-bootstrap.js';
import { type PolicyFacts, revokeAsPolicySays } from './revoke.js';
import { nextSecretString, parseSecretValue, type RotatedSecretConfig } from './secret-value.js';
import {
  AWSCURRENT,
  AWSPENDING,
  getSecretString,
  isDefinitiveRefusal,
  isResourceNotFound,
  putSecretValue,
  versionWithStage,
} from './secrets-store.js';
import { rotationTokenName, secretTokenPrefix } from './token-names.js';
import type { StepContext } from './types.js';
import { tokenIdOf, versionReader, versionsFromDescription, withValue } from './version-facts.js';
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
  const where = `Secret ${secretArn} (AWSCURRENT)`;
  const { config, preserved } = parseSecretValue(currentString, where);
  const lifetimeMs = tokenLifetimeMs(config.tokenLifetimeMs, ctx.description.RotationRules, deps.now(), where);

  const sessions = await openRotationSessions(ctx, config);
  try {
    const result = await mintNextToken(ctx, config, sessions, lifetimeMs);
    await storePending(ctx, result, () => nextSecretString(preserved, result.minted, result.facts.owner));
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
  readonly facts: PolicyFacts;
  /** Lists and revokes on vaultDns: the current token, or the new one when the current is no longer accepted. */
  readonly housekeeping: VaultSession | undefined;
}

/** What the policy knows at the start: labels from DescribeSecret, AWSCURRENT's stored id, this version empty. */
function initialFacts(ctx: StepContext, config: RotatedSecretConfig, owner: string): PolicyFacts {
  let versions = versionsFromDescription(ctx.description);
  const currentVersionId = versionWithStage(ctx.description, AWSCURRENT);
  if (currentVersionId !== undefined) {
    versions = withValue(versions, currentVersionId, { state: 'stored', tokenId: config.tokenId });
  }
  versions = withValue(versions, ctx.versionId, { state: 'empty' });
  return {
    versions,
    mode: config.revokePrevious,
    owner,
    prefix: secretTokenPrefix(ctx.secretArn),
    tokenName: (versionId) => rotationTokenName(ctx.secretArn, versionId),
  };
}

async function mintNextToken(
  ctx: StepContext,
  config: RotatedSecretConfig,
  sessions: RotationSessions,
  lifetimeMs: number,
): Promise<MintResult> {
  const { deps, signal, secretArn } = ctx;
  const logger = deps.logger;
  const sweeps = config.revokePrevious !== 'never';
  const prefix = secretTokenPrefix(secretArn);
  let housekeeping = sessions.current;
  let listed: TokenRecord[] | undefined;
  const expected = config.forUserId ?? config.userId;

  // Steady state: one query lists this secret's tokens AND proves who the current token belongs to (its row).
  if (housekeeping !== undefined && expected !== undefined && sweeps) {
    try {
      listed = await housekeeping.listTokens({ userId: expected, namePrefix: prefix }, { signal });
    } catch (error) {
      housekeeping = fallBackFromCurrent(ctx, config, sessions, expected, error);
    }
  }
  const owner = await verifiedOwner(ctx, config, sessions, listed);
  const facts = initialFacts(ctx, config, owner);

  // Sweep BEFORE minting, so stale tokens never pile up toward the cap.
  if (housekeeping !== undefined && sweeps) {
    try {
      listed ??= await housekeeping.listTokens({ userId: owner, namePrefix: prefix }, { signal });
      await revokeAsPolicySays(housekeeping, { ...facts, listed }, signal, logger, versionReader(ctx));
    } catch (error) {
      housekeeping = fallBackFromCurrent(ctx, config, sessions, owner, error);
    }
  }

  const minted = await mint(ctx, config, sessions, lifetimeMs, facts, housekeeping);

  if (housekeeping === undefined) {
    // The current token could not clean up (or there is none); the new one can: same user, on vaultDns.
    try {
      housekeeping = await sessions.open(config.vaultDns, { kind: 'token', token: minted.token });
      if (sweeps) {
        const all = await housekeeping.listTokens({ userId: owner, namePrefix: prefix }, { signal });
        await revokeAsPolicySays(housekeeping, { ...facts, listed: all }, signal, logger, versionReader(ctx));
      }
    } catch (error) {
      await undoMint(ctx, { minted, facts, housekeeping }, 'the sweep with the new token failed');
      throw error;
    }
  }
  return { minted, facts, housekeeping };
}

/**
 * The user the new token belongs to, checked against the secret before anything is revoked or minted: forUserId when
 * set; else the minting credential's own user, which must be the stored userId. The current token's row in Vault's
 * list proves that without a call when the current token is the minter.
 */
async function verifiedOwner(
  ctx: StepContext,
  config: RotatedSecretConfig,
  sessions: RotationSessions,
  listed: readonly TokenRecord[] | undefined,
): Promise<string> {
  if (config.forUserId !== undefined) return config.forUserId;
  const expected = config.userId;
  const provenByRow =
    expected !== undefined &&
    !sessions.mintsWithCredentials &&
    config.tokenId !== undefined &&
    listed?.some((row) => row.id === config.tokenId && row.userId === expected) === true;
  if (provenByRow) return expected;
  let actual: string;
  try {
    actual = (await sessions.minter.whoAmI({ signal: ctx.signal })).userId;
  } catch (error) {
    throw minterError(ctx, config, sessions, expected, error);
  }
  if (expected !== undefined && actual !== expected) {
    throw new SecretValueError(
      `Secret ${ctx.secretArn} (AWSCURRENT)`,
      'userId',
      `must be the Vault user the tokens belong to: the ${sessions.mintsWithCredentials ? 'credentials secret' : 'current token'} belongs to user ${actual}, not user ${expected}. Nothing was revoked or minted. Correct userId (or remove it: the rotator fills it in), then rotate again.`,
    );
  }
  return actual;
}

/** The current token failed: if it is no longer accepted and the credentials secret can mint, carry on without it. */
function fallBackFromCurrent(
  ctx: StepContext,
  config: RotatedSecretConfig,
  sessions: RotationSessions,
  owner: string | undefined,
  error: unknown,
): undefined {
  if (!isInvalidSession(error)) throw error;
  if (!sessions.mintsWithCredentials) throw reBootstrapError(ctx, config, owner, error);
  ctx.deps.logger.warn('The current token is no longer accepted by Vault; minting with the credentials secret', {
    ...describeError(error),
  });
  return undefined;
}

async function mint(
  ctx: StepContext,
  config: RotatedSecretConfig,
  sessions: RotationSessions,
  lifetimeMs: number,
  facts: PolicyFacts,
  housekeeping: VaultSession | undefined,
): Promise<MintedToken> {
  const { deps, signal, secretArn, versionId } = ctx;
  try {
    return await mintRotationToken(
      sessions.minter,
      {
        request: {
          name: rotationTokenName(secretArn, versionId),
          expiresAt: new Date(deps.now().getTime() + lifetimeMs),
          target: mintTarget(config),
        },
        versionId,
        facts,
        read: versionReader(ctx),
        housekeeping: housekeeping ?? (sessions.minterOnVaultDns ? sessions.minter : undefined),
        refreshFacts: async () => {
          const pending = await readPending(ctx);
          const value = pending === undefined ? { state: 'empty' as const } : { state: 'stored' as const, tokenId: tokenIdOf(pending) };
          return { ...facts, versions: withValue(facts.versions, versionId, value) };
        },
      },
      signal,
      deps.logger,
    );
  } catch (error) {
    if (config.forUserId !== undefined && isVaultErrorOfType(error, 'USER_NOT_FOUND')) {
      throw new SecretValueError(
        `Secret ${secretArn} (AWSCURRENT)`,
        'forUserId',
        `Vault ${config.vaultDns} has no user with this id (USER_NOT_FOUND). Nothing was minted. Correct forUserId, then rotate again.`,
      );
    }
    throw minterError(ctx, config, sessions, facts.owner, error);
  }
}

/** An invalid session of the minting credential: re-bootstrap by hand, or fix the credentials secret. */
function minterError(
  ctx: StepContext,
  config: RotatedSecretConfig,
  sessions: RotationSessions,
  owner: string | undefined,
  error: unknown,
): unknown {
  if (!isInvalidSession(error)) return error;
  if (!sessions.mintsWithCredentials) return reBootstrapError(ctx, config, owner, error);
  return new RotationError(
    `Vault ${config.parentVaultDns ?? config.vaultDns} did not accept the credentials in ${config.credentialsSecretArn} (invalid session): the token there expired or was revoked. Put a valid token or username/password in that secret, then rotate again.`,
    { cause: error },
  );
}

function mintTarget(config: RotatedSecretConfig): MintTarget {
  if (config.sandboxName !== undefined) return { kind: 'sandbox', sandboxName: config.sandboxName };
  if (config.forUserId !== undefined) return { kind: 'user', userId: config.forUserId };
  return { kind: 'self' };
}

async function storePending(ctx: StepContext, result: MintResult, secretString: () => string): Promise<void> {
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
    const pending = await readPending(ctx);
    return pending !== undefined && tokenIdOf(pending) === tokenId ? 'yes' : 'no';
  } catch {
    return 'unknown';
  }
}

/** Revokes a token this invocation minted and will not store. Failures are logged: the sweep finds it later. */
async function undoMint(
  ctx: StepContext,
  result: { minted: MintedToken; facts: PolicyFacts; housekeeping: VaultSession | undefined },
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
    deps.logger.error(`Could not revoke the new token (${why}); the next sweep revokes it`, {
      tokenId: minted.id,
      tokenName: minted.name,
      ...describeError(error),
    });
  }
}
