// A credentials secret that describes an OAuth 2.0 / OpenID Connect sign-in instead of holding a Vault credential
// (docs/secret-contract.md, "OAuth credentials secret"):
//
//   { "oauth": { "profileId", "tokenUrl", "clientId", "scope"?, "audience"?, "vaultLoginUrl"?,
//                "identity": "aws-sts" | "client-secret", "clientSecret"? },
//     "usableBy": [...] }
//
// With "aws-sts" nothing in it is secret: the function proves its identity with a JWT from STS GetWebIdentityToken
// (its own role, no stored credential). "client-secret" is the fallback for authorization servers that cannot
// federate; the secret is then the one secret value, registered for redaction as it is read.
// Every problem names the field at fault and never echoes a value.

import { DEFAULT_VAULT_LOGIN_URL, OAuthSignInError, resolveOAuthSettings } from '../../../shared/auth/oauth/index.js';
import type { OAuthSignInSettings } from '../../../shared/auth/oauth/types.js';
import { registerSecretValue } from '../../../shared/redaction/redact.js';
import { Secret } from '../../../shared/secret.js';
import { SecretValueError } from '../errors.js';

export type OAuthIdentity = 'aws-sts' | 'client-secret';

/** The parsed `oauth` object: what a session needs, before any request. */
export interface OAuthCredentials {
  readonly kind: 'oauth';
  readonly profileId: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly scope: string | undefined;
  readonly audience: string | undefined;
  readonly vaultLoginUrl: string;
  readonly identity: OAuthIdentity;
  readonly clientSecret: Secret | undefined;
}

const FIELDS = new Set(['profileId', 'tokenUrl', 'clientId', 'scope', 'audience', 'vaultLoginUrl', 'identity', 'clientSecret']);

/** Field names as the secret spells them, for the shared validator's `oauth.loginUrl` / `oauth.credential.*`. */
function secretField(field: string | undefined): string {
  if (field === undefined) return 'oauth';
  if (field === 'oauth.loginUrl') return 'oauth.vaultLoginUrl';
  if (field.startsWith('oauth.credential.audience')) return 'oauth.audience';
  if (field.startsWith('oauth.credential')) return 'oauth.identity';
  return field;
}

/** Throws SecretValueError naming `oauth.<field>`; the expectation never contains a value from the secret. */
export function parseOAuthCredentials(raw: unknown, where: string): OAuthCredentials {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SecretValueError(where, 'oauth', 'expected an object describing the OAuth sign-in (docs/secret-contract.md)');
  }
  const record = raw as Record<string, unknown>;
  if (typeof record.clientSecret === 'string') registerSecretValue(record.clientSecret, { anyLength: true });
  const unknown = Object.keys(record).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) {
    // Names only: a misspelt field is usually a known one, and its name is not secret (its value might be).
    throw new SecretValueError(
      where,
      `oauth.${unknown[0]!.slice(0, 40)}`,
      `is not a field of the OAuth sign-in (expected ${[...FIELDS].join(', ')})`,
    );
  }
  const identity = record.identity;
  if (identity !== 'aws-sts' && identity !== 'client-secret') {
    throw new SecretValueError(
      where,
      'oauth.identity',
      'expected "aws-sts" (the function proves its identity with STS GetWebIdentityToken; nothing secret stored) or "client-secret" (with oauth.clientSecret)',
    );
  }
  let clientSecret: Secret | undefined;
  if (identity === 'client-secret') {
    if (typeof record.clientSecret !== 'string' || record.clientSecret === '' || record.clientSecret.length > 1000) {
      throw new SecretValueError(where, 'oauth.clientSecret', 'expected the client secret (a non-empty string) with identity "client-secret"');
    }
    clientSecret = new Secret(record.clientSecret);
  } else if (record.clientSecret !== undefined) {
    throw new SecretValueError(
      where,
      'oauth.clientSecret',
      'must be left out with identity "aws-sts" (the function\'s own identity is the credential); remove it, or set identity to "client-secret"',
    );
  }
  for (const field of ['scope', 'audience', 'vaultLoginUrl'] as const) {
    if (record[field] !== undefined && typeof record[field] !== 'string') {
      throw new SecretValueError(where, `oauth.${field}`, 'expected a string, or leave it out');
    }
  }
  if (identity === 'client-secret' && record.audience !== undefined) {
    throw new SecretValueError(where, 'oauth.audience', 'is the audience of the STS token; leave it out with identity "client-secret"');
  }
  const credentials: OAuthCredentials = {
    kind: 'oauth',
    profileId: record.profileId as string,
    tokenUrl: record.tokenUrl as string,
    clientId: record.clientId as string,
    scope: record.scope as string | undefined,
    audience: record.audience as string | undefined,
    vaultLoginUrl: (record.vaultLoginUrl as string | undefined) ?? DEFAULT_VAULT_LOGIN_URL,
    identity,
    clientSecret,
  };
  // The shared validator: URL shape (https, or http on loopback), ids, scope. Its messages never echo values.
  try {
    resolveOAuthSettings(oauthSignInSettings(credentials, undefined));
  } catch (error) {
    if (!(error instanceof OAuthSignInError)) throw error;
    const field = secretField(error.field);
    const expectation = error.message.startsWith(`${error.field}: `)
      ? error.message.slice(`${error.field}: `.length)
      : error.message;
    throw new SecretValueError(where, field, expectation);
  }
  return credentials;
}

/** A JWT proving the function's identity for `audience` (STS GetWebIdentityToken in the Lambda). */
export type WebIdentityTokenSource = (audience: string, signal: AbortSignal | undefined) => Promise<string>;

export function oauthSignInSettings(
  credentials: OAuthCredentials,
  webIdentityToken: WebIdentityTokenSource | undefined,
): OAuthSignInSettings {
  return {
    profileId: credentials.profileId,
    tokenUrl: credentials.tokenUrl,
    clientId: credentials.clientId,
    ...(credentials.scope === undefined ? {} : { scope: credentials.scope }),
    loginUrl: credentials.vaultLoginUrl,
    credential:
      credentials.identity === 'client-secret'
        ? { kind: 'secret', secret: credentials.clientSecret! }
        : {
            kind: 'assertion',
            ...(credentials.audience === undefined ? {} : { audience: credentials.audience }),
            source: async (audience, signal) => {
              if (webIdentityToken === undefined) {
                throw new Error('this deployment has no STS GetWebIdentityToken source');
              }
              return webIdentityToken(audience, signal);
            },
          },
  };
}
