// What an OAuth sign-in to Vault needs. No secret material is required when the client proves itself with a
// workload's JWT (GitHub Actions' ID token, or AWS STS GetWebIdentityToken); a client secret is the fallback for
// authorization servers that cannot federate.
import type { Secret } from '../../secret.js';

/**
 * Returns a fresh JWT proving the workload's identity, for `audience` (the audience the authorization server's
 * federated credential expects). Called once per exchange attempt: a JWT is not reused, because an authorization
 * server may refuse a replayed assertion.
 */
export type WorkloadIdentityTokenSource = (audience: string, signal: AbortSignal | undefined) => Promise<string>;

export type OAuthClientCredential =
  | { readonly kind: 'assertion'; readonly source: WorkloadIdentityTokenSource; readonly audience?: string }
  | { readonly kind: 'secret'; readonly secret: Secret };

export interface OAuthSignInSettings {
  /** The authorization server's token endpoint: https, or http on loopback only. */
  readonly tokenUrl: string;
  /** The client's id at the authorization server; sent in the exchange and to Vault (which introspects with it). */
  readonly clientId: string;
  /** Sent only when given (Entra needs `<resource>/.default`). */
  readonly scope?: string;
  /** Vault's OAuth 2.0 / OpenID Connect profile id. */
  readonly profileId: string;
  /** Where Vault's OAuth endpoint lives (default https://login.veevavault.com): https, or http on loopback only. */
  readonly loginUrl?: string;
  readonly credential: OAuthClientCredential;
}

/** A validated OAuthSignInSettings: URLs parsed, so their hosts can be checked against an allowlist first. */
export interface ResolvedOAuthSettings {
  readonly tokenUrl: URL;
  readonly clientId: string;
  readonly scope: string | undefined;
  readonly profileId: string;
  readonly loginOrigin: string;
  readonly credential: OAuthClientCredential;
  readonly audience: string;
}
