// A Vault session opened by an OAuth sign-in (oauth-credentials.ts) rather than a stored Vault credential. Like a
// password session it signs in lazily, on its first call, so the fleet's session cache (sessions-fleet.ts) treats both
// alike: cached once a call got past the sign-in, refreshed once on INVALID_SESSION_ID. A sign-in refused for a reason
// a repeat cannot fix is remembered, so no later call on this session asks the authorization server again. The session
// is ended (DELETE /session) by close(); a cached one expires on Vault's idle timeout.

import { inspect } from 'node:util';
import { signInWithOAuth } from '../../../shared/auth/oauth/index.js';
import { endSession } from '../../../shared/auth/password-session.js';
import { parseClientId } from '../../../shared/client-id.js';
import type { HttpSettings } from '../../../shared/http/request.js';
import { redactingLogger } from '../../../shared/redaction/logger.js';
import type { Secret } from '../../../shared/secret.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../../shared/session.js';
import { parseVaultTarget } from '../../../shared/target.js';
import type { CallOptions, VaultClientOptions, VaultSession, VaultTarget } from '../../../shared/types.js';
import type { OpenVaultSession } from '../context.js';
import { type OAuthCredentials, oauthSignInSettings, type WebIdentityTokenSource } from './oauth-credentials.js';

interface SignedIn {
  readonly session: VaultSession;
  readonly sessionId: Secret;
}

export function openOAuthSession(
  openVaultSession: OpenVaultSession,
  webIdentityToken: WebIdentityTokenSource | undefined,
  options: VaultClientOptions,
  credentials: OAuthCredentials,
): VaultSession {
  return new OAuthSession(openVaultSession, webIdentityToken, options, credentials);
}

class OAuthSession implements VaultSession {
  readonly target: VaultTarget;
  readonly #http: HttpSettings;
  readonly #open: OpenVaultSession;
  readonly #source: WebIdentityTokenSource | undefined;
  readonly #options: VaultClientOptions;
  readonly #credentials: OAuthCredentials;
  #signIn: Promise<SignedIn> | undefined;
  #failure: unknown;
  #closed = false;

  constructor(
    open: OpenVaultSession,
    source: WebIdentityTokenSource | undefined,
    options: VaultClientOptions,
    credentials: OAuthCredentials,
  ) {
    this.target = Object.freeze(parseVaultTarget(options.vaultDns, options.apiVersion));
    this.#open = open;
    this.#source = source;
    this.#options = options;
    this.#credentials = credentials;
    this.#http = {
      origin: this.target.origin,
      apiVersion: this.target.apiVersion,
      clientId: parseClientId(options.clientId),
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      logger: redactingLogger(options.logger),
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      onResponse: options.onResponse,
    };
  }

  mintToken: VaultSession['mintToken'] = (request, options) => this.#with(options, (s) => s.mintToken(request, options));
  whoAmI: VaultSession['whoAmI'] = (options) => this.#with(options, (s) => s.whoAmI(options));
  listTokens: VaultSession['listTokens'] = (filter, options) => this.#with(options, (s) => s.listTokens(filter, options));
  revokeTokens: VaultSession['revokeTokens'] = (ids, options) => this.#with(options, (s) => s.revokeTokens(ids, options));
  findSandbox: VaultSession['findSandbox'] = (name, options) => this.#with(options, (s) => s.findSandbox(name, options));

  async close(options?: CallOptions): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const pending = this.#signIn;
    if (pending === undefined) return;
    let signedIn: SignedIn;
    try {
      signedIn = await pending;
    } catch {
      return; // no session to end
    }
    await endSession(this.#http, this.target.apiVersion, signedIn.sessionId, options?.signal);
  }

  toString(): string {
    return `VaultSession(${this.target.origin}, ${this.target.apiVersion}, oauth)`;
  }

  toJSON(): Record<string, unknown> {
    return { target: this.target, credentials: 'oauth', profileId: this.#credentials.profileId, closed: this.#closed };
  }

  [inspect.custom](): string {
    return `VaultSession { origin: '${this.target.origin}', credentials: 'oauth', profileId: '${this.#credentials.profileId}', closed: ${this.#closed} }`;
  }

  async #with<T>(options: CallOptions | undefined, work: (session: VaultSession) => Promise<T>): Promise<T> {
    const { session } = await this.#session(options?.signal);
    return work(session);
  }

  #session(signal: AbortSignal | undefined): Promise<SignedIn> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#signIn === undefined) {
      const combined = signal && this.#options.signal ? AbortSignal.any([signal, this.#options.signal]) : (signal ?? this.#options.signal);
      const attempt = this.#signInNow(combined);
      this.#signIn = attempt;
      attempt.catch((error: unknown) => {
        if (this.#signIn === attempt) this.#signIn = undefined;
        const retryable = (error as { retryable?: unknown } | undefined)?.retryable === true;
        if (!retryable) this.#failure = error;
      });
    }
    return this.#signIn;
  }

  async #signInNow(signal: AbortSignal | undefined): Promise<SignedIn> {
    const settings = oauthSignInSettings(this.#credentials, this.#source);
    const signedIn = await signInWithOAuth(this.#http, this.target, settings, { retry: this.#options.retry, signal });
    const session = await this.#open(this.#options, { kind: 'session', sessionId: signedIn.sessionId });
    return { session, sessionId: signedIn.sessionId };
  }
}
