// openVaultSession: validates everything up front (bad input fails before any request), then hands out a session
// object whose credential state lives in #private fields, so printing or serialising it shows no secret.

import { inspect } from 'node:util';
import { endSession, type PasswordSession, signInWithPassword } from './auth/password-session.js';
import { parseClientId } from './client-id.js';
import { combineSignals, throwIfAborted, type VaultContext } from './context.js';
import { VaultConfigError, type VaultOperation } from './errors.js';
import type { Authorization } from './http/authorization.js';
import type { HttpFetch } from './http/http-fetch.js';
import type { HttpSettings } from './http/request.js';
import { redactingLogger } from './redaction/logger.js';
import { isTransientError, resolveRetryPolicy } from './retry.js';
import { isSecret } from './secret.js';
import { parseVaultTarget } from './target.js';
import { VAULT_TOKEN_PREFIX } from './tokens/prefix.js';
import { listTokens } from './tokens/list.js';
import { mintToken } from './tokens/mint.js';
import { revokeTokens } from './tokens/revoke.js';
import { findSandbox } from './tokens/sandboxes.js';
import { whoAmI } from './tokens/who-am-i.js';
import type {
  CallOptions,
  MintedToken,
  MintRequest,
  RevokeOutcome,
  SandboxLocation,
  TokenFilter,
  TokenRecord,
  VaultClientOptions,
  VaultCredentials,
  VaultSession,
  VaultTarget,
  VaultUser,
} from './types.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export function openVaultSession(options: VaultClientOptions, credentials: VaultCredentials): VaultSession {
  if (options === null || typeof options !== 'object') throw new VaultConfigError('options', 'expected an object');
  const target = parseVaultTarget(options.vaultDns, options.apiVersion);
  const logger = redactingLogger(validLogger(options.logger));
  const http: HttpSettings = {
    origin: target.origin,
    apiVersion: target.apiVersion,
    clientId: parseClientId(options.clientId),
    fetch: validFetch(options.fetch),
    logger,
    requestTimeoutMs: validTimeout(options.requestTimeoutMs),
    onResponse: validObserver(options.onResponse),
  };
  validateCredentials(credentials);
  return new ClientSession(target, http, resolveRetryPolicy(options.retry), options.signal, credentials);
}

class ClientSession implements VaultSession {
  readonly target: VaultTarget;
  readonly #context: VaultContext;
  readonly #http: HttpSettings;
  readonly #sessionSignal: AbortSignal | undefined;
  readonly #credentials: VaultCredentials;
  #signIn: Promise<PasswordSession> | undefined;
  #signInFailure: unknown;
  #closed = false;

  constructor(
    target: VaultTarget,
    http: HttpSettings,
    retry: ReturnType<typeof resolveRetryPolicy>,
    sessionSignal: AbortSignal | undefined,
    credentials: VaultCredentials,
  ) {
    this.target = Object.freeze({ ...target });
    this.#http = http;
    this.#sessionSignal = sessionSignal;
    this.#credentials = credentials;
    this.#context = {
      target: this.target,
      http,
      retry,
      logger: http.logger,
      authorize: (operation, signal) => this.#authorize(operation, signal),
    };
  }

  mintToken(request: MintRequest, options?: CallOptions): Promise<MintedToken> {
    return this.#run('mintToken', options, (signal) => mintToken(this.#context, validMintRequest(request), signal));
  }

  whoAmI(options?: CallOptions & { readonly expectedUserId?: string }): Promise<VaultUser> {
    return this.#run('whoAmI', options, (signal) => whoAmI(this.#context, signal, options?.expectedUserId));
  }

  listTokens(filter: TokenFilter, options?: CallOptions): Promise<TokenRecord[]> {
    return this.#run('listTokens', options, (signal) => listTokens(this.#context, filter ?? {}, signal));
  }

  revokeTokens(ids: readonly string[], options?: CallOptions): Promise<RevokeOutcome[]> {
    return this.#run('revokeTokens', options, (signal) => revokeTokens(this.#context, ids, signal));
  }

  findSandbox(name: string, options?: CallOptions): Promise<SandboxLocation | undefined> {
    return this.#run('findSandbox', options, (signal) => findSandbox(this.#context, name, signal));
  }

  async close(options?: CallOptions): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const pending = this.#signIn;
    if (pending === undefined) return;
    try {
      const session = await pending;
      // Only the caller's close signal: the session-wide signal may already have fired (that is often why we close).
      await endSession(this.#http, this.target.apiVersion, session.sessionId, options?.signal);
    } catch {
      // Sign-in failed: there is no session to end.
    }
  }

  toString(): string {
    return `VaultSession(${this.target.origin}, ${this.target.apiVersion})`;
  }

  toJSON(): Record<string, unknown> {
    return { target: this.target, credentials: this.#credentials.kind, closed: this.#closed };
  }

  [inspect.custom](): string {
    return `VaultSession { origin: '${this.target.origin}', apiVersion: '${this.target.apiVersion}', credentials: '${this.#credentials.kind}', closed: ${this.#closed} }`;
  }

  async #run<T>(
    operation: VaultOperation,
    options: CallOptions | undefined,
    work: (signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    if (this.#closed) throw new VaultConfigError('session', `is closed; open a new session to call ${operation}`);
    const signal = combineSignals(this.#sessionSignal, options?.signal);
    throwIfAborted(operation, signal);
    return work(signal);
  }

  async #authorize(operation: VaultOperation, signal: AbortSignal | undefined): Promise<Authorization> {
    const credentials = this.#credentials;
    switch (credentials.kind) {
      case 'token':
        return { scheme: 'bearer', credential: credentials.token };
      case 'session':
        return { scheme: 'session', credential: credentials.sessionId };
      case 'password': {
        throwIfAborted(operation, signal);
        const session = await this.#passwordSession(credentials, signal);
        return { scheme: 'session', credential: session.sessionId };
      }
    }
  }

  #passwordSession(
    credentials: Extract<VaultCredentials, { kind: 'password' }>,
    signal: AbortSignal | undefined,
  ): Promise<PasswordSession> {
    // A failed sign-in that a repeat cannot fix (bad password, locked user, defaulting) is remembered, so no later
    // call on this session sends the password again.
    if (this.#signInFailure !== undefined) return Promise.reject(this.#signInFailure);
    if (this.#closed && this.#signIn === undefined) {
      return Promise.reject(new VaultConfigError('session', 'is closed; open a new session'));
    }
    if (this.#signIn === undefined) {
      const attempt = signInWithPassword(this.#http, this.target, credentials, signal);
      this.#signIn = attempt;
      attempt.catch((error: unknown) => {
        if (this.#signIn === attempt) this.#signIn = undefined;
        if (!isTransientError(error)) this.#signInFailure = error;
      });
    }
    return this.#signIn;
  }
}

function validateCredentials(credentials: VaultCredentials): void {
  if (credentials === null || typeof credentials !== 'object') {
    throw new VaultConfigError('credentials', "expected { kind: 'token' | 'password' | 'session', … }");
  }
  switch (credentials.kind) {
    case 'token':
      if (!isSecret(credentials.token)) throw new VaultConfigError('credentials.token', 'expected a Secret');
      if (!credentials.token.reveal().startsWith(VAULT_TOKEN_PREFIX)) {
        throw new VaultConfigError('credentials.token', `a Vault API access token starts with "${VAULT_TOKEN_PREFIX}"`);
      }
      return;
    case 'password':
      if (typeof credentials.username !== 'string' || credentials.username.trim() === '') {
        throw new VaultConfigError('credentials.username', 'expected a non-empty user name');
      }
      if (!isSecret(credentials.password)) throw new VaultConfigError('credentials.password', 'expected a Secret');
      return;
    case 'session':
      if (!isSecret(credentials.sessionId)) throw new VaultConfigError('credentials.sessionId', 'expected a Secret');
      return;
    default:
      throw new VaultConfigError(
        'credentials.kind',
        `expected 'token', 'password' or 'session', got ${JSON.stringify((credentials as { kind?: unknown }).kind)}`,
      );
  }
}

function validMintRequest(request: MintRequest): MintRequest {
  if (request === null || typeof request !== 'object') throw new VaultConfigError('request', 'expected { name, … }');
  return request;
}

function validTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_REQUEST_TIMEOUT_MS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 600_000) {
    throw new VaultConfigError(
      'requestTimeoutMs',
      `expected a whole number of ms from 1 to 600000, got ${String(value)}`,
    );
  }
  return value;
}

function validFetch(value: unknown): HttpFetch {
  // Looked up per call, so a fetch patched in later (instrumentation, tests) is honoured.
  if (value === undefined) return (input, init) => globalThis.fetch(input, init);
  if (typeof value !== 'function') throw new VaultConfigError('fetch', 'expected a fetch-compatible function');
  return value as HttpFetch;
}

function validObserver(value: unknown): VaultClientOptions['onResponse'] {
  if (value === undefined || typeof value === 'function') return value as VaultClientOptions['onResponse'];
  throw new VaultConfigError('onResponse', 'expected a function');
}

function validLogger(value: unknown): VaultClientOptions['logger'] {
  if (value === undefined) return undefined;
  const logger = value as Record<string, unknown>;
  if (['debug', 'info', 'warn'].some((level) => typeof logger?.[level] !== 'function')) {
    throw new VaultConfigError('logger', 'expected an object with debug, info and warn methods');
  }
  return value as VaultClientOptions['logger'];
}
