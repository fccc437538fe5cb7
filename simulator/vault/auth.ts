// Who is calling: an API access token (`Bearer veeva-vault-…`) or a password session (`Bearer <id>` or the raw id),
// valid only on the Vault it belongs to. Vault's docs give the raw form for session ids only: "The Authorization HTTP
// header accepts the access token value preceded by the Bearer keyword". A token sent raw is read as a session id,
// which it is not, so it is refused with INVALID_SESSION_ID.
import { VaultFailure } from './envelopes.js';
import { isTokenActive, type SessionRecord, type SimState, type TokenRecord, type UserRecord } from './state.js';

/** Vault's hard limit on a password session, whatever the idle timeout. */
export const SESSION_MAX_MS = 48 * 60 * 60 * 1000;

export interface Caller {
  readonly user: UserRecord;
  readonly token: TokenRecord | undefined;
  readonly session: SessionRecord | undefined;
}

/**
 * An API access token Vault does not accept (unknown, expired, revoked, or for another Vault). It answers like any
 * invalid session, unless the simulator is told to answer HTTP 401 instead (`rejectedTokenAnswer: 'http-401'`).
 */
export class RejectedTokenFailure extends VaultFailure {}

function invalidSession(): VaultFailure {
  return new VaultFailure('INVALID_SESSION_ID', 'Invalid or expired session ID.');
}

function rejectedToken(): VaultFailure {
  return new RejectedTokenFailure('INVALID_SESSION_ID', 'Invalid or expired session ID.');
}

export interface PresentedCredential {
  readonly value: string;
  /** Sent as `Bearer <value>` rather than raw. */
  readonly bearer: boolean;
}

export function credentialFromHeader(header: string | undefined): PresentedCredential | undefined {
  const text = header?.trim() ?? '';
  const bearer = /^Bearer\s+/i.exec(text);
  const value = (bearer ? text.slice(bearer[0].length) : text).trim();
  return value ? { value, bearer: bearer !== null } : undefined;
}

/** Resolves the credential, records its use, or throws INVALID_SESSION_ID. Does not check API permission. */
export function authenticate(state: SimState, vault: string, authorization: string | undefined): Caller {
  const presented = credentialFromHeader(authorization);
  if (presented === undefined) throw invalidSession();
  const credential = presented.value;
  const now = state.clock.now();

  if (credential.startsWith('veeva-vault-')) {
    // Without `Bearer ` Vault reads the value as a session id: no such session, whatever the token's state.
    if (!presented.bearer) throw invalidSession();
    const id = state.tokenIdsByValue.get(credential);
    const token = id === undefined ? undefined : state.tokens.get(id);
    if (!token || token.vault !== vault || !isTokenActive(state, token)) throw rejectedToken();
    const user = state.users.get(token.userId);
    if (!user) throw rejectedToken();
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
