// Password sessions: POST /auth (with lockout and auth defaulting), DELETE /session, POST /keep-alive; openSession is
// also how an OAuth sign-in (handle-oauth-session.ts) opens its session.

import { parseParams } from './body.js';
import type { AuthedContext, HandlerResult, RequestContext } from './context.js';
import { successBody, VaultFailure } from './envelopes.js';
import { newSessionId } from './ids.js';
import { checkAuthLimit } from './limits.js';
import { findUserByName, MAIN_VAULT, type SimState, type VaultRecord } from './state.js';

/** Vault locks an account after this many consecutive failed logins. */
export const LOCKOUT_THRESHOLD = 5;

function authFailure(type: string, message: string): VaultFailure {
  return new VaultFailure(type, message, 'FAILURE', { errorType: 'AUTHENTICATION_FAILED' });
}

export async function authHandler(ctx: RequestContext): Promise<HandlerResult> {
  const { state } = ctx;
  let params: Map<string, string>;
  try {
    params = await parseParams(ctx.headers['content-type'], ctx.body, ['form']);
  } catch (error) {
    if (error instanceof VaultFailure) throw authFailure(error.type, error.message);
    throw error;
  }
  const userName = params.get('username') ?? '';
  const password = params.get('password') ?? '';
  if (userName === '')
    throw authFailure('USERNAME_OR_PASSWORD_INCORRECT', 'Authentication failed: no user name given.');
  if (password === '') throw authFailure('NO_PASSWORD_PROVIDED', 'No password was provided for the login call.');
  checkAuthLimit(state, userName, ctx.vault.name);

  const user = findUserByName(state, userName);
  if (!user) throw authFailure('USERNAME_OR_PASSWORD_INCORRECT', `Authentication failed for user: ${userName}.`);
  if (user.locked) {
    throw authFailure('USER_LOCKED_OUT', `User ${userName} is locked out after too many failed login attempts.`);
  }
  if (user.password === undefined || user.password !== password) {
    user.consecutiveLoginFailures += 1;
    if (user.consecutiveLoginFailures >= LOCKOUT_THRESHOLD) user.locked = true;
    throw authFailure('USERNAME_OR_PASSWORD_INCORRECT', `Authentication failed for user: ${userName}.`);
  }
  user.consecutiveLoginFailures = 0;
  user.lastLoginAt = state.clock.now();

  return openSession(state, ctx.vault, user.id, params.get('vaultDNS'));
}

/**
 * A new session for `userId`, on the Vault `vaultDns` names (else the receiving one), or on the auth-defaulting
 * target when one is set; answered in /auth's shape. Shared by password and OAuth sign-ins, which answer alike.
 */
export function openSession(
  state: SimState,
  receiving: VaultRecord,
  userId: string,
  vaultDns: string | undefined,
): HandlerResult {
  const served = [...state.vaults.values()];
  const vaultIds = served.map((v) => ({ id: v.vaultId, name: v.displayName, url: `${v.origin}/api` }));
  let sessionVault: string;
  let vaultId: number;
  const defaulting = state.authDefaulting;
  if (defaulting) {
    // The switchable auth-defaulting answer: SUCCESS, but for another Vault than the one asked for.
    const local = served.find((v) => `${v.origin}/api` === defaulting.apiUrl);
    sessionVault = local ? local.name : `external:${defaulting.vaultId}`;
    vaultId = defaulting.vaultId;
    if (!local) vaultIds.unshift({ id: defaulting.vaultId, name: 'Defaulted Vault', url: defaulting.apiUrl });
  } else {
    const target = sessionTarget(state, receiving, vaultDns);
    sessionVault = target.name;
    vaultId = target.vaultId;
  }

  const sessionId = newSessionId();
  const now = state.clock.now();
  state.sessions.set(sessionId, {
    id: sessionId,
    userId,
    vault: sessionVault,
    createdAt: now,
    lastUsedAt: now,
    ended: false,
  });
  return { body: successBody({ sessionId, userId: Number(userId), vaultIds, vaultId }), userId };
}

/**
 * `vaultDNS` overrides the host in the URL. A DNS this simulator does not serve is Vault's "invalid DNS" case: the
 * session goes to the user's most relevant Vault, here always the main one (the real auth-defaulting behaviour).
 */
function sessionTarget(state: SimState, receiving: VaultRecord, vaultDns: string | undefined): VaultRecord {
  if (vaultDns === undefined || vaultDns.trim() === '') return receiving;
  const wanted = vaultDns
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
  for (const vault of state.vaults.values()) if (vault.host === wanted) return vault;
  return state.vaults.get(MAIN_VAULT)!;
}

/** Ends the calling password session. A token is not a session: the call succeeds and the token stays valid. */
export function endSessionHandler(ctx: AuthedContext): HandlerResult {
  if (ctx.caller.session) ctx.caller.session.ended = true;
  return { body: successBody() };
}

/** Authentication already refreshed the session's idle timer. */
export function keepAliveHandler(_ctx: AuthedContext): HandlerResult {
  return { body: successBody() };
}
