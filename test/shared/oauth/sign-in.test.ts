// signInWithOAuth against the loopback stand-ins: a real JWT from the GitHub-like ID-token service or from STS
// GetWebIdentityToken (through the real @aws-sdk/client-sts), verified by the Entra-like authorization server against
// the issuer's published JWKS, exchanged for an access token, which the Vault simulator validates by introspection.
import * as core from '@actions/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OAuthSignInError, signInWithOAuth, type OAuthSignInSettings } from '../../../shared/auth/oauth/index.js';
import { Secret } from '../../../shared/secret.js';
import { OAUTH_WORLD_PROFILE_ID, startOAuthWorld, type OAuthWorld } from '../../../simulator/identity/oauth-world.js';
import { captureOutput } from '../../../simulator/output-capture.js';
import { useClosers } from '../../simulator/identity-support.js';
import { call } from '../../simulator/vault-support.js';
import { githubSource, stsSource, wire } from './support.js';

const started = useClosers();
const FAST = { attempts: 3, minDelayMs: 1, maxDelayMs: 5 };

afterEach(() => {
  vi.unstubAllEnvs();
});

function settingsFor(world: OAuthWorld, overrides: Partial<OAuthSignInSettings> = {}): OAuthSignInSettings {
  return {
    tokenUrl: world.authorizationServer.tokenEndpoint,
    clientId: world.application.clientId,
    scope: world.scope,
    profileId: OAUTH_WORLD_PROFILE_ID,
    loginUrl: world.loginUrl,
    credential: { kind: 'assertion', source: githubSource(world) },
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<OAuthSignInError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OAuthSignInError);
  return error as OAuthSignInError;
}

const tokenRequests = (world: OAuthWorld) =>
  world.authorizationServer.requests.filter((r) => r.operation === 'token').length;

describe('signInWithOAuth: sign-in with no stored Vault credential', () => {
  it('GitHub ID token → access token → Vault session for the mapped user, usable at once', async () => {
    const world = await started(startOAuthWorld());
    const { http, target, lines } = wire(world);
    const session = await signInWithOAuth(http, target, settingsFor(world), { retry: FAST });
    expect(session.userId).toBe(world.vaultUser.id);
    expect(session.attempts).toEqual({ exchanges: 1, vaultSignIns: 1 });
    expect(session.accessTokenExpiresAt).toBeGreaterThan(world.vault.clock.now());
    const me = await call(world.vault, 'GET', '/api/v26.2/objects/users/me', { auth: session.sessionId.reveal(), raw: true });
    expect(me.json.responseStatus).toBe('SUCCESS');
    expect(world.authorizationServer.accessTokens()[0]!.via).toBe('assertion');
    // The calls one sign-in costs: one ID token, one exchange, one Vault sign-in (which introspects once), no /auth.
    expect(world.github.issued).toBe(1);
    expect(tokenRequests(world)).toBe(1);
    expect(world.profile.introspections).toBe(1);
    expect(world.vault.requests.map((r) => r.operation)).toEqual(['oauthSession', 'whoAmI']);
    expect(lines.some((line) => line.message === 'Signed in to Vault with OAuth')).toBe(true);
  });

  it('works with @actions/core getIDToken as the source, which masks the JWT the moment it exists', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    for (const [name, value] of Object.entries(world.github.env())) vi.stubEnv(name, value);
    const output = captureOutput();
    try {
      const session = await signInWithOAuth(
        http,
        target,
        settingsFor(world, { credential: { kind: 'assertion', source: (audience) => core.getIDToken(audience) } }),
        { retry: FAST },
      );
      expect(session.userId).toBe(world.vaultUser.id);
    } finally {
      output.restore();
    }
    expect(output.text()).toContain('::add-mask::');
  });

  it('says the job needs id-token: write when GitHub gave it no ID-token variables', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_URL', '');
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_TOKEN', '');
    const source = (audience: string) => core.getIDToken(audience);
    const output = captureOutput();
    let error: OAuthSignInError;
    try {
      error = await failure(signInWithOAuth(http, target, settingsFor(world, { credential: { kind: 'assertion', source } })));
    } finally {
      output.restore();
    }
    expect(error.step).toBe('identity-token');
    expect(error.message).toContain('permissions: id-token: write');
    expect(tokenRequests(world)).toBe(0);
  });

  it('AWS STS GetWebIdentityToken (the Lambda role) as the source', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    const session = await signInWithOAuth(http, target, settingsFor(world, { credential: { kind: 'assertion', source: stsSource(world) } }));
    expect(session.userId).toBe(world.vaultUser.id);
    expect(world.sts.issued).toBe(1);
  });

  it('a client secret, for authorization servers that cannot federate', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    const secret = new Secret(world.application.clientSecret!);
    const session = await signInWithOAuth(http, target, settingsFor(world, { credential: { kind: 'secret', secret } }));
    expect(session.userId).toBe(world.vaultUser.id);
    expect(world.authorizationServer.accessTokens()[0]!.via).toBe('secret');
  });

  it('sends no scope when none is given (and the authorization server then says what is missing)', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    const { scope: _scope, ...noScope } = settingsFor(world);
    const error = await failure(signInWithOAuth(http, target, noScope));
    expect(error).toMatchObject({ step: 'token-exchange', code: 'invalid_request', httpStatus: 400 });
    expect(error.message).toContain("'scope'");
  });
});

describe('signInWithOAuth: refusals name the step and are not retried', () => {
  it('wrong audience: the federated credential does not match', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    const credential = { kind: 'assertion' as const, source: githubSource(world), audience: 'api://not-trusted' };
    const error = await failure(signInWithOAuth(http, target, settingsFor(world, { credential }), { retry: FAST }));
    expect(error).toMatchObject({ step: 'token-exchange', code: 'invalid_client', httpStatus: 401, retryable: false });
    expect(error.message).toContain('AADSTS700212');
    expect(error.message).not.toContain('Trace ID');
    expect(tokenRequests(world)).toBe(1);
  });

  it('wrong subject: another branch than the federated credential names', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    world.github.setJob({ ref: 'refs/heads/untrusted' });
    const error = await failure(signInWithOAuth(http, target, settingsFor(world), { retry: FAST }));
    expect(error).toMatchObject({ step: 'token-exchange', code: 'invalid_client' });
    expect(error.message).toContain('AADSTS700213');
    expect(error.message).toContain('repo:octo-org/octo-repo:ref:refs/heads/untrusted');
  });

  it('expired identity token', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    const source = async () => {
      const now = Math.floor(world.vault.clock.now() / 1000);
      return world.github.issuer.sign({
        iss: world.github.issuer.url,
        sub: world.github.subject,
        aud: 'api://AzureADTokenExchange',
        iat: now - 900,
        exp: now - 300,
      });
    };
    const error = await failure(signInWithOAuth(http, target, settingsFor(world, { credential: { kind: 'assertion', source } })));
    expect(error).toMatchObject({ step: 'token-exchange', code: 'invalid_client' });
    expect(error.message).toContain('AADSTS700024');
  });

  it('the authorization server refuses an unknown client', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    const clientId = '11111111-2222-4333-8444-555555555555';
    const error = await failure(signInWithOAuth(http, target, settingsFor(world, { clientId }), { retry: FAST }));
    expect(error).toMatchObject({ step: 'token-exchange', code: 'unauthorized_client', retryable: false });
    expect(tokenRequests(world)).toBe(1);
  });

  it('Vault refuses an unknown profile and a subject mapped to no user; nothing is retried', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    const unknown = await failure(signInWithOAuth(http, target, settingsFor(world, { profileId: 'no-such-profile' }), { retry: FAST }));
    expect(unknown).toMatchObject({ step: 'vault-session', code: 'INVALID_DATA', retryable: false });
    expect(unknown.message).toContain('no-such-profile');

    world.profile.unmapUser(world.application.servicePrincipalId);
    const unmapped = await failure(signInWithOAuth(http, target, settingsFor(world), { retry: FAST }));
    expect(unmapped).toMatchObject({ step: 'vault-session', code: 'INVALID_TOKEN' });
    expect(tokenRequests(world)).toBe(2);
  });

  it('bad settings fail before any request, naming the field', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    const cases: [Partial<OAuthSignInSettings>, string][] = [
      [{ tokenUrl: 'http://login.example.com/t/oauth2/v2.0/token' }, 'oauth.tokenUrl'],
      [{ tokenUrl: 'https://user:pw@login.example.com/token' }, 'oauth.tokenUrl'],
      [{ loginUrl: 'https://login.veevavault.com/auth' }, 'oauth.loginUrl'],
      [{ clientId: 'has space' }, 'oauth.clientId'],
      [{ profileId: '../admin' }, 'oauth.profileId'],
      [{ scope: '  ' }, 'oauth.scope'],
    ];
    for (const [override, field] of cases) {
      const error = await failure(signInWithOAuth(http, target, settingsFor(world, override)));
      expect(error).toMatchObject({ step: 'configure', field });
      expect(error.message).not.toContain('pw@');
    }
    expect(tokenRequests(world)).toBe(0);
    expect(world.vault.requests).toHaveLength(0);
  });
});

describe('signInWithOAuth: answers that are not what they should be', () => {
  it('a source that returns no signed JWT fails at the identity-token step, before any exchange', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    for (const value of ['', 'not-a-jwt', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 42]) {
      const source = async () => value as string;
      const error = await failure(signInWithOAuth(http, target, settingsFor(world, { credential: { kind: 'assertion', source } })));
      expect(error).toMatchObject({ step: 'identity-token', retryable: false });
    }
    expect(tokenRequests(world)).toBe(0);
  });

  it('never follows a redirect from the token endpoint (the form carries the credential)', async () => {
    const world = await started(startOAuthWorld());
    const wired = wire(world);
    const followed: string[] = [];
    wired.intercept = (url) => {
      if (url === world.authorizationServer.tokenEndpoint) {
        return new Response(null, { status: 302, headers: { Location: 'http://127.0.0.1:9/steal' } });
      }
      followed.push(url);
      return undefined;
    };
    const error = await failure(signInWithOAuth(wired.http, wired.target, settingsFor(world), { retry: FAST }));
    expect(error).toMatchObject({ step: 'token-exchange', httpStatus: 302, retryable: false });
    expect(followed).toEqual([]);
  });

  it('refuses a 200 answer without an access token or with another token type', async () => {
    const world = await started(startOAuthWorld());
    const wired = wire(world);
    for (const body of [{ token_type: 'Bearer' }, { access_token: 'x'.repeat(40), token_type: 'mac' }]) {
      wired.intercept = (url) => (url === world.authorizationServer.tokenEndpoint ? Response.json(body) : undefined);
      const error = await failure(signInWithOAuth(wired.http, wired.target, settingsFor(world), { retry: FAST }));
      expect(error).toMatchObject({ step: 'token-exchange', httpStatus: 200 });
      expect(error.message).not.toContain('x'.repeat(40));
    }
    expect(world.vault.requests).toHaveLength(0);
  });
});

describe('signInWithOAuth: bounded retries of transient failures', () => {
  it('retries an authorization server outage with a fresh identity token each time', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    world.authorizationServer.injectFault({ operation: 'token', kind: { type: 'service-error', status: 503 } });
    const session = await signInWithOAuth(http, target, settingsFor(world), { retry: FAST });
    expect(session.attempts).toEqual({ exchanges: 2, vaultSignIns: 1 });
    expect(world.github.issued).toBe(2);
  });

  it('gives up after the policy attempts, saying the failure is retryable', async () => {
    const world = await started(startOAuthWorld());
    const { http, target, lines } = wire(world);
    world.authorizationServer.injectFault({ operation: 'token', kind: { type: 'service-error', status: 503 }, times: Infinity });
    const error = await failure(signInWithOAuth(http, target, settingsFor(world), { retry: FAST }));
    expect(error).toMatchObject({ step: 'token-exchange', httpStatus: 503, retryable: true });
    expect(tokenRequests(world)).toBe(3);
    expect(lines.filter((line) => line.message === 'OAuth sign-in step failed; retrying')).toHaveLength(2);
  });

  it('retries a Vault that cannot reach the authorization server, reusing the access token', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    world.authorizationServer.injectFault({ operation: 'introspect', kind: { type: 'service-error', status: 503 } });
    const session = await signInWithOAuth(http, target, settingsFor(world), { retry: FAST });
    expect(session.attempts).toEqual({ exchanges: 1, vaultSignIns: 2 });
  });

  it('replaces an access token Vault calls expired with a new exchange', async () => {
    const world = await started(startOAuthWorld({ authorizationServer: { accessTokenLifetimeSeconds: 60 } }));
    const wired = wire(world);
    let advanced = false;
    wired.afterAnswer = (url) => {
      if (!advanced && url === world.authorizationServer.tokenEndpoint) {
        advanced = true;
        world.vault.clock.advance(61_000);
      }
    };
    const session = await signInWithOAuth(wired.http, wired.target, settingsFor(world), { retry: FAST });
    expect(session.attempts).toEqual({ exchanges: 2, vaultSignIns: 2 });
  });

  it('ends a session Vault opened for another Vault (auth defaulting) and fails', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    const other = await world.vault.addSandbox('Other');
    world.vault.setAuthDefaulting({ url: other.url, vaultId: other.vaultId });
    const error = await failure(signInWithOAuth(http, target, settingsFor(world), { retry: FAST }));
    expect(error).toMatchObject({ step: 'vault-session', code: 'AUTH_DEFAULTING' });
    expect(world.vault.requests.map((r) => r.operation)).toEqual(['oauthSession', 'endSession']);
  });

  it('stops at once when the caller aborts', async () => {
    const world = await started(startOAuthWorld());
    const { http, target } = wire(world);
    const controller = new AbortController();
    controller.abort();
    const error = await failure(signInWithOAuth(http, target, settingsFor(world), { signal: controller.signal }));
    expect(error.message).toContain('cancelled');
    expect(tokenRequests(world)).toBe(0);
  });
});
