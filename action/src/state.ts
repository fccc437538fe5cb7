// What main hands to post through the runner's intra-action state: only what revoking needs. The token itself is
// in it (it is the credential that deletes itself); the runner keeps state inside the job and it is already masked.

import type { ActionCore } from './deps.js';

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

/** The token first, so that a partial write can only look incomplete, never absent. */
export function saveRevokeState(core: Pick<ActionCore, 'saveState'>, state: RevokeState): void {
  for (const key of KEYS) core.saveState(key, state[key]);
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
