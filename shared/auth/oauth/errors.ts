// The one error an OAuth sign-in throws. It names the step that failed and, for bad settings, the field; it carries
// the authorization server's `error` or Vault's error type and their description, never a credential: every JWT,
// access token and session id is registered with the redaction store the moment it exists, the message goes through
// redact(), and anything shaped like a JWT is blanked even if the store has since forgotten it.
import { redact } from '../../redaction/redact.js';

/**
 * - `configure`: the settings (no request was made).
 * - `identity-token`: getting the workload's JWT (GitHub's ID token, STS GetWebIdentityToken).
 * - `token-exchange`: the client-credentials request at the authorization server.
 * - `vault-session`: POST /auth/oauth/session/{profile} at Vault, and the auth-defaulting guard.
 */
export type OAuthSignInStep = 'configure' | 'identity-token' | 'token-exchange' | 'vault-session';

const JWT_SHAPED = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;

export function scrub(text: string): string {
  return redact(text).replace(JWT_SHAPED, '[REDACTED]');
}

export class OAuthSignInError extends Error {
  readonly step: OAuthSignInStep;
  /** The settings field at fault (`configure` step), e.g. `oauth.tokenUrl`. */
  readonly field: string | undefined;
  /** The authorization server's `error` (`invalid_client`, …) or Vault's error type (`INVALID_TOKEN`, …). */
  readonly code: string | undefined;
  /** HTTP status of the refusing answer, when there was one. */
  readonly httpStatus: number | undefined;
  /** True when repeating the step may succeed (network trouble, 5xx, 429, Vault busy). */
  readonly retryable: boolean;

  constructor(init: {
    step: OAuthSignInStep;
    message: string;
    field?: string;
    code?: string;
    httpStatus?: number;
    retryable?: boolean;
    cause?: unknown;
  }) {
    super(scrub(init.message), init.cause === undefined ? undefined : { cause: init.cause });
    this.step = init.step;
    this.field = init.field;
    this.code = init.code === undefined ? undefined : scrub(init.code).slice(0, 100);
    this.httpStatus = init.httpStatus;
    this.retryable = init.retryable ?? false;
  }

  // A literal: bundlers without keep-names rename classes (see VaultError).
  override get name(): string {
    return 'OAuthSignInError';
  }
}

export function configError(field: string, expected: string): OAuthSignInError {
  return new OAuthSignInError({ step: 'configure', field, message: `${field}: ${expected}` });
}
