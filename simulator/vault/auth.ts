// Who is calling: an API access token (`Bearer veeva-vault-…`) or a password session (`Bearer <id>` or the raw id),
// valid only on the Vault it belongs to.
import { VaultFailure } from './envelopes.js';
import { isTokenActive, type SessionRecord, type SimState, type TokenRecord, type UserRecord } from './state.js';

/** Vault's hard limit on a password session, whatever the idle timeout. */
export const SESSION_MAX_MS = 48 * 60 * 60 * 1000;

export interface Caller {
  readonly user: UserRecord;
  readonly token: TokenRecord | undefined;
  readonly session: SessionRecord | undefined;
}

function invalidSession(): VaultFailure {
  return new VaultFailure('INVALID_SESSION_ID', 'Invalid or expired session ID.');
}

export function credentialFromHeader(header: string | undefined): string | undefined {
  const value = header
    ?.trim()
    .replace(/^Bearer\s+/i, '')
    .trim();
  return value ? value : undefined;
}

/** Resolves the credential, records its use, or throws INVALID_SESSION_ID. Does not check API permission. */
export function authenticate(state: SimState, vault: string, authorization: string | undefined): Caller {
  const credential = credentialFromHeader(authorization);
  if (credential === undefined) throw invalidSession();
  const now = state.clock.now();

  if (credential.startsWith('veeva-vault-')) {
    const id = state.tokenIdsByValue.get(credential);
    const token = id === undefined ? undefined : state.tokens.get(id);
    if (!token || token.vault !== vault || !isTokenActive(state, token)) throw invalidSession();
    const user = state.users.get(token.userId);
    if (!user) throw invalidSession();
    token.lastUsedAt = now;
    return { user, token, session: undefined };
  }

  const session = state.sessions.get(credential);
  if (!session || !isSessionLive(state, session) || session.vault !== vault) throw invalidSession();
  const user = state.users.get(session.userId);
  if (!user) throw invalidSession();
  session.lastUsedAt = now;
  return { user, token: undefined, session };
}

export function isSessionLive(state: SimState, session: SessionRecord): boolean {
  const now = state.clock.now();
  return (
    !session.ended &&
    now - session.lastUsedAt <= state.options.sessionIdleMs &&
    now - session.createdAt <= SESSION_MAX_MS
  );
}

/** Logging in works without the API permission; every other call then fails like this. */
export function requireApiAccess(caller: Caller): void {
  if (!caller.user.apiAccess) {
    throw new VaultFailure(
      'INSUFFICIENT_ACCESS',
      `User [${caller.user.id}] not licensed for permission [VaultActions_API_Access]`,
    );
  }
}
