// createSecret: mint the next token and store it as AWSPENDING. Re-entrant: a retry finds the stored value and stops.
// Order matters: everything in the secret is validated before any Vault call; the credential's user is checked
// against userId before anything is revoked or minted; the sweep never revokes a token of this version while its
// value is not stored (an overlapping attempt may be about to store it); a token that will not be stored is revoked.

import { isVaultErrorOfType } from '../../../../shared/errors.js';
import type { MintedToken, MintTarget, TokenRecord, VaultSession } from '../../../../shared/types.js';
import { acceptedSecretValue, SecretValueError } from '../../errors.js';
import { type MintLifetime, mintLifetime } from './lifetime.js';
import { mintRotationToken } from './mint.js';
import { fallBackFromCurrent, minterError, verifiedOwner } from './owner.js';
import { type PolicyFacts, revokeAsPolicySays } from '../../revocation/revoke.js';
import {
  AWSCURRENT,
  nextSecretString,
  parseSecretValue,
  type RotatedSecretConfig,
  rotationTokenName,
  secretTokenPrefix,
  tokenIdOf,
  versionWithStage,
} from '../../../../shared/rotated-secret/index.js';
import { getSecretString } from '../../secrets-manager.js';
import { type MintResult, readPending, storePending, undoMint } from './store-pending.js';
import type { StepContext } from '../../context.js';
import { versionReader, versionsFromDescription, withValue } from '../../revocation/versions.js';
import { openRotationSessions, type RotationSessions } from '../../fleet/sessions.js';

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
  const { config, preserved } = acceptedSecretValue(parseSecretValue(currentString), where);
  const lifetime = mintLifetime(config.tokenLifetimeMs, ctx.description.RotationRules, deps.now(), where);

  const sessions = await openRotationSessions(ctx, config);
  try {
    const result = await mintNextToken(ctx, config, sessions, lifetime);
    await storePending(ctx, result, () => nextSecretString(preserved, result.minted, result.facts.owner));
  } finally {
    await sessions.close();
  }
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
  lifetime: MintLifetime,
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

  const minted = await mint(ctx, config, sessions, lifetime, facts, housekeeping);

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

async function mint(
  ctx: StepContext,
  config: RotatedSecretConfig,
  sessions: RotationSessions,
  lifetime: MintLifetime,
  facts: PolicyFacts,
  housekeeping: VaultSession | undefined,
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

function mintTarget(config: RotatedSecretConfig): MintTarget {
  if (config.sandboxName !== undefined) return { kind: 'sandbox', sandboxName: config.sandboxName };
  if (config.forUserId !== undefined) return { kind: 'user', userId: config.forUserId };
  return { kind: 'self' };
}

