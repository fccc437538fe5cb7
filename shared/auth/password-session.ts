// Password sign-in (POST /auth) with the auth-defaulting guard, and ending such a session (DELETE /session).
// Vault answers SUCCESS with a session for *another* Vault when the requested DNS is wrong or the user cannot sign in
// there; that session must never be used, so it is ended on the Vault that issued it and the sign-in fails.

import { VaultAuthDefaultingError } from '../errors.js';
import type { HttpSettings } from '../http/request.js';
import { vaultRequest } from '../http/request.js';
import { Secret } from '../secret.js';
import { asIdString, asRecord, malformedAnswer } from '../tokens/response-shape.js';
import type { VaultTarget } from '../types.js';

export interface PasswordSession {
  readonly sessionId: Secret;
  readonly userId: string | undefined;
}

/** Never retried: a repeated bad password walks the account towards a lockout. */
export async function signInWithPassword(
  http: HttpSettings,
  target: VaultTarget,
  credentials: { readonly username: string; readonly password: Secret },
  signal: AbortSignal | undefined,
): Promise<PasswordSession> {
  const response = await vaultRequest(http, {
    operation: 'auth',
    method: 'POST',
    path: `/api/${target.apiVersion}/auth`,
    form: { username: credentials.username, password: credentials.password.reveal(), vaultDNS: target.host },
    signal,
  });
  const body = response.body;
  const rawSessionId = body.sessionId;
  if (typeof rawSessionId !== 'string' || rawSessionId === '') {
    throw malformedAnswer('auth', 'a sessionId', response.executionId);
  }
  const sessionId = new Secret(rawSessionId);

  const vaultId = asIdString(body.vaultId);
  const entry = Array.isArray(body.vaultIds)
    ? body.vaultIds.map(asRecord).find((candidate) => vaultId !== undefined && asIdString(candidate?.id) === vaultId)
    : undefined;
  const actual = entry && typeof entry.url === 'string' ? parseUrl(entry.url) : undefined;
  if (actual === undefined || actual.host !== target.host) {
    const actualHost = actual?.host ?? `an unidentified Vault (vaultId ${vaultId ?? 'missing'} not among vaultIds)`;
    // Ended on the Vault that issued it, never at the host the answer names: that host is Vault's text, not one the
    // caller vetted (the rotator's ALLOWED_VAULT_HOSTS, the action's vault-dns), so nothing — least of all a session
    // id — is sent there. If the issuing Vault does not end it, the session expires on Vault's idle timeout.
    await endSession(http, target.apiVersion, sessionId);
    throw new VaultAuthDefaultingError(target.host, actualHost);
  }
  return { sessionId, userId: asIdString(body.userId) };
}

/** DELETE /api/{v}/session. Never throws: a session we cannot end expires on Vault's idle timeout. */
export async function endSession(
  http: HttpSettings,
  apiVersion: string,
  sessionId: Secret,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await vaultRequest(http, {
      operation: 'endSession',
      method: 'DELETE',
      path: `/api/${apiVersion}/session`,
      authorization: { scheme: 'session', credential: sessionId },
      signal,
    });
  } catch (error) {
    http.logger.warn('Could not end the Vault session; it will expire on its own', { operation: 'endSession', error });
  }
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
