// Contract of the local Vault simulator: a loopback HTTP server faithful to the Vault docs (facts and sources: docs/assumptions.md),
// used as the test double by every suite and as a tool users run (`npm run vault-simulator`).
import type { Hold } from './holds.js';

/** The Vault operations the simulator serves; faults and the request log are keyed by them. */
export type SimOperation =
  | 'auth'
  | 'endSession'
  | 'mint'
  | 'whoAmI'
  | 'query'
  | 'delete'
  /** Retrieve Sandboxes (`GET /objects/sandbox`). */
  | 'sandboxes'
  /** OAuth 2.0 / OpenID Connect sign-in (`POST /auth/oauth/session/{oauth_oidc_profile_id}`, no API version). */
  | 'oauthSession'
  | 'unknown';

export interface SimUser {
  readonly id: string;
  readonly userName: string;
}

export interface SimUserSpec {
  readonly userName: string;
  /** Enables password login (`POST /api/{v}/auth`). */
  readonly password?: string;
  /** Has the Vault API permission (default true). Without it every call but /auth fails INSUFFICIENT_ACCESS. */
  readonly apiAccess?: boolean;
  /** May mint for other users, see and delete every user's tokens (default false). */
  readonly admin?: boolean;
  /** VeevaID users cannot get tokens (default false). */
  readonly veevaId?: boolean;
}

export interface SimTokenRow {
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  /** Which Vault the token works on: `main` or a sandbox name. */
  readonly vault: string;
  readonly status: 'active__v' | 'inactive__v';
  /** ms since epoch, or null for never. */
  readonly expiresAt: number | null;
  readonly deleted: boolean;
  readonly lastUsedAt: number | null;
}

export type SimFaultKind =
  /** HTTP 200 with `responseStatus` FAILURE (or EXCEPTION) and `errors[{type,message}]`; the request is not processed. */
  | {
      readonly type: 'vault-error';
      readonly errorType: string;
      readonly message?: string;
      readonly responseStatus?: 'FAILURE' | 'EXCEPTION';
    }
  /**
   * HTTP 401 with a plain-text body and no Vault envelope, as a Veeva source reports for an expired or deleted token.
   * Not processed.
   */
  | { readonly type: 'http-401' }
  /** A maintenance page: HTTP 503, `text/html`. Not processed. */
  | { readonly type: 'http-503-html' }
  /** The socket is destroyed before any answer. Not processed. */
  | { readonly type: 'connection-reset' }
  /** No answer ever (until the client aborts or the simulator closes). Not processed. */
  | { readonly type: 'hang' }
  /** The request IS processed (e.g. the token is minted), then the socket is destroyed: a lost answer. */
  | { readonly type: 'lost-answer' };

export interface SimFault {
  readonly operation: SimOperation;
  readonly kind: SimFaultKind;
  /** How many matching requests this fault hits (default 1). */
  readonly times?: number;
}

export interface SimRequestLogEntry {
  readonly operation: SimOperation;
  readonly method: string;
  /** Path without query string. */
  readonly path: string;
  /** Which Vault served it: `main` or a sandbox name. */
  readonly vault: string;
  readonly httpStatus: number;
  readonly responseStatus?: string;
  readonly errorType?: string;
  readonly fault?: SimFaultKind['type'];
}

export interface VaultSimulatorOptions {
  /** Loopback only (default 127.0.0.1). */
  readonly host?: string;
  /** 0 = ephemeral (default). */
  readonly port?: number;
  /** Start of the simulated clock in ms since epoch (default: real now). The clock only moves when told. */
  readonly startTime?: number;
  /** Security-profile maximum token lifetime in days (default 90). */
  readonly maxExpiryDays?: number;
  /** Whether a mint without expiry_date__v is allowed (default false: OPERATION_NOT_ALLOWED). */
  readonly allowNonExpiring?: boolean;
  /** Active tokens per user (default 25). */
  readonly tokenCap?: number;
  /** VQL page size (default 1000); tests set it small to exercise next_page. */
  readonly pageSize?: number;
  /** What a deleted token becomes: an inactive record still visible to VQL (default), or nothing at all. */
  readonly deletedTokens?: 'inactive' | 'vanish';
  /** Delay before every answer in ms (default 0), as if Vault were far away; the benchmark injects 50. */
  readonly latencyMs?: number;
  /**
   * How a Bearer API access token Vault does not accept (unknown, expired, revoked, another Vault's) is answered:
   * `envelope` (default, as documented: HTTP 200, FAILURE, INVALID_SESSION_ID) or `http-401` (HTTP 401, plain text, no
   * envelope — what a Veeva source says an expired or deleted token may get). Sessions always get the envelope.
   */
  readonly rejectedTokenAnswer?: 'envelope' | 'http-401';
}

export interface VaultSimulator {
  /** `http://127.0.0.1:PORT` — the main Vault's origin, usable as `vaultDns`. */
  readonly url: string;
  /** `127.0.0.1:PORT` */
  readonly host: string;
  readonly vaultId: number;
  /** A user with password, API access and admin rights, created at start. */
  readonly bootstrapUser: SimUser & { readonly password: string };
  /** A token for bootstrapUser on the main Vault, created at start (expires after maxExpiryDays). */
  readonly bootstrapToken: string;
  readonly bootstrapTokenId: string;

  readonly clock: { now(): number; advance(ms: number): void; set(ms: number): void };

  addUser(spec: SimUserSpec): SimUser;
  /** Mint a token directly (as the Vault UI would). expiresAt null = never. */
  issueToken(
    userId: string,
    options?: { name?: string; expiresAt?: number | null; vault?: string },
  ): { id: string; token: string };
  /** Another Vault served on its own loopback port, sharing users; tokens minted for it work only there. */
  addSandbox(
    name: string,
  ): Promise<{ readonly name: string; readonly url: string; readonly host: string; readonly vaultId: number }>;

  tokens(filter?: { userId?: string; vault?: string; activeOnly?: boolean }): SimTokenRow[];
  /** True when Vault would accept this token value on that Vault (default main) right now. */
  isTokenAccepted(token: string, vault?: string): boolean;

  /** An OAuth 2.0 / OIDC profile for `POST /auth/oauth/session/{id}`, validating access tokens by introspection. */
  addOAuthProfile(spec: SimOAuthProfileSpec): SimOAuthProfile;

  /** When set, /auth and OAuth sign-ins answer SUCCESS with a session for this other Vault (auth defaulting). */
  setAuthDefaulting(target: { url: string; vaultId: number } | null): void;
  /** Holds the next request of this operation before it is processed, until released (simulator/holds.ts). */
  holdNext(operation: SimOperation): Hold;
  injectFault(fault: SimFault): void;
  clearFaults(): void;
  /** Every request served, in order. No credentials are recorded. */
  readonly requests: readonly SimRequestLogEntry[];
  clearRequests(): void;

  close(): Promise<void>;
}

/** An OAuth 2.0 / OpenID Connect profile as a Vault admin configures one (the mapping rule is inferred). */
export interface SimOAuthProfileSpec {
  /** Default: a random id. */
  readonly id?: string;
  /** The authorization server's RFC 7662 endpoint, called with the access token and a client_id (loopback only). */
  readonly introspectionEndpoint: string;
  /** The client_id Vault introspects with when the sign-in names none. */
  readonly clientId?: string;
  /** When given, the introspected `aud` must be one of these. */
  readonly audiences?: readonly string[];
  /** The introspected claim that names the Vault user (default `sub`; a client-credentials token's subject). */
  readonly userClaim?: string;
}

export interface SimOAuthProfile {
  readonly id: string;
  /** Maps a claim value (the user's federated id) to a Vault user. */
  mapUser(claimValue: string, userId: string): void;
  unmapUser(claimValue: string): boolean;
  /** How many introspection calls Vault made for this profile. */
  readonly introspections: number;
}
