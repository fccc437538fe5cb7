// The public contract of the shared Vault API client. Adapters (functions/, action/) depend on these types only,
// plus the factory `openVaultSession` exported from shared/index.ts. Nothing here knows about Lambda or Actions.

import type { HttpFetch } from './http/http-fetch.js';
import type { Secret } from './secret.js';

/** Where requests go: a validated origin (`https://host[:port]`, or `http://` for loopback only) and API version. */
export interface VaultTarget {
  /** `https://myvault.veevavault.com` — no path, no trailing slash. */
  readonly origin: string;
  /** `myvault.veevavault.com` (host[:port], lower case) — what the auth-defaulting guard compares. */
  readonly host: string;
  /** `v26.2` */
  readonly apiVersion: string;
}

/** How the client proves who it is. Secret values are wrapped so they never print. */
export type VaultCredentials =
  | { readonly kind: 'token'; readonly token: Secret }
  | { readonly kind: 'password'; readonly username: string; readonly password: Secret }
  | { readonly kind: 'session'; readonly sessionId: Secret };

/** Structured, secret-free log sink. Powertools Logger and a wrapper over @actions/core both fit. */
export interface VaultLogger {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
}

export interface RetryPolicy {
  /** Total attempts including the first (default 4). */
  readonly attempts: number;
  /** First backoff delay in ms (default 500); doubles each attempt, with full jitter. */
  readonly minDelayMs: number;
  /** Cap on one backoff delay in ms (default 8000). */
  readonly maxDelayMs: number;
}

export interface VaultClientOptions {
  /** Bare host (`myvault.veevavault.com`) or origin (`https://…`; `http://` only for loopback). */
  readonly vaultDns: string;
  /** `vNN.N`, default `v26.2`. */
  readonly apiVersion?: string;
  /** `X-VaultAPI-ClientID`: ≤ 100 chars of `[A-Za-z0-9._-]`. Default `vault-api-token`. */
  readonly clientId?: string;
  readonly logger?: VaultLogger;
  /** Per-request timeout in ms (default 30000). */
  readonly requestTimeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Aborts every request of this session (e.g. middy's timeout signal). */
  readonly signal?: AbortSignal;
  /**
   * Injected for tests and proxies; default: Node's fetch. For HTTPS_PROXY/NO_PROXY support pass
   * `createProxyAwareFetch()` from shared/http/proxy-fetch.js (kept out of the default path so bundles that do not
   * need it do not carry undici).
   */
  readonly fetch?: HttpFetch;
  /**
   * Called after every answer from Vault with its rate-limit headers (no body, no credentials), e.g. to keep a reserve
   * of the shared burst limit. Must not throw; whatever it throws is ignored.
   */
  readonly onResponse?: (observation: VaultResponseObservation) => void;
}

/** What one Vault answer says about the Vault's shared limits. */
export interface VaultResponseObservation {
  /** `host[:port]` the request went to. */
  readonly host: string;
  readonly operation: string;
  readonly httpStatus: number;
  /** `X-VaultAPI-BurstLimit`: calls allowed per 5-minute window. */
  readonly burstLimit: number | undefined;
  /** `X-VaultAPI-BurstLimitRemaining`: calls left in the current window. */
  readonly burstLimitRemaining: number | undefined;
  /** `X-VaultAPI-ResponseDelay`: ms Vault held this answer back (throttled). */
  readonly responseDelayMs: number | undefined;
  /** The envelope's errors[0].type when it failed (e.g. API_LIMIT_EXCEEDED), otherwise undefined. */
  readonly errorType: string | undefined;
}

/** Per-call options. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

export type MintTarget =
  | { readonly kind: 'self' }
  | { readonly kind: 'user'; readonly userId: string }
  | { readonly kind: 'sandbox'; readonly sandboxName: string };

export interface MintRequest {
  /** `name__v`, 1–128 chars. Deterministic names let callers find an orphan whose mint answer was lost. */
  readonly name: string;
  /** Sent as `expiry_date__v` = `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds). Omitted = never expires (if allowed). */
  readonly expiresAt?: Date;
  readonly target?: MintTarget;
}

export interface MintedToken {
  /** The `api_access_token__sys` record id (`data.id`). */
  readonly id: string;
  readonly name: string;
  /** `data.token__sys`, checked to start with `veeva-vault-`. */
  readonly token: Secret;
  /** ISO-8601 UTC as sent (`2027-02-18T12:00:00Z`), or undefined for a non-expiring token. */
  readonly expiresAt: string | undefined;
}

export interface VaultUser {
  readonly userId: string;
  readonly userName: string;
}

export interface TokenRecord {
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  /** Normalised from a string or a one-element array: `active__v`, `inactive__v`, … */
  readonly status: string;
  readonly expiresAt: string | undefined;
  readonly lastUsedAt: string | undefined;
}

export interface TokenFilter {
  readonly userId?: string;
  /** Matches `name__v LIKE '<prefix>%'`. Only `[A-Za-z0-9._:/ -]` is accepted (no VQL injection). */
  readonly namePrefix?: string;
  /** Exact `name__v`. Same character rule. */
  readonly name?: string;
  /** Default true: `status__v = 'active__v'`. */
  readonly activeOnly?: boolean;
}

export type RevokeOutcome =
  | { readonly id: string; readonly outcome: 'revoked' }
  /** The token no longer exists or is already inactive: nothing to do. */
  | { readonly id: string; readonly outcome: 'gone' }
  | { readonly id: string; readonly outcome: 'failed'; readonly errorType: string; readonly message: string };

/** A sandbox of the session's Vault, as Retrieve Sandboxes lists it (`data.active[]`; that shape is inferred). */
export interface SandboxLocation {
  /** The name as Vault spells it (the lookup also matches it case-insensitively). */
  readonly name: string;
  /** `dns` as Vault reported it, normalised to host[:port] in lower case. */
  readonly dns: string;
  /** `vault_id`, when Vault gave one. */
  readonly vaultId: string | undefined;
  /** Where the sandbox's tokens work: `dns` with the parent's scheme (see sandboxOrigin in target.ts). */
  readonly origin: string;
}

/**
 * An authenticated conversation with one Vault. Password sessions are opened lazily on first use and ended by
 * `close()`; token and session-id credentials are never ended by the client.
 */
export interface VaultSession {
  readonly target: VaultTarget;
  mintToken(request: MintRequest, options?: CallOptions): Promise<MintedToken>;
  /** Validate Session User (`GET /objects/users/me`). Throws VaultUserMismatchError if expectedUserId differs. */
  whoAmI(options?: CallOptions & { readonly expectedUserId?: string }): Promise<VaultUser>;
  listTokens(filter: TokenFilter, options?: CallOptions): Promise<TokenRecord[]>;
  /** Delete Object Records in chunks of ≤ 500; every per-record result is checked. Never throws for per-record failures. */
  revokeTokens(ids: readonly string[], options?: CallOptions): Promise<RevokeOutcome[]>;
  /**
   * Retrieve Sandboxes (`GET /objects/sandbox`) on this (parent) Vault, and the active sandbox with this name: an
   * exact match first, then a case-insensitive one; undefined when none (or more than one) matches.
   */
  findSandbox(name: string, options?: CallOptions): Promise<SandboxLocation | undefined>;
  /** Ends a password session this client opened (`DELETE /session`). Idempotent; never throws. */
  close(options?: CallOptions): Promise<void>;
}
