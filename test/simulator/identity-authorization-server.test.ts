// The Entra-like authorization server: the client-credentials exchange with a federated client_assertion (a real
// GitHub-like JWT, checked against the issuer's published JWKS) or a client secret, and RFC 7662 introspection.
// Access tokens are verified with jose against the server's own published keys.
import { describe, expect, it } from 'vitest';
import { AZURE_AD_TOKEN_EXCHANGE, JWT_BEARER_ASSERTION, startAuthorizationServer } from '../../simulator/identity/authorization-server.js';
import { startGitHubActionsOidc } from '../../simulator/identity/github-actions.js';
import { startOidcIssuer } from '../../simulator/identity/issuer.js';
import { basicAuth, postForm, useClosers, verifyByDiscovery } from './identity-support.js';

const started = useClosers();
const SCOPE = 'api://vault-login/.default';

async function githubToken(github: { requestUrl: string; requestToken: string }, audience = AZURE_AD_TOKEN_EXCHANGE) {
  const response = await fetch(`${github.requestUrl}&audience=${encodeURIComponent(audience)}`, {
    headers: { Authorization: `Bearer ${github.requestToken}` },
    signal: AbortSignal.timeout(10_000),
  });
  return ((await response.json()) as { value: string }).value;
}

async function world() {
  const github = await started(startGitHubActionsOidc());
  const as = await started(startAuthorizationServer());
  const app = as.addApplication({
    federatedCredentials: [{ name: 'main', issuer: github.issuer.url, subject: github.subject }],
  });
  const exchange = (assertion: string, extra: Record<string, string> = {}) =>
    postForm(as.tokenEndpoint, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_assertion_type: JWT_BEARER_ASSERTION,
      client_assertion: assertion,
      scope: SCOPE,
      ...extra,
    });
  return { github, as, app, exchange };
}

describe('authorization server stand-in: federated client credentials', () => {
  it('exchanges a matching GitHub JWT for an access token signed with its published keys', async () => {
    const { github, as, app, exchange } = await world();
    const answer = await exchange(await githubToken(github));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const accessToken = String(answer.json.access_token);
    const { payload } = await verifyByDiscovery(accessToken, as.issuer, { audience: 'api://vault-login' });
    expect(payload).toMatchObject({ azp: app.clientId, sub: app.servicePrincipalId, tid: as.tenantId, idtyp: 'app' });
    expect(as.accessTokens()).toHaveLength(1);
    expect(as.accessTokens()[0]!.via).toBe('assertion');
  });

  it('refuses an issuer, subject or audience that no federated credential names, with Entra codes', async () => {
    const { github, exchange, app } = await world();
    const wrongAudience = await exchange(await githubToken(github, 'api://someone-else'));
    expect(wrongAudience.status).toBe(401);
    expect(wrongAudience.json).toMatchObject({ error: 'invalid_client', error_codes: [700212] });

    github.setJob({ ref: 'refs/heads/feature' });
    const wrongSubject = await exchange(await githubToken(github));
    expect(wrongSubject.json).toMatchObject({ error: 'invalid_client', error_codes: [700213] });
    expect(String(wrongSubject.json.error_description)).toContain('refs/heads/feature');

    const stranger = await started(startOidcIssuer());
    const now = Math.floor(Date.now() / 1000);
    const foreign = await stranger.sign({ iss: stranger.url, sub: 'x', aud: AZURE_AD_TOKEN_EXCHANGE, iat: now, exp: now + 300 });
    const wrongIssuer = await exchange(foreign);
    expect(wrongIssuer.json).toMatchObject({ error: 'invalid_client', error_codes: [700211] });
    expect(app.clientId).toBeTruthy();
  });

  it('refuses a forged signature, an expired assertion and a replayed one', async () => {
    const { github, exchange } = await world();
    const token = await githubToken(github);
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    expect((await exchange(forged)).json).toMatchObject({ error: 'invalid_client', error_codes: [50013] });

    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: github.issuer.url, sub: github.subject, aud: AZURE_AD_TOKEN_EXCHANGE };
    const expired = await github.issuer.sign({ ...claims, iat: now - 900, exp: now - 600, jti: 'old' });
    expect((await exchange(expired)).json).toMatchObject({ error: 'invalid_client', error_codes: [700024] });

    expect((await exchange(token)).status).toBe(200);
    const replay = await exchange(token);
    expect(replay.status).toBe(401);
    expect(String(replay.json.error_description)).toContain('already used');
  });

  it('takes a client secret (form or HTTP Basic) and refuses a wrong one without echoing it', async () => {
    const as = await started(startAuthorizationServer());
    const app = as.addApplication({ clientSecret: true });
    const secret = app.clientSecret!;
    const form = { grant_type: 'client_credentials', scope: SCOPE };
    expect((await postForm(as.tokenEndpoint, { ...form, client_id: app.clientId, client_secret: secret })).status).toBe(200);
    expect((await postForm(as.tokenEndpoint, form, { Authorization: basicAuth(app.clientId, secret) })).status).toBe(200);
    const wrong = await postForm(as.tokenEndpoint, { ...form, client_id: app.clientId, client_secret: `${secret}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(wrong.text).not.toContain(secret);
    expect(as.accessTokens().map((t) => t.via)).toEqual(['secret', 'secret']);
  });
});

describe('authorization server stand-in: RFC 7662 introspection', () => {
  it('answers active with the token facts, then inactive once revoked or expired', async () => {
    let now = Date.now();
    const clock = { now: () => now };
    const as = await started(startAuthorizationServer({ clock, accessTokenLifetimeSeconds: 60 }));
    const app = as.addApplication({ clientSecret: true });
    const issued = await postForm(as.tokenEndpoint, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret!,
      scope: SCOPE,
    });
    const token = String(issued.json.access_token);
    const introspect = (value: string, clientId = app.clientId) =>
      postForm(as.introspectionEndpoint, { token: value, client_id: clientId });

    const active = await introspect(token);
    expect(active.status).toBe(200);
    expect(active.json).toMatchObject({
      active: true,
      client_id: app.clientId,
      sub: app.servicePrincipalId,
      aud: 'api://vault-login',
      iss: as.issuer,
      token_type: 'Bearer',
    });
    expect((await introspect('not-a-token')).json).toEqual({ active: false });
    expect((await introspect(token, '00000000-0000-4000-8000-000000000000')).status).toBe(401);

    now += 61_000;
    expect((await introspect(token)).json).toEqual({ active: false });
    now -= 61_000;
    expect(as.revokeAccessToken(token)).toBe(true);
    expect((await introspect(token)).json).toEqual({ active: false });
  });
});
