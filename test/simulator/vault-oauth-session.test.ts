// The Vault simulator's OAuth 2.0 / OIDC sign-in, end to end on loopback: a real GitHub-like JWT (or STS's, through
// the real @aws-sdk/client-sts) is exchanged at the Entra-like authorization server, and the access token opens a
// Vault session at POST /auth/oauth/session/{profile} — validated by introspection — that then works as any session.
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AZURE_AD_TOKEN_EXCHANGE, JWT_BEARER_ASSERTION } from '../../simulator/identity/authorization-server.js';
import { OAUTH_WORLD_PROFILE_ID, startOAuthWorld, type OAuthWorld } from '../../simulator/identity/oauth-world.js';
import { postForm, useClosers } from './identity-support.js';
import { call, V } from './vault-support.js';

const started = useClosers();

async function githubJwt(world: OAuthWorld, audience = AZURE_AD_TOKEN_EXCHANGE): Promise<string> {
  const response = await fetch(`${world.github.requestUrl}&audience=${encodeURIComponent(audience)}`, {
    headers: { Authorization: `Bearer ${world.github.requestToken}` },
    signal: AbortSignal.timeout(10_000),
  });
  return ((await response.json()) as { value: string }).value;
}

async function accessTokenFor(world: OAuthWorld, assertion: string): Promise<string> {
  const answer = await postForm(world.authorizationServer.tokenEndpoint, {
    grant_type: 'client_credentials',
    client_id: world.application.clientId,
    client_assertion_type: JWT_BEARER_ASSERTION,
    client_assertion: assertion,
    scope: world.scope,
  });
  expect(answer.status).toBe(200);
  return String(answer.json.access_token);
}

function oauthSignIn(world: OAuthWorld, accessToken: string | undefined, form: Record<string, string> = {}, profile = OAUTH_WORLD_PROFILE_ID) {
  return call(world.vault, 'POST', `/auth/oauth/session/${profile}`, {
    ...(accessToken === undefined ? {} : { auth: accessToken }),
    form: { vaultDNS: world.vault.host, client_id: world.application.clientId, ...form },
  });
}

describe('Vault simulator: OAuth 2.0 / OIDC session', () => {
  it('opens a session for the mapped user from a GitHub JWT exchanged at the authorization server', async () => {
    const world = await started(startOAuthWorld());
    const accessToken = await accessTokenFor(world, await githubJwt(world));
    const answer = await oauthSignIn(world, accessToken);
    expect(answer.json).toMatchObject({
      responseStatus: 'SUCCESS',
      userId: Number(world.vaultUser.id),
      vaultId: world.vault.vaultId,
    });
    expect(answer.json.vaultIds).toContainEqual(expect.objectContaining({ id: world.vault.vaultId }));
    expect(world.profile.introspections).toBe(1);
    // The session works like a password session, and is not an /auth call.
    const me = await call(world.vault, 'GET', `/api/${V}/objects/users/me`, { auth: answer.json.sessionId, raw: true });
    expect(me.json.responseStatus).toBe('SUCCESS');
    expect(world.vault.requests.map((r) => r.operation)).toContain('oauthSession');
    expect(world.vault.requests.map((r) => r.operation)).not.toContain('auth');
  });

  it('accepts an AWS STS GetWebIdentityToken JWT fetched with the real SDK', async () => {
    const world = await started(startOAuthWorld());
    const sts = new STSClient({ ...world.sts.clientConfig(), maxAttempts: 1 });
    const { WebIdentityToken } = await sts.send(
      new GetWebIdentityTokenCommand({ Audience: [AZURE_AD_TOKEN_EXCHANGE], SigningAlgorithm: 'ES384' }),
    );
    const answer = await oauthSignIn(world, await accessTokenFor(world, WebIdentityToken!));
    expect(answer.json.responseStatus).toBe('SUCCESS');
  });

  it('uses the profile default client_id and applies auth defaulting like /auth', async () => {
    const world = await started(startOAuthWorld());
    const accessToken = await accessTokenFor(world, await githubJwt(world));
    world.vault.setAuthDefaulting({ url: 'https://other.veevavault.com', vaultId: 4242 });
    const answer = await call(world.vault, 'POST', `/auth/oauth/session/${OAUTH_WORLD_PROFILE_ID}`, { auth: accessToken });
    expect(answer.json).toMatchObject({ responseStatus: 'SUCCESS', vaultId: 4242 });
  });

  it('refuses an unknown profile, a missing or inactive token, an expired token and an unmapped subject', async () => {
    const world = await started(startOAuthWorld());
    const accessToken = await accessTokenFor(world, await githubJwt(world));
    const failure = (answer: { json: { responseStatus: string; errors: { type: string; message: string }[] } }) => ({
      status: answer.json.responseStatus,
      type: answer.json.errors[0]!.type,
      message: answer.json.errors[0]!.message,
    });

    const unknown = failure(await oauthSignIn(world, accessToken, {}, 'no-such-profile'));
    expect(unknown).toMatchObject({ status: 'FAILURE', type: 'INVALID_DATA' });
    expect(unknown.message).toContain('no-such-profile');
    expect(failure(await oauthSignIn(world, undefined))).toMatchObject({ type: 'INVALID_TOKEN' });
    expect(failure(await oauthSignIn(world, 'not-a-token'))).toMatchObject({ type: 'INVALID_TOKEN' });

    world.profile.unmapUser(world.application.servicePrincipalId);
    const unmapped = failure(await oauthSignIn(world, accessToken));
    expect(unmapped).toMatchObject({ type: 'INVALID_TOKEN' });
    expect(unmapped.message).toContain('No Vault user is mapped');
    world.profile.mapUser(world.application.servicePrincipalId, world.vaultUser.id);
    expect((await oauthSignIn(world, accessToken)).json.responseStatus).toBe('SUCCESS');

    world.vault.clock.advance(3600 * 1000);
    expect(failure(await oauthSignIn(world, accessToken))).toMatchObject({ type: 'EXPIRED_TOKEN' });
    for (const answer of [unknown, unmapped]) expect(answer.message).not.toContain(accessToken);
  });

  it('refuses a token for another audience and leaves /auth and /api routing as they were', async () => {
    const world = await started(startOAuthWorld());
    world.authorizationServer.addResource('api://other');
    const secretToken = await postForm(world.authorizationServer.tokenEndpoint, {
      grant_type: 'client_credentials',
      client_id: world.application.clientId,
      client_secret: world.application.clientSecret!,
      scope: 'api://other/.default',
    });
    const other = await oauthSignIn(world, String(secretToken.json.access_token));
    expect(other.json.errors[0]).toMatchObject({ type: 'INVALID_TOKEN' });

    expect((await call(world.vault, 'GET', `/auth/oauth/session/${OAUTH_WORLD_PROFILE_ID}`)).json.errors[0].type).toBe('MALFORMED_URL');
    expect((await call(world.vault, 'POST', '/auth/oauth/other')).json.errors[0].type).toBe('MALFORMED_URL');
    const password = await call(world.vault, 'POST', `/api/${V}/auth`, {
      form: { username: world.vault.bootstrapUser.userName, password: world.vault.bootstrapUser.password },
    });
    expect(password.json.responseStatus).toBe('SUCCESS');
  });

  it('answers an unreachable authorization server with a retryable EXCEPTION and shows no secret when printed', async () => {
    const world = await started(startOAuthWorld());
    const accessToken = await accessTokenFor(world, await githubJwt(world));
    world.authorizationServer.injectFault({ operation: 'introspect', kind: { type: 'service-error', status: 503 } });
    const answer = await oauthSignIn(world, accessToken);
    expect(answer.json).toMatchObject({ responseStatus: 'EXCEPTION', errors: [{ type: 'UNEXPECTED_ERROR' }] });
    const shown = `${inspect(world, { depth: 5 })} ${JSON.stringify(world)} ${String(world)}`;
    expect(shown).not.toContain(world.application.clientSecret!);
    expect(shown).not.toContain(world.github.requestToken);
  });
});
