// The fleet's checks around every Vault session a step opens (hooked into vault-sessions.ts):
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
import { BurstBudgetDeferredError, budgetDecision, callsAheadFor } from './burst-budget.js';
import { RotationError } from '../errors.js';
import type { Fleet } from './fleet.js';
import type { SessionKey } from './session-cache.js';

/** A vaultDns or parentVaultDns outside ALLOWED_VAULT_HOSTS. Names the field; nothing was contacted or changed. */
export class VaultHostNotAllowedError extends RotationError {
  // A literal: the deployed bundle is minified, and Lambda's errorType must still read VaultHostNotAllowedError.
  override get name(): string {
    return 'VaultHostNotAllowedError';
  }

  readonly field: string;
  readonly reason = 'host-not-allowed';

  constructor(where: string, field: string, host: string, allowed: string) {
    super(
      `${where}: ${field}: ${host} is not an allowed Vault host (ALLOWED_VAULT_HOSTS: ${allowed}). Refused before any connection; nothing was changed. Fix ${field}, or add the host to the deployment's AllowedVaultHosts.`,
    );
    this.field = field;
  }
}

/**
 * Vault refused a password sign-in: the per-user, per-minute auth limit. Retryable; nothing was minted and the secret
 * is unchanged, but a pre-mint sweep (on the current token's session) may have revoked stale tokens already.
 */
export class AuthLimitDeferredError extends RotationError {
  // A literal: the deployed bundle is minified, and Lambda's errorType must still read AuthLimitDeferredError.
  override get name(): string {
    return 'AuthLimitDeferredError';
  }

  readonly retryable = true;
  readonly reason = 'auth-limit';

  constructor(host: string, cause: unknown) {
    super(
      `Deferred (auth-limit): Vault ${host} refused a password sign-in with API_LIMIT_EXCEEDED (the per-user, per-minute auth limit). No token was minted and the secret was not changed; stale tokens the revocation policy retires may already have been revoked by the sweep before the mint. Secrets Manager retries the rotation later.`,
      { cause },
    );
  }
}

export function assertHostAllowed(fleet: Fleet, where: string, field: string, vaultDns: string): void {
  const host = connectionHostOf(vaultDns);
  if (host === undefined || !hostAllowed(fleet.allowedHosts, host)) {
    const shown = host === undefined ? 'the value' : `${host.hostname}:${host.port}`;
    throw new VaultHostNotAllowedError(where, field, shown, fleet.allowedHostsText);
  }
}

/** The client's onResponse: the container's burst ledger and the invocation's summary. */
export function responseObserver(fleet: Fleet, now: () => Date): (observation: VaultResponseObservation) => void {
  return (observation) => {
    fleet.ledger.record(observation.host, observation.burstLimit, observation.burstLimitRemaining, now().getTime());
    fleet.current?.observe(observation);
  };
}

export function hostOf(session: VaultSession): string {
  return new URL(session.target.origin).host;
}

/** Throws BurstBudgetDeferredError when `host`'s last answer leaves too little above the reserve. */
export function checkBudget(fleet: Fleet, host: string, now: number): void {
  if (fleet.current?.minted) return;
  const observation = fleet.ledger.latest(host);
  const callsAhead = observation === undefined ? 0 : callsAheadFor(observation);
  const decision = budgetDecision({ observation, now, reservePercent: fleet.reservePercent, callsAhead });
  if (!decision.proceed) {
    throw new BurstBudgetDeferredError(host, decision, observation!.limit, fleet.reservePercent);
  }
}

/**
 * `session` with the fleet's checks. For a cached password session, `reuse` names its cache entry and how to make a
 * fresh one: on INVALID_SESSION_ID the entry is forgotten and the call repeated once on a new sign-in.
 */
/**
 * The sign-in itself failed (any /auth failure, a cancelled sign-in included): such a session never signed in and
 * would replay the failure, so it is never cached. Any other failure came after a successful sign-in.
 */
function signInFailed(error: unknown): boolean {
  return !(error instanceof VaultError) || error.operation === 'auth';
}

export function guardedSession(
  fleet: Fleet,
  now: () => Date,
  session: VaultSession,
  reuse?: { readonly key: SessionKey; readonly fresh: () => Promise<VaultSession>; reused: boolean },
): VaultSession {
  let inner = session;
  const host = hostOf(session);
  const run = async <T>(call: (target: VaultSession) => Promise<T>): Promise<T> => {
    checkBudget(fleet, host, now().getTime());
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
      if (fleet.current !== undefined) {
        fleet.current.minted = true;
        fleet.current.tokenExpiresAt(minted.expiresAt);
      }
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
  } as VaultSession;
}
