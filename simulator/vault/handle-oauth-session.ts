// OAuth 2.0 / OpenID Connect sign-in: POST /auth/oauth/session/{oauth_oidc_profile_id} with `Authorization: Bearer
// <access token>` and an optional form `vaultDNS`, `client_id`. Vault validates the token by calling the profile's
// authorization server's RFC 7662 introspection endpoint with that client_id, maps a claim of the answer to a Vault
// user, and answers exactly as /auth does (auth defaulting included). Not counted against the per-user /auth burst
// limit (OAuth sign-ins are said to be exempt). Error types: EXPIRED_TOKEN and INVALID_TOKEN are the ones a
// third-party connector checks on this endpoint; the rest, and every message, are the simulator's inference
// (docs/assumptions.md, "OAuth sign-in").
import { decodeJwt } from 'jose';
import { parseParams } from './body.js';
import type { HandlerResult, RequestContext } from './context.js';
import { VaultFailure } from './envelopes.js';
import { openSession } from './handle-auth.js';
import { type OAuthProfileRecord, oauthProfiles } from './oauth-profiles.js';

const INTROSPECTION_TIMEOUT_MS = 5000;

function oauthFailure(type: string, message: string, status: 'FAILURE' | 'EXCEPTION' = 'FAILURE'): VaultFailure {
  return new VaultFailure(type, message, status, { errorType: 'AUTHENTICATION_FAILED' });
}

export async function oauthSessionHandler(ctx: RequestContext): Promise<HandlerResult> {
  const { state } = ctx;
  const profileId = ctx.params.profile_id ?? '';
  const profile = oauthProfiles(state).get(profileId);
  if (profile === undefined) {
    throw oauthFailure('INVALID_DATA', `OAuth 2.0 / OpenID Connect profile [${profileId.slice(0, 100)}] not found.`);
  }
  let params = new Map<string, string>();
  if (ctx.body.length > 0) {
    try {
      params = await parseParams(ctx.headers['content-type'], ctx.body, ['form']);
    } catch (error) {
      if (error instanceof VaultFailure) throw oauthFailure(error.type, error.message);
      throw error;
    }
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(String(ctx.headers.authorization ?? ''))?.[1];
  if (bearer === undefined) {
    throw oauthFailure('INVALID_TOKEN', 'No access token: send Authorization: Bearer <access_token>.');
  }
  const clientId = params.get('client_id') || profile.clientId;
  if (clientId === undefined) {
    throw oauthFailure('INVALID_DATA', 'client_id is required: the profile names no default client.');
  }

  const claims = await introspect(profile, bearer, clientId);
  if (claims.active !== true) {
    if (isExpiredJwt(bearer, state.clock.now())) throw oauthFailure('EXPIRED_TOKEN', 'The access token has expired.');
    throw oauthFailure('INVALID_TOKEN', 'The access token is not active at the authorization server.');
  }
  if (profile.audiences !== undefined) {
    const audiences = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
    if (!audiences.some((aud) => profile.audiences!.includes(String(aud)))) {
      const message = 'The access token was issued for another audience than this profile accepts.';
      throw oauthFailure('INVALID_TOKEN', message);
    }
  }
  const claimValue = claims[profile.userClaim];
  const userId = typeof claimValue === 'string' ? profile.users.get(claimValue) : undefined;
  const user = userId === undefined ? undefined : state.users.get(userId);
  if (user === undefined) {
    throw oauthFailure(
      'INVALID_TOKEN',
      `No Vault user is mapped to the token's ${profile.userClaim} in profile [${profile.id}].`,
    );
  }
  user.lastLoginAt = state.clock.now();
  return openSession(state, ctx.vault, user.id, params.get('vaultDNS'));
}

async function introspect(profile: OAuthProfileRecord, token: string, clientId: string) {
  profile.introspections += 1;
  let response: Response;
  try {
    response = await fetch(profile.introspectionEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ token, client_id: clientId }).toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(INTROSPECTION_TIMEOUT_MS),
    });
  } catch {
    const message = 'The authorization server could not be reached to validate the token.';
    throw oauthFailure('UNEXPECTED_ERROR', message, 'EXCEPTION');
  }
  if (response.status >= 500) {
    throw oauthFailure('UNEXPECTED_ERROR', `The authorization server answered HTTP ${response.status}.`, 'EXCEPTION');
  }
  if (response.status !== 200) {
    throw oauthFailure('INVALID_TOKEN', `The authorization server refused introspection (HTTP ${response.status}).`);
  }
  try {
    const body = (await response.json()) as unknown;
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw oauthFailure('INVALID_TOKEN', 'The authorization server answered introspection with no JSON object.');
}

function isExpiredJwt(token: string, nowMs: number): boolean {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' && exp * 1000 <= nowMs;
  } catch {
    return false;
  }
}
