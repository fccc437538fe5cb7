// What main hands to post through the runner's intra-action state: only what revoking needs. The token itself is
// in it (it is the credential that deletes itself); the runner keeps state inside the job and it is already masked.

import type { ActionCore, Env } from '../deps.js';

export interface RevokeState {
  readonly token: string;
  readonly tokenId: string;
  /** ISO-8601 UTC as sent to Vault. */
  readonly expiresAt: string;
  readonly vaultOrigin: string;
  readonly apiVersion: string;
  readonly clientId: string;
}

const KEYS = ['token', 'tokenId', 'expiresAt', 'vaultOrigin', 'apiVersion', 'clientId'] as const;

export type LoadedState =
  | { readonly kind: 'none' }
  | { readonly kind: 'incomplete'; readonly missing: readonly string[] }
  | { readonly kind: 'complete'; readonly state: RevokeState };

/**
 * Without GITHUB_STATE, @actions/core falls back to a `::save-state::` line on stdout, which a runner may ignore: post
 * would then hold nothing. The runner always sets it for node24, so its absence is a failure (main then revokes).
 */
function saveState(core: Pick<ActionCore, 'saveState'>, env: Env, key: string, value: string): void {
  if (env.GITHUB_STATE === undefined || env.GITHUB_STATE === '') {
    throw new Error('GITHUB_STATE is not set, so the runner would hand the post step no state');
  }
  core.saveState(key, value);
}

/** The token first, so that a partial write can only look incomplete, never absent. */
export function saveRevokeState(core: Pick<ActionCore, 'saveState'>, env: Env, state: RevokeState): void {
  for (const key of KEYS) saveState(core, env, key, state[key]);
}

/** Why main saved no token for post: what post then says. Saved only after the token was masked; none is secret. */
export interface SkippedRevoke {
  readonly tokenId: string;
  readonly expiresAt: string;
  /** revoke-false: the input turned revocation off. home-unknown: a sandbox token whose origin is unknown. */
  readonly reason: 'revoke-false' | 'home-unknown';
}

/** Best effort: without it post only says it found no token, so a failure to save it must not fail the step. */
export function saveSkippedRevoke(
  core: Pick<ActionCore, 'saveState' | 'debug'>,
  env: Env,
  skipped: SkippedRevoke,
): void {
  try {
    saveState(core, env, 'tokenId', skipped.tokenId);
    saveState(core, env, 'expiresAt', skipped.expiresAt);
    saveState(core, env, 'skipped', skipped.reason);
  } catch (error) {
    core.debug(`Could not save the step state (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** After main revoked the token itself (a cancelled job), post has nothing left to do. */
export function noteRevokedInMain(core: Pick<ActionCore, 'saveState' | 'debug'>, env: Env, tokenId: string): void {
  try {
    saveState(core, env, 'revokedInMain', tokenId);
  } catch (error) {
    core.debug(`Could not save the step state (${error instanceof Error ? error.message : String(error)})`);
  }
}

export type PostNote =
  | { readonly kind: 'revoked-in-main'; readonly tokenId: string }
  | ({ readonly kind: 'skipped' } & SkippedRevoke);

export function loadPostNote(core: Pick<ActionCore, 'getState'>): PostNote | undefined {
  const revokedInMain = core.getState('revokedInMain');
  if (revokedInMain !== '') return { kind: 'revoked-in-main', tokenId: revokedInMain };
  const reason = core.getState('skipped');
  if (reason !== 'revoke-false' && reason !== 'home-unknown') return undefined;
  return { kind: 'skipped', reason, tokenId: core.getState('tokenId'), expiresAt: core.getState('expiresAt') };
}

export function loadRevokeState(core: Pick<ActionCore, 'getState'>): LoadedState {
  const values = Object.fromEntries(KEYS.map((key) => [key, core.getState(key)])) as Record<
    (typeof KEYS)[number],
    string
  >;
  if (values.token === '') return { kind: 'none' };
  const missing = KEYS.filter((key) => values[key] === '');
  if (missing.length > 0) return { kind: 'incomplete', missing };
  return { kind: 'complete', state: values };
}
