// Property: whatever goes wrong during an OAuth sign-in (refusals, outages, an authorization server or a Vault that
// echoes the credential back), no JWT, access token, client secret or session id that crossed the wire appears in
// the error (message, stack, cause chain, util.inspect, JSON), in the result as printed, or in any log line.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthSignInError, signInWithOAuth, type OAuthSignInSettings } from '../../../shared/auth/oauth/index.js';
import { registerSecretValue } from '../../../shared/redaction/redact.js';
import { Secret } from '../../../shared/secret.js';
import { OAUTH_WORLD_PROFILE_ID, startOAuthWorld, type OAuthWorld } from '../../../simulator/identity/oauth-world.js';
import { allRenderings, githubSource, stsSource, wire } from './support.js';

const SCENARIOS = [
  'success',
  'wrong-audience',
  'wrong-subject',
  'unknown-profile',
  'unmapped-user',
  'authorization-server-down',
  'introspection-down',
  'authorization-server-echoes-credentials',
  'vault-echoes-token',
  'auth-defaulting',
] as const;
type Scenario = (typeof SCENARIOS)[number];

let world: OAuthWorld;
let sandbox: { url: string; vaultId: number };

beforeAll(async () => {
  world = await startOAuthWorld();
  sandbox = await world.vault.addSandbox('Elsewhere');
}, 30_000);

afterAll(async () => {
  await world?.close();
});

function reset(): void {
  world.authorizationServer.clearFaults();
  world.vault.clearFaults();
  world.vault.setAuthDefaulting(null);
  world.github.setJob({ ref: 'refs/heads/main' });
  world.profile.mapUser(world.application.servicePrincipalId, world.vaultUser.id);
}

async function run(scenario: Scenario, credentialKind: 'github' | 'sts' | 'secret') {
  reset();
  const wired = wire(world);
  const credential: OAuthSignInSettings['credential'] =
    credentialKind === 'secret'
      ? { kind: 'secret', secret: new Secret(world.application.clientSecret!) }
      : {
          kind: 'assertion',
          source: credentialKind === 'github' ? githubSource(world) : stsSource(world),
          ...(scenario === 'wrong-audience' ? { audience: 'api://untrusted' } : {}),
        };
  const settings: OAuthSignInSettings = {
    tokenUrl: world.authorizationServer.tokenEndpoint,
    clientId: world.application.clientId,
    scope: world.scope,
    profileId: scenario === 'unknown-profile' ? 'missing-profile' : OAUTH_WORLD_PROFILE_ID,
    loginUrl: world.loginUrl,
    credential,
  };
  switch (scenario) {
    case 'wrong-subject':
      world.github.setJob({ ref: 'refs/heads/other' });
      break;
    case 'unmapped-user':
      world.profile.unmapUser(world.application.servicePrincipalId);
      break;
    case 'authorization-server-down':
      world.authorizationServer.injectFault({ operation: 'token', kind: { type: 'service-error', status: 503 }, times: Infinity });
      break;
    case 'introspection-down':
      world.authorizationServer.injectFault({ operation: 'introspect', kind: { type: 'service-error', status: 503 }, times: Infinity });
      break;
    case 'auth-defaulting':
      world.vault.setAuthDefaulting(sandbox);
      break;
    case 'authorization-server-echoes-credentials':
      wired.intercept = (url, init) => {
        if (url !== world.authorizationServer.tokenEndpoint) return undefined;
        const form = new URLSearchParams(String(init?.body));
        const echoed = `${form.get('client_assertion') ?? ''} ${form.get('client_secret') ?? ''}`;
        return Response.json({ error: `invalid_client ${echoed}`, error_description: `Rejected: ${echoed}` }, { status: 400 });
      };
      break;
    case 'vault-echoes-token':
      wired.intercept = (url, init) => {
        if (!url.includes('/auth/oauth/session/')) return undefined;
        const presented = new Headers(init?.headers).get('authorization') ?? '';
        return Response.json({
          responseStatus: 'FAILURE',
          errorType: 'AUTHENTICATION_FAILED',
          errors: [{ type: 'INVALID_TOKEN', message: `Token ${presented} is not valid` }],
        });
      };
      break;
    default:
      break;
  }
  let outcome: unknown;
  try {
    outcome = await signInWithOAuth(wired.http, wired.target, settings, {
      retry: { attempts: 2, minDelayMs: 0, maxDelayMs: 1 },
    });
  } catch (error) {
    outcome = error;
  }
  return { outcome, seen: [...wired.seen], lines: wired.lines };
}

describe('OAuth sign-in masking', () => {
  it('no credential that crossed the wire appears in any error, result or log line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SCENARIOS),
        fc.constantFrom('github' as const, 'sts' as const, 'secret' as const),
        async (scenario, credentialKind) => {
          const { outcome, seen, lines } = await run(scenario, credentialKind);
          // Audience and subject belong to a workload JWT: a client secret (and STS, for the GitHub subject) is unaffected.
          const unaffected =
            (scenario === 'wrong-audience' && credentialKind === 'secret') ||
            (scenario === 'wrong-subject' && credentialKind !== 'github');
          if (scenario === 'success' || unaffected) expect(outcome).not.toBeInstanceOf(Error);
          else expect(outcome).toBeInstanceOf(OAuthSignInError);
          expect(seen.length).toBeGreaterThan(0);
          const shown = `${allRenderings(outcome)}\n${allRenderings(lines)}`;
          for (const value of seen) expect(shown).not.toContain(value);
        },
      ),
      { numRuns: 40 },
    );
  }, 240_000);

  it('a JWT is blanked in an error even after the redaction store has forgotten it', async () => {
    const wired = wire(world);
    reset();
    const jwt = await githubSource(world)('api://AzureADTokenExchange', undefined);
    for (let i = 0; i < 600; i += 1) registerSecretValue(`filler-value-${i}-${'x'.repeat(8)}`);
    wired.intercept = (url) =>
      url === world.authorizationServer.tokenEndpoint
        ? Response.json({ error: 'invalid_client', error_description: `bad ${jwt}` }, { status: 401 })
        : undefined;
    const settings: OAuthSignInSettings = {
      tokenUrl: world.authorizationServer.tokenEndpoint,
      clientId: world.application.clientId,
      scope: world.scope,
      profileId: OAUTH_WORLD_PROFILE_ID,
      loginUrl: world.loginUrl,
      credential: { kind: 'assertion', source: async () => jwt },
    };
    const error = await signInWithOAuth(wired.http, wired.target, settings).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OAuthSignInError);
    expect(allRenderings(error)).not.toContain(jwt);
  });
});
