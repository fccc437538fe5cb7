// The OAuth 2.0 / OIDC sign-in: no stored Vault credential. The job's GitHub ID token proves its identity to the
// authorization server (client_assertion), whose access token opens a Vault session at the OAuth profile; that session
// mints the job's token and is ended as soon as the mint is handed over. Each credential is masked in the job log the
// moment it reaches this process: the ID token as its answer is read (mint/id-token.ts), the access token and the session id as their
// answers arrive, before the client reads them.

import { type OAuthSignInSettings, signInWithOAuth } from '../../../shared/auth/oauth/index.js';
import { endSession } from '../../../shared/auth/password-session.js';
import type { HttpFetch } from '../../../shared/http/http-fetch.js';
import { parseClientId } from '../../../shared/client-id.js';
import type { HttpSettings } from '../../../shared/http/request.js';
import { redactingLogger } from '../../../shared/redaction/logger.js';
import type { Secret } from '../../../shared/secret.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../../shared/session.js';
import { parseVaultTarget } from '../../../shared/target.js';
import type { VaultTarget } from '../../../shared/types.js';
import type { ActionCore, MainDeps } from '../deps.js';
import { ActionInputError } from '../inputs/input-error.js';
import type { OAuthInputs } from '../inputs/validate-inputs.js';
import { coreLogger } from '../job-log/client-logger.js';
import { maskSecret } from '../job-log/mask-secret.js';

/** The fields of an answer that hold a credential, masked before anything reads them. */
const CREDENTIAL_FIELDS = ['access_token', 'id_token', 'refresh_token', 'sessionId'] as const;

export const ID_TOKEN_PERMISSION_MISSING =
  'oauth-profile-id: GitHub gave this job no ID token (ACTIONS_ID_TOKEN_REQUEST_URL is not set). Add ' +
  '`permissions: id-token: write` to the job or workflow; a pull request from a fork never gets one.';

export interface OAuthVaultSession {
  readonly target: VaultTarget;
  readonly sessionId: Secret;
  /** Ends the Vault session (DELETE /session). Never throws: a session not ended expires on Vault's idle timeout. */
  end(signal: AbortSignal | undefined): Promise<void>;
}

export interface OAuthSignInContext {
  readonly vaultDns: string;
  readonly apiVersion: string;
  readonly clientId: string;
  readonly retryAttempts: number;
  readonly signal: AbortSignal;
}

/** Signs in; throws OAuthSignInError (which names the step and the server's error) or an input error. */
export async function signInForJob(
  deps: MainDeps,
  oauth: OAuthInputs,
  context: OAuthSignInContext,
): Promise<OAuthVaultSession> {
  const { core, env } = deps;
  // Before any request: without id-token: write there is nothing to sign in with.
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new ActionInputError([ID_TOKEN_PERMISSION_MISSING]);
  }
  const target = parseVaultTarget(context.vaultDns, context.apiVersion);
  const mask = maskOnce(core);
  const http: HttpSettings = {
    origin: target.origin,
    apiVersion: target.apiVersion,
    clientId: parseClientId(context.clientId),
    fetch: maskingCredentials(deps.fetch, mask),
    logger: redactingLogger(coreLogger(core)),
    requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
  };
  const settings: OAuthSignInSettings = {
    profileId: oauth.profileId,
    tokenUrl: oauth.tokenUrl,
    clientId: oauth.clientId,
    ...(oauth.scope === undefined ? {} : { scope: oauth.scope }),
    loginUrl: oauth.loginUrl,
    credential: {
      kind: 'assertion',
      audience: oauth.audience,
      source: async (audience) => {
        const jwt = await deps.getIDToken(audience);
        mask(jwt);
        return jwt;
      },
    },
  };
  core.info(
    `Signing in to Vault with OAuth profile ${oauth.profileId} at ${new URL(oauth.loginUrl).origin}, ` +
      `using this job's GitHub ID token (audience ${oauth.audience}) at ${new URL(oauth.tokenUrl).host}.`,
  );
  const session = await signInWithOAuth(http, target, settings, {
    retry: { attempts: context.retryAttempts },
    signal: context.signal,
  });
  mask(session.sessionId.reveal());
  return {
    target,
    sessionId: session.sessionId,
    end: (signal) => endSession(http, target.apiVersion, session.sessionId, signal),
  };
}

/** maskSecret, once per value: each credential gets one add-mask line however many places see it. */
function maskOnce(core: Pick<ActionCore, 'setSecret'>): (value: string) => void {
  const masked = new Set<string>();
  return (value) => {
    if (masked.has(value)) return;
    masked.add(value);
    maskSecret(core, value);
  };
}

/**
 * `fetch`, masking every credential field of a JSON answer before the caller sees the answer. The body is read from
 * a clone; the caller reads the original.
 */
export function maskingCredentials(fetchImpl: HttpFetch, mask: (value: string) => void): HttpFetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    let body: unknown;
    try {
      body = JSON.parse(await response.clone().text());
    } catch {
      return response;
    }
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const fields = body as Record<string, unknown>;
      for (const name of CREDENTIAL_FIELDS) {
        const value = fields[name];
        if (typeof value === 'string' && value !== '') mask(value);
      }
    }
    return response;
  };
}
