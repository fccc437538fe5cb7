// Minting one rotation's token, with the two recoveries the mint call needs:
// - a lost answer (VaultMintOutcomeUnknownError): a token may exist anyway. While the version has no stored value an
//   overlapping invocation may store a token of that name, so the policy keeps it; once a value is stored, the lost
//   one is a dead duplicate, revoked here if the value is already there, else by finishSecret;
// - Vault's 25-token cap (OPERATION_NOT_ALLOWED, confirmed by counting the owner's active tokens): revoke what the
//   policy allows at the cap and try once more, else fail with a message naming the cap and the user;
// - a lifetime the security profile refuses (OPERATION_NOT_ALLOWED below the cap): a default lifetime is tried once
//   more with the shorter fallback when one still outlives the schedule, else fail naming tokenLifetime.

import { isVaultErrorOfType, VaultMintOutcomeUnknownError } from '../../../../shared/errors.js';
import { registerSecretValue } from '../../../../shared/redaction/redact.js';
import { isVeevaIdMintRefusal } from '../../../../shared/tokens/mint.js';
import type { MintedToken, MintRequest, MintTarget, TokenRecord } from '../../../../shared/types.js';
import type { GuardedSession } from '../../fleet/guarded-session.js';
import { type RotatedSecretConfig, rotationTokenName, tokenIdOf } from '../../../../shared/rotated-secret/index.js';
import { RotationError, SecretValueError } from '../../errors.js';
import type { StepContext } from '../../context.js';
import type { RotationSessions } from '../../fleet/sessions.js';
import { withValue } from '../../revocation/versions.js';
import { minterError } from './owner.js';
import { pendingValue } from '../../secrets-manager.js';
import { lifetimeRefusedError, type MintLifetime } from './lifetime.js';
import { describeError, type RotationLogger } from '../../telemetry/logging.js';
import { listAndRevoke, type PolicyFacts, revokeAsPolicySays, type VersionReader } from '../../revocation/revoke.js';

/** Vault's documented maximum of active API access tokens per user. */
export const TOKEN_CAP = 25;

/**
 * Mints the token of the version being rotated: builds its plan (name, expiry, target, how to refresh the facts after
 * a lost answer) from the step context, and turns the minting credential's refusals into the rotator's messages.
 */
export async function mintForVersion(
  ctx: StepContext,
  config: RotatedSecretConfig,
  sessions: RotationSessions,
  lifetime: MintLifetime,
  facts: PolicyFacts,
  housekeeping: GuardedSession | undefined,
  proveOwner?: (rows: readonly TokenRecord[]) => Promise<void>,
): Promise<MintedToken> {
  const { deps, signal, secretArn, versionId } = ctx;
  const from = deps.now();
  try {
    return await mintRotationToken(
      sessions.minter,
      {
        request: {
          name: rotationTokenName(secretArn, versionId),
          expiresAt: new Date(from.getTime() + lifetime.ms),
          target: mintTarget(config),
        },
        versionId,
        facts,
        lifetime: { plan: lifetime, from, vaultDns: config.parentVaultDns ?? config.vaultDns },
        read: ctx.versions.read,
        ...(proveOwner === undefined ? {} : { proveOwner }),
        housekeeping: housekeeping ?? (sessions.minterOnVaultDns ? sessions.minter : undefined),
        refreshFacts: async () => {
          const pending = await pendingValue(deps.secretsManager, secretArn, versionId, signal);
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
    if (config.sandboxName !== undefined && isVaultErrorOfType(error, 'INVALID_DATA')) {
      // Vault answers INVALID_DATA "Sandbox … not found" to a sandbox name it does not know (or will not take, e.g.
      // one with an emoji); the only value a sandbox mint sends that the secret controls is that name.
      throw new SecretValueError(
        `Secret ${secretArn} (AWSCURRENT)`,
        'sandboxName',
        `Vault ${config.parentVaultDns ?? config.vaultDns} refused it (INVALID_DATA: no sandbox of that name). Nothing was minted. Correct sandboxName to the sandbox's name as Vault lists it, then rotate again.`,
      );
    }
    throw minterError(ctx, config, sessions, facts.owner, error);
  }
}

function mintTarget(config: RotatedSecretConfig): MintTarget {
  if (config.sandboxName !== undefined) return { kind: 'sandbox', sandboxName: config.sandboxName };
  if (config.forUserId !== undefined) return { kind: 'user', userId: config.forUserId };
  return { kind: 'self' };
}

export interface MintPlan {
  readonly request: MintRequest;
  /** The version being rotated. */
  readonly versionId: string;
  /** What the revocation policy knows before the mint (owner, prefix, labels, stored ids). */
  readonly facts: PolicyFacts;
  /** A session that can list and revoke the owner's tokens on the token's Vault, if there is one. */
  readonly housekeeping: GuardedSession | undefined;
  /** The facts again, with the pending version's value read afresh. */
  readonly refreshFacts: () => Promise<PolicyFacts>;
  /** Reads a version's stored token id when the policy needs it. */
  readonly read: VersionReader;
  /**
   * Set when no Vault row has proven `facts.owner` yet (createSecret's steady state, which lists nothing before the
   * mint): called with the owner's active tokens before anything is revoked at the cap; throws when they do not
   * prove the minting credential belongs to the owner.
   */
  readonly proveOwner?: (rows: readonly TokenRecord[]) => Promise<void>;
  /** The lifetime `request.expiresAt` was made from, and where it was measured from, for a refused lifetime. */
  readonly lifetime?: { readonly plan: MintLifetime; readonly from: Date; readonly vaultDns: string };
}

export async function mintRotationToken(
  minter: GuardedSession,
  plan: MintPlan,
  signal: AbortSignal,
  logger: RotationLogger,
): Promise<MintedToken> {
  try {
    return await mintOnce(minter, plan, plan.request, signal, logger);
  } catch (error) {
    // A VeevaID user: neither the cap nor a lifetime, and nothing to retry; the error's message names VeevaID.
    if (!isVaultErrorOfType(error, 'OPERATION_NOT_ALLOWED') || isVeevaIdMintRefusal(error)) throw error;
    if (plan.housekeeping === undefined) return await mintWithinProfile(minter, plan, error, signal, logger);
    const owner = plan.facts.owner;
    const active = await plan.housekeeping.listTokens({ userId: owner }, { signal });
    // Counting (and revoking) the owner's tokens means something only once the minter is known to be the owner.
    await plan.proveOwner?.(active);
    if (active.length < TOKEN_CAP) return await mintWithinProfile(minter, plan, error, signal, logger);
    logger.warn('Vault user is at the API access token cap; revoking stale tokens of this secret and minting again', {
      userId: owner,
      activeTokens: active.length,
      tokenCap: TOKEN_CAP,
    });
    const revoked = await revokeAsPolicySays(
      plan.housekeeping,
      { ...plan.facts, listed: active, atTokenCap: true },
      signal,
      logger,
      plan.read,
    );
    if (revoked === 0) throw capReachedError(owner, active.length, error);
    return await mintOnce(minter, plan, plan.request, signal, logger);
  }
}

/** Below the cap, OPERATION_NOT_ALLOWED most likely means the expiry is beyond what the security profile allows. */
async function mintWithinProfile(
  minter: GuardedSession,
  plan: MintPlan,
  refusal: unknown,
  signal: AbortSignal,
  logger: RotationLogger,
): Promise<MintedToken> {
  const lifetime = plan.lifetime;
  if (lifetime === undefined) throw refusal;
  const fallbackMs = lifetime.plan.fallbackMs;
  if (fallbackMs === undefined) throw lifetimeRefusedError(lifetime.plan, lifetime.vaultDns, refusal);
  logger.warn(
    'Vault refused the default token lifetime (OPERATION_NOT_ALLOWED, not the token cap); minting once more with the shorter fallback. Set tokenLifetime to what the security profile allows to skip this',
    { requestedLifetimeMs: lifetime.plan.ms, fallbackLifetimeMs: fallbackMs },
  );
  const request = { ...plan.request, expiresAt: new Date(lifetime.from.getTime() + fallbackMs) };
  try {
    return await mintOnce(minter, plan, request, signal, logger);
  } catch (error) {
    if (!isVaultErrorOfType(error, 'OPERATION_NOT_ALLOWED') || isVeevaIdMintRefusal(error)) throw error;
    throw lifetimeRefusedError(lifetime.plan, lifetime.vaultDns, error);
  }
}

async function mintOnce(
  minter: GuardedSession,
  plan: MintPlan,
  request: MintRequest,
  signal: AbortSignal,
  logger: RotationLogger,
): Promise<MintedToken> {
  try {
    const minted = await minter.mintToken(request, { signal });
    registerSecretValue(minted.token.reveal(), { anyLength: true });
    logger.info('Minted a token', { tokenId: minted.id, tokenName: minted.name, expiresAt: minted.expiresAt });
    return minted;
  } catch (error) {
    if (error instanceof VaultMintOutcomeUnknownError) await revokeLost(plan, signal, logger);
    throw error;
  }
}

async function revokeLost(plan: MintPlan, signal: AbortSignal, logger: RotationLogger): Promise<void> {
  const session = plan.housekeeping;
  const later = 'it is revoked as a duplicate once this version stores a value (by finishSecret)';
  if (session === undefined) {
    logger.warn(`The mint answer was lost and no session can look the token up now; ${later}`, {
      tokenName: plan.request.name,
    });
    return;
  }
  try {
    const facts = await plan.refreshFacts();
    const pending = Object.hasOwn(facts.versions, plan.versionId) ? facts.versions[plan.versionId] : undefined;
    if (pending?.value.state !== 'stored') {
      logger.warn(`The mint answer was lost; if a token was made anyway, ${later}`, { tokenName: plan.request.name });
      return;
    }
    await listAndRevoke(session, { name: plan.request.name }, facts, signal, logger);
  } catch (error) {
    logger.warn(`Could not look up the token whose mint answer was lost; ${later}`, {
      tokenName: plan.request.name,
      ...describeError(error),
    });
  }
}

function capReachedError(owner: string, active: number, cause: unknown): RotationError {
  return new RotationError(
    [
      `Vault refused to mint: user ${owner} has ${active} active API access tokens and Vault allows at most ${TOKEN_CAP} per user.`,
      'None of them is a stale token of this secret that the rotator may revoke, so nothing was minted and the secret is unchanged.',
      `Delete API access tokens that user ${owner} no longer needs (Vault UI: user profile > API Access Tokens), then rotate again.`,
    ].join(' '),
    { cause },
  );
}
