// Password sessions kept across invocations of one warm container, so many secrets that share a credentials secret do
// not each sign in (Vault limits password sign-ins per user and minute, and every sign-in counts against the burst
// limit). Keyed by the credentials secret's ARN AND VersionId (a new password never meets an old session), the Vault
// origin, API version and client id. Bounded (LRU); an entry idle longer than Vault's shortest idle timeout
// (10 minutes) is ended and replaced. Sessions live only in memory, inside the client's private fields; the key holds
// no secret. Closing: an invocation never ends a cached session; eviction (LRU, idle, a newer version of the same
// credentials secret) ends it with DELETE /session, and a container that is frozen for good lets Vault expire it.

import type { VaultSession } from '../../../shared/types.js';

export interface SessionKey {
  readonly credentialsSecretArn: string;
  readonly versionId: string;
  readonly origin: string;
  readonly apiVersion: string;
  readonly clientId: string;
}

export const DEFAULT_MAX_SESSIONS = 16;
/** Vault's shortest configurable idle timeout ("Session Duration") is 10 minutes. */
export const DEFAULT_MAX_IDLE_MS = 9 * 60_000;

interface Entry {
  readonly key: SessionKey;
  readonly session: VaultSession;
  lastUsedAt: number;
}

export function sessionKeyText(key: SessionKey): string {
  return JSON.stringify([key.credentialsSecretArn, key.versionId, key.origin, key.apiVersion, key.clientId]);
}

export class SessionCache {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;
  readonly #maxIdleMs: number;

  constructor(options: { readonly max?: number; readonly maxIdleMs?: number } = {}) {
    this.#max = Math.max(1, options.max ?? DEFAULT_MAX_SESSIONS);
    this.#maxIdleMs = options.maxIdleMs ?? DEFAULT_MAX_IDLE_MS;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached session for `key`, if one is fresh enough (it moves to the end of the LRU order). */
  take(key: SessionKey, now: number): VaultSession | undefined {
    const text = sessionKeyText(key);
    const entry = this.#entries.get(text);
    if (entry === undefined) return undefined;
    this.#entries.delete(text);
    if (now - entry.lastUsedAt > this.#maxIdleMs) {
      void entry.session.close().catch(() => undefined);
      return undefined;
    }
    // Most recently used for the LRU order, but lastUsedAt moves only on touch() (a successful call): a session whose
    // calls keep failing must still reach the idle limit and be replaced.
    this.#entries.set(text, entry);
    return entry.session;
  }

  /** Caches a new session; retires other versions of the same credentials secret and the least recently used. */
  put(key: SessionKey, session: VaultSession, now: number): void {
    const text = sessionKeyText(key);
    for (const [otherText, other] of this.#entries) {
      const sameSecret = other.key.credentialsSecretArn === key.credentialsSecretArn;
      if (otherText === text || (sameSecret && other.key.versionId !== key.versionId)) {
        this.#drop(otherText, { end: other.session !== session });
      }
    }
    this.#entries.set(text, { key, session, lastUsedAt: now });
    while (this.#entries.size > this.#max) this.#drop(this.#entries.keys().next().value!, { end: true });
  }

  /** Forget a session Vault no longer accepts (INVALID_SESSION_ID): nothing to end. */
  forget(key: SessionKey, session: VaultSession): void {
    const text = sessionKeyText(key);
    if (this.#entries.get(text)?.session === session) this.#drop(text, { end: false });
  }

  touch(key: SessionKey, now: number): void {
    const entry = this.#entries.get(sessionKeyText(key));
    if (entry !== undefined) entry.lastUsedAt = now;
  }

  #drop(text: string, options: { end: boolean }): void {
    const entry = this.#entries.get(text);
    this.#entries.delete(text);
    // close() never throws and ends the session only if it signed in; it runs in the background.
    if (entry !== undefined && options.end) void entry.session.close().catch(() => undefined);
  }
}
