// The one answer to "may this token be revoked?", used by every path that revokes (the pre-mint sweep, finishSecret,
// the token cap, a lost mint answer, the undo of a token that was not stored). Pure: the callers gather the facts
// (DescribeSecret's labels, the stored token ids they read, Vault's rows) and do the revoking.
//
// Ownership, checked on every row Vault returned and never trusted from the query: the name carries this secret's
// prefix AND the token belongs to the expected user AND it is active. Then a token is kept while any step can still
// store or promote it:
// - a version labelled AWSCURRENT, AWSPENDING, or (except in `immediately` mode) AWSPREVIOUS protects the token whose
//   id it stores, and, while its stored id is not known (no value yet, or not read), every token carrying its name:
//   an overlapping createSecret may be about to store one of them;
// - once a version's value is known, a token with its name but another id can never be stored (Secrets Manager refuses
//   a second value for a version id): it is a dead duplicate, revoked in every mode.
// Everything else of this secret is stale: the token of a version no label references (or that no longer exists),
// and AWSPREVIOUS's in `immediately` mode. `never` mode keeps stale tokens until they expire, except at the token cap.
// finishSecret keeps tokens of versions its facts do not list (keepUnknownVersions) unless it read the labels again
// after its token list: they may be a newer rotation's.

import type { TokenRecord } from '../../../shared/types.js';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, type RevokePrevious } from '../../../shared/rotated-secret/index.js';

/** What the caller knows of one version: its labels and, when it read the value, the token id stored there. */
export interface VersionFacts {
  readonly stages: readonly string[];
  /**
   * `stored`: the value was read and names this token id (or none: undefined). `empty`: read, the version has no value
   * yet. `unknown`: not read.
   */
  readonly value: { readonly state: 'stored'; readonly tokenId: string | undefined } | { readonly state: 'empty' | 'unknown' };
}

export interface RevocationFacts {
  readonly versions: Readonly<Record<string, VersionFacts>>;
  /** Rows as Vault returned them. */
  readonly listed: readonly TokenRecord[];
  readonly mode: RevokePrevious;
  /** The Vault user this secret's tokens belong to. */
  readonly owner: string;
  /** This secret's token-name prefix. */
  readonly prefix: string;
  /** The deterministic token name of a version of this secret. */
  readonly tokenName: (versionId: string) => string;
  /** Ids of tokens this invocation minted and certainly did not store. */
  readonly abandoned?: readonly string[];
  /** Vault refused a mint at the token cap: `never` mode revokes stale tokens after all. */
  readonly atTokenCap?: boolean;
  /**
   * Keep tokens named for a version `versions` does not list. finishSecret judges by a DescribeSecret taken before
   * its AWSCURRENT move, and a RotateSecret may start a newer version after the move: it keeps them unless it has
   * read the labels again after its token list (then a version with no label is stale, and a newer rotation's
   * version carries AWSPENDING). createSecret's sweep judges while its own AWSPENDING blocks new rotations.
   */
  readonly keepUnknownVersions?: boolean;
}

export type RevocationReason =
  | 'duplicate of a stored version'
  | 'minted but not stored'
  | 'version no label references'
  | 'AWSPREVIOUS (revokePrevious: immediately)';

export interface Revocation {
  readonly token: TokenRecord;
  readonly reason: RevocationReason;
}

const PROTECTING = (mode: RevokePrevious) =>
  mode === 'immediately' ? [AWSCURRENT, AWSPENDING] : [AWSCURRENT, AWSPENDING, AWSPREVIOUS];

export function isOwnedRow(token: TokenRecord, owner: string, prefix: string): boolean {
  return token.name.startsWith(prefix) && token.userId === owner && token.status === 'active__v';
}

export function tokensToRevoke(facts: RevocationFacts): Revocation[] {
  const versions = Object.entries(facts.versions);
  const protecting = PROTECTING(facts.mode);
  const isProtected = ([, v]: [string, VersionFacts]) => v.stages.some((stage) => protecting.includes(stage));
  const storedIds = new Set(
    versions.flatMap(([, v]) => (isProtected(['', v]) && v.value.state === 'stored' && v.value.tokenId ? [v.value.tokenId] : [])),
  );
  const seen = new Set<string>();
  const out: Revocation[] = [];
  for (const token of facts.listed) {
    if (seen.has(token.id) || !isOwnedRow(token, facts.owner, facts.prefix)) continue;
    seen.add(token.id);
    const reason = verdict(token, facts, versions, storedIds, isProtected);
    if (reason !== undefined) out.push({ token, reason });
  }
  return out;
}

function verdict(
  token: TokenRecord,
  facts: RevocationFacts,
  versions: readonly [string, VersionFacts][],
  storedIds: ReadonlySet<string>,
  isProtected: (entry: [string, VersionFacts]) => boolean,
): RevocationReason | undefined {
  if (storedIds.has(token.id)) return undefined;
  const named = versions.filter(([id]) => facts.tokenName(id) === token.name);
  const protectingVersion = named.find(isProtected);
  if (protectingVersion !== undefined) {
    const value = protectingVersion[1].value;
    // Its stored id is not this one, and a version's value never changes: this token can never be stored.
    if (value.state === 'stored' && value.tokenId !== undefined) return 'duplicate of a stored version';
  }
  // Only the invocation that minted it holds its value, and that one gave up storing it.
  if (facts.abandoned?.includes(token.id)) return 'minted but not stored';
  if (protectingVersion !== undefined) return undefined;
  if (named.length === 0 && facts.keepUnknownVersions === true) return undefined;
  if (facts.mode === 'never' && !facts.atTokenCap) return undefined;
  if (named.some(([, v]) => v.stages.includes(AWSPREVIOUS))) return 'AWSPREVIOUS (revokePrevious: immediately)';
  return 'version no label references';
}

/**
 * Protected versions whose stored id the caller should read before revoking: the value was not read and the listed
 * rows do not settle which token it stores: none carries the version's name (a version written by hand may name any
 * token), or several do (all but the stored one are dead duplicates, left by an attempt that died after its mint). In
 * steady state there are none.
 */
export function versionsToRead(facts: RevocationFacts): string[] {
  return unreadProtected(facts)
    .filter(([, named]) => named !== 1)
    .map(([id]) => id);
}

/** Some protected, unread version has several rows carrying its name: reading it may show dead duplicates to revoke. */
export function hidesDuplicates(facts: RevocationFacts): boolean {
  return unreadProtected(facts).some(([, named]) => named > 1);
}

/** Protected versions whose value was not read, each with how many owned listed rows carry its name. */
function unreadProtected(facts: RevocationFacts): [string, number][] {
  const protecting = PROTECTING(facts.mode);
  const owned = new Map<string, TokenRecord>();
  for (const row of facts.listed) if (isOwnedRow(row, facts.owner, facts.prefix)) owned.set(row.id, row);
  return Object.entries(facts.versions)
    .filter(([, v]) => v.value.state === 'unknown' && v.stages.some((stage) => protecting.includes(stage)))
    .map(([id]): [string, number] => [id, [...owned.values()].filter((row) => row.name === facts.tokenName(id)).length]);
}
