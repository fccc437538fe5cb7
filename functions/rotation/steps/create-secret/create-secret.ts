// createSecret: mint the next token and store it as AWSPENDING. Re-entrant: a retry finds the stored value and stops.
// Order matters: everything in the secret is validated before any Vault call; the credential's user is checked
// against userId before anything is revoked or minted; the sweep never revokes a token of this version while its
// value is not stored (an overlapping attempt may be about to store it); a token that will not be stored is revoked.

import type { MintedToken, TokenRecord } from '../../../../shared/types.js';
import type { GuardedSession } from '../../fleet/guarded-session.js';
import { acceptedSecretValue } from '../../errors.js';
import { mintLifetime } from './lifetime.js';
import { mintForVersion } from './mint.js';
import { currentTokenFailure, verifiedOwner } from './owner.js';
import { type PolicyFacts, revokeAsPolicySays } from '../../revocation/revoke.js';
import {
  AWSCURRENT,
  nextSecretString,
  parseSecretValue,
  type RotatedSecretConfig,
  secretTokenPrefix,
} from '../../../../shared/rotated-secret/index.js';
import { getSecretString, pendingValue } from '../../secrets-manager.js';
import { storePending, undoMint } from './store-pending.js';
import type { StepContext } from '../../context.js';
import { factsBeforeMint } from '../../revocation/versions.js';
import { whySweep } from '../../revocation/when-to-sweep.js';
import { openRotationSessions, type RotationSessions } from '../../fleet/sessions.js';

export async function createSecret(ctx: StepContext): Promise<void> {
  const { deps, secretArn, signal } = ctx;
  const logger = deps.logger;
  if ((await pendingValue(deps.secretsManager, secretArn, ctx.versionId, signal)) !== undefined) {
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
    const { facts, housekeeping: current, ownerUnproven } = await sweepBeforeMint(ctx, config, sessions);
    // Before anything is revoked at the token cap, the current token's row proves the stored userId (or whoAmI does).
    const proveOwner = ownerUnproven
      ? async (rows: readonly TokenRecord[]) => void (await verifiedOwner(ctx, config, sessions, rows))
      : undefined;
    const minted = await mintForVersion(ctx, config, sessions, lifetime, facts, current, proveOwner);
    const housekeeping = current ?? (await sweepWithNewToken(ctx, config, sessions, minted, facts));
    await storePending(ctx, { minted, facts, housekeeping }, () => nextSecretString(preserved, minted, facts.owner));
  } finally {
    await sessions.close();
  }
}

/** Where the current token fails and the credentials secret can mint, it is dropped: no session keeps house. */
async function withoutFailedCurrent<T>(
  ctx: StepContext,
  config: RotatedSecretConfig,
  sessions: RotationSessions,
  owner: string | undefined,
  work: () => Promise<T>,
): Promise<{ readonly ok: true; readonly value: T } | { readonly ok: false }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const failure = currentTokenFailure(ctx, config, sessions, owner, error);
    if (!failure.carryOn) throw failure.error;
    return { ok: false };
  }
}

/**
 * Proves who the tokens belong to, then sweeps this secret's stale tokens with the current token BEFORE minting, so
 * they never pile up toward the cap. The session that keeps house is the current token's, or none once Vault no
 * longer accepts it (the new token takes over after the mint).
 */
async function sweepBeforeMint(
  ctx: StepContext,
  config: RotatedSecretConfig,
  sessions: RotationSessions,
): Promise<{ facts: PolicyFacts; housekeeping: GuardedSession | undefined; ownerUnproven?: boolean }> {
  const { signal } = ctx;
  const why = whySweep({
    versionId: ctx.versionId,
    stages: ctx.description.VersionIdsToStages ?? {},
    currentTokenMints: sessions.current !== undefined && !sessions.mintsWithCredentials && config.forUserId === undefined,
    userId: config.userId,
    tokenId: config.tokenId,
  });
  if (why === undefined && sessions.current !== undefined && config.userId !== undefined) {
    // Steady state: no Vault call before the mint (when-to-sweep.ts says why that is safe).
    const facts = factsBeforeMint(ctx.versions, ctx.description, ctx.secretArn, ctx.versionId, config, config.userId);
    ctx.deps.logger.debug('createSecret: steady state, no sweep before the mint');
    return { facts, housekeeping: sessions.current, ownerUnproven: true };
  }
  if (why !== undefined) ctx.deps.logger.debug('createSecret: sweeping before the mint', { why });
  const sweeps = config.revokePrevious !== 'never';
  const prefix = secretTokenPrefix(ctx.secretArn);
  let housekeeping = sessions.current;
  let listed: TokenRecord[] | undefined;
  const expected = config.forUserId ?? config.userId;

  // Steady state: one query lists this secret's tokens AND proves who the current token belongs to (its row).
  if (housekeeping !== undefined && expected !== undefined && sweeps) {
    const session = housekeeping;
    const listing = await withoutFailedCurrent(ctx, config, sessions, expected, () =>
      session.listTokens({ userId: expected, namePrefix: prefix }, { signal }),
    );
    if (listing.ok) listed = listing.value;
    else housekeeping = undefined;
  }
  const owner = await verifiedOwner(ctx, config, sessions, listed);
  const facts = factsBeforeMint(ctx.versions, ctx.description, ctx.secretArn, ctx.versionId, config, owner);

  if (housekeeping !== undefined && sweeps) {
    const session = housekeeping;
    const sweep = await withoutFailedCurrent(ctx, config, sessions, owner, async () => {
      const all = listed ?? (await session.listTokens({ userId: owner, namePrefix: prefix }, { signal }));
      await revokeAsPolicySays(session, { ...facts, listed: all }, signal, ctx.deps.logger, ctx.versions.read);
    });
    if (!sweep.ok) housekeeping = undefined;
  }
  return { facts, housekeeping };
}

/**
 * The current token could not clean up (or there is none); the new one can: same user, on vaultDns. Its session keeps
 * house from here; if it cannot, the new token is revoked again and the step fails.
 */
async function sweepWithNewToken(
  ctx: StepContext,
  config: RotatedSecretConfig,
  sessions: RotationSessions,
  minted: MintedToken,
  facts: PolicyFacts,
): Promise<GuardedSession> {
  const { signal } = ctx;
  let housekeeping: GuardedSession | undefined;
  try {
    housekeeping = await sessions.open(config.vaultDns, { kind: 'token', token: minted.token });
    if (config.revokePrevious !== 'never') {
      const filter = { userId: facts.owner, namePrefix: secretTokenPrefix(ctx.secretArn) };
      const all = await housekeeping.listTokens(filter, { signal });
      await revokeAsPolicySays(housekeeping, { ...facts, listed: all }, signal, ctx.deps.logger, ctx.versions.read);
    }
    return housekeeping;
  } catch (error) {
    await undoMint(ctx, { minted, facts, housekeeping }, 'the sweep with the new token failed');
    throw error;
  }
}
