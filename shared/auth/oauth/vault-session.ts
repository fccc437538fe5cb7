// POST {loginUrl}/auth/oauth/session/{profile} with the access token as Bearer and the form vaultDNS + client_id
// (Vault introspects the token at the authorization server with that client_id). The answer has /auth's shape, so
// the auth-defaulting guard applies unchanged.
import { VaultAuthDefaultingError, VaultError } from '../../errors.js';
import type { HttpSettings } from '../../http/request.js';
import { vaultRequest } from '../../http/request.js';
import { registerSecretValue } from '../../redaction/redact.js';
import { Secret } from '../../secret.js';
import { asIdString } from '../../tokens/response-shape.js';
import type { VaultTarget } from '../../types.js';
import { guardSessionVault } from '../session-guard.js';
import { OAuthSignInError } from './errors.js';
import type { ResolvedOAuthSettings } from './types.js';

export interface OAuthVaultSession {
  readonly sessionId: Secret;
  readonly userId: string | undefined;
}

/** `http.origin` is ignored: the request goes to the settings' login origin, the guard ends sessions at the target. */
export async function openOAuthVaultSession(
  http: HttpSettings,
  target: VaultTarget,
  settings: ResolvedOAuthSettings,
  accessToken: Secret,
  signal: AbortSignal | undefined,
): Promise<OAuthVaultSession> {
  let body: Readonly<Record<string, unknown>>;
  try {
    const response = await vaultRequest(
      { ...http, origin: settings.loginOrigin },
      {
        operation: 'auth',
        method: 'POST',
        path: `/auth/oauth/session/${encodeURIComponent(settings.profileId)}`,
        authorization: { scheme: 'bearer', credential: accessToken },
        form: { vaultDNS: target.host, client_id: settings.clientId },
        signal,
      },
    );
    body = response.body;
  } catch (error) {
    throw vaultStepError(error, settings.profileId);
  }
  if (typeof body.sessionId === 'string') registerSecretValue(body.sessionId);
  if (typeof body.sessionId !== 'string' || body.sessionId === '') {
    throw new OAuthSignInError({
      step: 'vault-session',
      message: `Vault's OAuth sign-in (profile ${settings.profileId}) answered SUCCESS without a sessionId.`,
    });
  }
  const sessionId = new Secret(body.sessionId);
  try {
    await guardSessionVault(http, target, body, sessionId, signal);
  } catch (error) {
    if (error instanceof VaultAuthDefaultingError) {
      throw new OAuthSignInError({
        step: 'vault-session',
        code: 'AUTH_DEFAULTING',
        message:
          `Vault's OAuth sign-in (profile ${settings.profileId}) opened a session for ${error.actualHost} instead ` +
          `of ${error.expectedHost}; it was ended and not used. Check the Vault DNS and that the mapped user is ` +
          'active in that Vault.',
        cause: error,
      });
    }
    throw error;
  }
  return { sessionId, userId: asIdString(body.userId) };
}

function vaultStepError(error: unknown, profileId: string): unknown {
  if (!(error instanceof VaultError)) return error;
  const type = 'type' in error && typeof error.type === 'string' ? error.type : undefined;
  const httpStatus = 'httpStatus' in error && typeof error.httpStatus === 'number' ? error.httpStatus : undefined;
  // The one retryable refusal of the token itself: it expired between the exchange and here; a new one may pass.
  const retryable = error.retryable || type === 'EXPIRED_TOKEN';
  const withType = type === undefined ? '' : ` with ${type}`;
  return new OAuthSignInError({
    step: 'vault-session',
    code: type,
    httpStatus,
    retryable,
    message: `Vault refused the OAuth sign-in (profile ${profileId})${withType}: ${error.message}`,
    cause: error,
  });
}
