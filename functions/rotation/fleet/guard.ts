// The fleet's checks around every Vault session a step opens (hooked in by sessions-fleet.ts):
// - trust boundary: vaultDns / parentVaultDns must be in ALLOWED_VAULT_HOSTS, checked before any connection;
// - burst reserve: until a token is minted, each call first asks budgetDecision (burst-budget.ts) and defers the
//   rotation (BurstBudgetDeferredError) rather than spend the other integrations' reserve; after the mint nothing
//   defers, because the new token must be stored or cleaned up;
// - sign-in limit: API_LIMIT_EXCEEDED on /auth becomes a retryable deferral (AuthLimitDeferredError);
// - reuse: password sessions come from the container's SessionCache and are refreshed once on INVALID_SESSION_ID.

import { isInvalidSession, isVaultErrorOfType, VaultError } from '../../../shared/errors.js';
import type {
  CallOptions,
  MintedToken,
  MintRequest,
  VaultResponseObservation,
  VaultSession,
} from '../../../shared/types.js';
import { connectionHostOf, hostAllowed } from './allowed-hosts.js';
import { budgetDecision, callsAheadFor } from './burst-budget.js';
import { AuthLimitDeferredError, BurstBudgetDeferredError, VaultHostNotAllowedError } from '../errors.js';
import type { Fleet } from './fleet.js';
import type { SessionKey } from './session-cache.js';
import type { InvocationObserver, InvocationState } from '../context.js';
import type { GuardedSession } from './guarded-session.js';

export type { GuardedSession };

/** What guards one invocation's sessions: the container's fleet and this invocation's own state and observer. */
export interface GuardScope {
  readonly fleet: Fleet;
  readonly now: () => Date;
  readonly invocation: InvocationState;
  readonly observer?: InvocationObserver;
}

export function assertHostAllowed(fleet: Fleet, where: string, field: string, vaultDns: string): void {
  const host = connectionHostOf(vaultDns);
  if (host === undefined || !hostAllowed(fleet.allowedHosts, host)) {
    const shown = host === undefined ? 'the value' : `${host.hostname}:${host.port}`;
    throw new VaultHostNotAllowedError(where, field, shown, fleet.allowedHostsText);
  }
}

/** The client's onResponse: the container's burst ledger and the invocation's summary. */
export function responseObserver(scope: GuardScope): (observation: VaultResponseObservation) => void {
  const { fleet, now, observer } = scope;
  return (observation) => {
    fleet.ledger.record(observation.host, observation.burstLimit, observation.burstLimitRemaining, now().getTime());
    observer?.observe(observation);
  };
}

export function hostOf(session: VaultSession): string {
  return new URL(session.target.origin).host;
}

/**
 * Throws BurstBudgetDeferredError when `host`'s last answer leaves too little above the reserve. Never once this
 * invocation has minted: the new token must be stored or cleaned up.
 */
export function checkBudget(fleet: Fleet, invocation: InvocationState, host: string, now: number): void {
  if (invocation.minted) return;
  const observation = fleet.ledger.latest(host);
  const callsAhead = observation === undefined ? 0 : callsAheadFor(observation);
  const decision = budgetDecision({ observation, now, reservePercent: fleet.reservePercent, callsAhead });
  if (!decision.proceed) {
    throw new BurstBudgetDeferredError(host, decision, observation!.limit, fleet.reservePercent);
  }
}

/**
 * The sign-in itself failed (any /auth failure, a cancelled sign-in included): such a session never signed in and
 * would replay the failure, so it is never cached. Any other failure came after a successful sign-in.
 */
function signInFailed(error: unknown): boolean {
  return !(error instanceof VaultError) || error.operation === 'auth';
}

/**
 * `session` with the fleet's checks. For a cached password session, `reuse` names its cache entry and how to make a
 * fresh one: on INVALID_SESSION_ID the entry is forgotten and the call repeated once on a new sign-in.
 */
export function guardedSession(
  scope: GuardScope,
  session: VaultSession,
  reuse?: { readonly key: SessionKey; readonly fresh: () => Promise<VaultSession>; reused: boolean },
): GuardedSession {
  const { fleet, now, invocation, observer } = scope;
  let inner = session;
  const host = hostOf(session);
  const run = async <T>(call: (target: VaultSession) => Promise<T>): Promise<T> => {
    checkBudget(fleet, invocation, host, now().getTime());
    try {
      return await attempt(call);
    } catch (error) {
      if (isVaultErrorOfType(error, 'API_LIMIT_EXCEEDED') && error.operation === 'auth') {
        throw new AuthLimitDeferredError(host, error);
      }
      throw error;
    }
  };
  // A reused session is in the cache already; a fresh one goes in only once a call got past its sign-in.
  let cached = reuse?.reused === true;
  const remember = (outcome: 'success' | unknown): void => {
    if (reuse === undefined) return;
    if (outcome !== 'success' && signInFailed(outcome)) return;
    if (cached) {
      // Only a success counts as use: a session whose calls keep failing still ages out (SessionCache idle limit).
      if (outcome === 'success') fleet.sessions.touch(reuse.key, now().getTime());
      return;
    }
    fleet.sessions.put(reuse.key, inner, now().getTime());
    cached = true;
  };
  const once = async <T>(call: (target: VaultSession) => Promise<T>): Promise<T> => {
    try {
      const result = await call(inner);
      remember('success');
      return result;
    } catch (error) {
      remember(error);
      throw error;
    }
  };
  const attempt = async <T>(call: (target: VaultSession) => Promise<T>): Promise<T> => {
    try {
      return await once(call);
    } catch (error) {
      if (reuse === undefined || !reuse.reused || !isInvalidSession(error)) throw error;
      // The cached session expired on Vault's side (idle timeout, 48 h cap, password change): sign in again, once.
      fleet.sessions.forget(reuse.key, inner);
      reuse.reused = false;
      cached = false;
      inner = await reuse.fresh();
      return once(call);
    }
  };
  return {
    target: session.target,
    mintToken: async (request: MintRequest, options?: CallOptions): Promise<MintedToken> => {
      const minted = await run((s) => s.mintToken(request, options));
      invocation.minted = true;
      observer?.tokenExpiresAt(minted.expiresAt);
      return minted;
    },
    whoAmI: (options) => run((s) => s.whoAmI(options)),
    listTokens: (filter, options) => run((s) => s.listTokens(filter, options)),
    revokeTokens: (ids, options) => run((s) => s.revokeTokens(ids, options)),
    findSandbox: (name, options) => run((s) => s.findSandbox(name, options)),
    // A cached session outlives the invocation (SessionCache ends it on eviction); others close as before.
    close: (options) => (reuse === undefined ? inner.close(options) : Promise.resolve()),
    toString: () => String(inner),
    toJSON: () => (inner as { toJSON?: () => unknown }).toJSON?.() ?? { target: inner.target },
  } as GuardedSession;
}
