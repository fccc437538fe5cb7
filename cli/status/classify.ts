// Pure decisions of `status` and `audit`: what state each token is in, and what deserves a warning. No I/O, no
// clock: `now` is passed in, so the property tests can drive them.
import { isoDate } from '../dates.js';

import { AWSCURRENT, AWSPENDING } from '../../shared/rotated-secret/index.js';
import { DAY_MS, HOUR_MS } from '../../shared/time/duration.js';

export type TokenState = 'active' | 'expired' | 'orphaned' | 'revoked';

export interface TokenFacts {
  readonly id: string;
  readonly name: string;
  /** Vault's status__v: active__v, inactive__v, … */
  readonly status: string;
  /** ISO-8601, or undefined for a token that never expires. */
  readonly expiresAt: string | undefined;
}

export interface ClassifiedToken extends TokenFacts {
  readonly state: TokenState;
  /** Staging labels of the versions that hold this token (empty when none does). */
  readonly heldBy: readonly string[];
}

/**
 * revoked: Vault no longer has it active. expired: past its expiry. orphaned: active and unexpired, but held by no
 * labelled version of the secret (nothing reads it; the rotator revokes it at a later rotation). active: otherwise.
 */
export function classifyToken(token: TokenFacts, heldBy: readonly string[], now: number): ClassifiedToken {
  const expired = token.expiresAt !== undefined && Date.parse(token.expiresAt) <= now;
  const state: TokenState =
    token.status !== 'active__v' ? 'revoked' : expired ? 'expired' : heldBy.length === 0 ? 'orphaned' : 'active';
  return { ...token, state, heldBy };
}

export interface VersionFacts {
  readonly versionId: string;
  readonly stages: readonly string[];
  readonly tokenId: string | undefined;
  readonly expiresAt: string | undefined;
  /** ms since epoch, when known. */
  readonly createdAt: number | undefined;
}

export interface SecretFacts {
  readonly rotationEnabled: boolean;
  /** ms since epoch, when rotation is scheduled. */
  readonly nextRotation: number | undefined;
  readonly versions: readonly VersionFacts[];
  /** undefined when Vault was not asked (or could not be). */
  readonly tokens: readonly ClassifiedToken[] | undefined;
  /** Why Vault could not be asked, when it could not. */
  readonly vaultProblem: string | undefined;
  /**
   * Labelled versions holding a token Vault accepts that is not the rotator's (not named for this secret, or no
   * tokenId): the rotator never revokes those. Only known when Vault was asked.
   */
  readonly foreignTokens?: readonly ForeignToken[];
}

export interface ForeignToken {
  readonly versionId: string;
  readonly stages: readonly string[];
  readonly tokenId: string | undefined;
}

export type WarningCode =
  | 'rotation-disabled'
  | 'no-current-token'
  | 'current-not-owned'
  | 'current-expired'
  | 'expires-before-next-rotation'
  | 'pending-stuck'
  | 'rotation-in-progress'
  | 'foreign-token'
  | 'orphaned-tokens'
  | 'current-not-active-in-vault'
  | 'vault-unreachable';

export interface Warning {
  readonly code: WarningCode;
  readonly message: string;
}

/** AWSPENDING away from AWSCURRENT for longer than this is stuck, not in progress. */
export const PENDING_STUCK_MS = HOUR_MS;

export function secretWarnings(facts: SecretFacts, now: number): Warning[] {
  const warnings: Warning[] = [];
  const warn = (code: WarningCode, message: string) => warnings.push({ code, message });
  if (!facts.rotationEnabled) warn('rotation-disabled', 'rotation is not enabled: the token is never replaced');
  const current = facts.versions.find((v) => v.stages.includes(AWSCURRENT));
  if (current === undefined) warn('no-current-token', 'no version is labelled AWSCURRENT');
  else if (current.tokenId === undefined) {
    warn('current-not-owned', 'AWSCURRENT holds no tokenId: a hand-made token the rotator does not track');
  }
  const expiry = current?.expiresAt === undefined ? undefined : Date.parse(current.expiresAt);
  if (expiry !== undefined && expiry <= now) warn('current-expired', `The AWSCURRENT token expired at ${isoDate(expiry)}.`);
  else if (expiry !== undefined && facts.rotationEnabled && facts.nextRotation !== undefined && expiry <= facts.nextRotation) {
    warn(
      'expires-before-next-rotation',
      `The AWSCURRENT token expires (${isoDate(expiry)}) before the next rotation (${isoDate(facts.nextRotation)}).`,
    );
  }
  const pending = facts.versions.find((v) => v.stages.includes(AWSPENDING) && !v.stages.includes(AWSCURRENT));
  // Stuck, not in progress: older than an hour, of unknown age, or left behind by a rotation that was turned off.
  const stale = pending !== undefined && (pending.createdAt === undefined || now - pending.createdAt > PENDING_STUCK_MS);
  if (pending !== undefined && (stale || !facts.rotationEnabled)) {
    warn('pending-stuck', `AWSPENDING is stuck on version ${pending.versionId}: the next rotation cannot start`);
  } else if (pending !== undefined) {
    // Whatever its age: a rotation that just failed looks the same as one still running, until an hour has passed.
    warn(
      'rotation-in-progress',
      `a rotation is in progress, or stuck: AWSPENDING is on version ${pending.versionId}; if it stays, see the rotation function's log`,
    );
  }
  for (const foreign of facts.foreignTokens ?? []) {
    const which = foreign.tokenId === undefined ? 'a token with no tokenId' : `token ${foreign.tokenId}`;
    warn(
      'foreign-token',
      `${foreign.stages.join(', ')} (version ${foreign.versionId}) holds ${which}, which Vault accepts and which is not the rotator's: the rotator will not revoke it; revoke it in Vault once nothing uses it`,
    );
  }
  if (facts.vaultProblem !== undefined) {
    warn('vault-unreachable', `Vault could not be asked about the secret's tokens: ${facts.vaultProblem.replace(/\.$/, '')}.`);
  }
  if (facts.tokens !== undefined) {
    const orphans = facts.tokens.filter((t) => t.state === 'orphaned');
    if (orphans.length > 0) {
      warn('orphaned-tokens', `${orphans.length} active token(s) held by no labelled version: ${orphans.map((t) => t.id).join(', ')}`);
    }
    const currentToken = facts.tokens.find((t) => t.id === current?.tokenId);
    if (current?.tokenId !== undefined && (currentToken === undefined || currentToken.state !== 'active')) {
      warn('current-not-active-in-vault', `the AWSCURRENT token ${current.tokenId} is not active in Vault`);
    }
  }
  return warnings;
}

/** Whole days from now until `iso` (negative once past); undefined for never. */
export function daysLeft(iso: string | undefined, now: number): number | undefined {
  if (iso === undefined) return undefined;
  return Math.floor((Date.parse(iso) - now) / DAY_MS);
}
