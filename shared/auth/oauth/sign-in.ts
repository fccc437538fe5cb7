// A Vault session with no stored Vault credential: the workload's JWT (or a client secret) → an access token at the
// authorization server → a Vault session at the OAuth profile endpoint. Bounded retries with full-jitter backoff,
// for transient failures only; each retry of the exchange asks for a fresh JWT, since an authorization server may
// refuse a replayed assertion, and an access token Vault calls expired is replaced by a new exchange.
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpSettings } from '../../http/request.js';
import { backoffDelay, resolveRetryPolicy } from '../../retry.js';
import type { RetryPolicy, VaultTarget } from '../../types.js';
import { OAuthSignInError } from './errors.js';
import { resolveOAuthSettings } from './settings.js';
import { type AccessToken, exchangeForAccessToken } from './token-exchange.js';
import type { OAuthSignInSettings } from './types.js';
import { type OAuthVaultSession, openOAuthVaultSession } from './vault-session.js';

export interface OAuthSignInOptions {
  readonly retry?: Partial<RetryPolicy>;
  readonly signal?: AbortSignal;
  /** For tests of the backoff; default Math.random. */
  readonly random?: () => number;
}

export interface OAuthSignInResult extends OAuthVaultSession {
  /** When the access token used expires (ms), if the authorization server said. */
  readonly accessTokenExpiresAt: number | undefined;
  /** Requests made: token exchanges and Vault sign-ins (for the benchmark's calls-per-rotation figures). */
  readonly attempts: { readonly exchanges: number; readonly vaultSignIns: number };
}

/**
 * Signs in to `target` (its host is sent as vaultDNS and checked by the auth-defaulting guard). Throws
 * OAuthSignInError naming the step; never a credential in any message.
 */
export async function signInWithOAuth(
  http: HttpSettings,
  target: VaultTarget,
  settings: OAuthSignInSettings,
  options: OAuthSignInOptions = {},
): Promise<OAuthSignInResult> {
  const resolved = resolveOAuthSettings(settings);
  const policy = resolveRetryPolicy(options.retry);
  const { signal } = options;
  let accessToken: AccessToken | undefined;
  let exchanges = 0;
  let vaultSignIns = 0;
  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted) {
      const step = accessToken ? 'vault-session' : 'token-exchange';
      throw new OAuthSignInError({ step, message: 'The OAuth sign-in was cancelled.' });
    }
    try {
      if (accessToken === undefined) {
        exchanges += 1;
        accessToken = await exchangeForAccessToken(http, resolved, signal);
      }
      vaultSignIns += 1;
      const session = await openOAuthVaultSession(http, target, resolved, accessToken.value, signal);
      http.logger.info('Signed in to Vault with OAuth', {
        profileId: resolved.profileId,
        userId: session.userId,
        exchanges,
        vaultSignIns,
      });
      return { ...session, accessTokenExpiresAt: accessToken.expiresAt, attempts: { exchanges, vaultSignIns } };
    } catch (error) {
      if (!(error instanceof OAuthSignInError) || !error.retryable || attempt >= policy.attempts || signal?.aborted) {
        throw error;
      }
      if (error.step === 'vault-session' && error.code === 'EXPIRED_TOKEN') accessToken = undefined;
      const delayMs = backoffDelay(attempt - 1, policy, options.random);
      http.logger.warn('OAuth sign-in step failed; retrying', {
        step: error.step,
        code: error.code,
        httpStatus: error.httpStatus,
        attempt,
        maxAttempts: policy.attempts,
        delayMs,
      });
      try {
        await sleep(delayMs, undefined, { signal });
      } catch {
        const message = 'The OAuth sign-in was cancelled while waiting to retry.';
        throw new OAuthSignInError({ step: error.step, message, cause: error });
      }
    }
  }
}
