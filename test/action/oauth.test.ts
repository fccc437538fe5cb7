// The OAuth 2.0 / OIDC sign-in end to end, through the committed bundles and the runner model: the job's GitHub ID
// token (a real JWT from the loopback ID-token service, read by @actions/core's getIDToken through
// ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN) is exchanged at the Entra-like authorization server, whose access token opens a
// Vault session (Vault introspects it); the session mints, is ended, and post revokes the token. Every request goes
// through a tap that notes the ID token, the access token and the session id, so the leak audit can prove none of them
// is ever shown, on the happy path and on every refusal.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OAUTH_WORLD_PROFILE_ID, type OAuthWorld } from '../../simulator/identity/oauth-world.js';
import { call } from '../simulator/vault-support.js';
import { expectNoLeaks, type JobRun, maskLabels } from './support/job.js';
import { jobOutputs } from './support/masker.js';
import { expectNothingShown as expectAllHidden, type OAuthJobWorld, startOAuthJobWorld } from './support/oauth-job.js';
import { runStage } from './support/runner.js';
import { mintedTokens, NOW, PINNED_CLOCK } from './support/vault.js';
import { node24Missing, requireNode24 } from '../support/node24.js';

const ONE_HOUR_LATER = new Date(NOW + 60 * 60 * 1000).toISOString().replace('.000Z', 'Z');

let env: OAuthJobWorld;
let world: OAuthWorld;

beforeEach(async () => {
  env = await startOAuthJobWorld();
  world = env.world;
});

afterEach(async () => {
  await env.close();
});

const oauthInputs = (overrides?: Record<string, string>) => env.inputs(overrides);
const runOAuthJob = (inputs = oauthInputs(), idTokenWrite = true) => env.run({ inputs, idTokenWrite });
const expectNothingShown = (job: JobRun) => expectAllHidden(job, env.secrets());

describe('OAuth sign-in (no stored Vault credential)', () => {
  it('mints with the job identity alone, masks every credential the moment it exists, ends the session, revokes at job end', async () => {
    const job = await runOAuthJob();

    expect(job.main.result.failed).toBe(false);
    const { outputs } = job.main.result;
    expect(outputs.token?.startsWith('veeva-vault-')).toBe(true);
    expect(outputs['expires-at']).toBe(ONE_HOUR_LATER);
    expect(outputs['user-id']).toBe(world.vaultUser.id);
    const [minted] = mintedTokens(world.vault);
    expect(minted?.id).toBe(outputs['token-id']);
    expect(minted?.userId).toBe(world.vaultUser.id);

    // The tap saw the three credentials of the sign-in; each was masked before anything could print it.
    const seen = env.secrets();
    expect(seen.map((s) => s.label).sort()).toEqual(['GitHub ID token', 'access token', 'session id']);
    for (const secret of seen) expect({ label: secret.label, masked: job.masker.covers(secret.value) }).toEqual({ label: secret.label, masked: true });
    const labels = maskLabels(job.masker, [...seen, { label: 'minted token', value: job.token ?? '?' }]);
    expect(labels.indexOf('GitHub ID token')).toBeLessThan(labels.indexOf('access token'));
    expect(labels.indexOf('access token')).toBeLessThan(labels.indexOf('session id'));
    expect(labels.indexOf('session id')).toBeLessThan(labels.indexOf('minted token'));
    expectNothingShown(job);
    // State holds what post needs (the token revokes itself), never a credential of the sign-in.
    expect(Object.keys(job.main.result.state).sort()).toEqual([
      'apiVersion',
      'clientId',
      'expiresAt',
      'token',
      'tokenId',
      'vaultOrigin',
    ]);

    // One ID token, one exchange (with the scope given), one Vault sign-in introspected once.
    expect(world.github.issued).toBe(1);
    expect(world.authorizationServer.accessTokens()).toMatchObject([
      { via: 'assertion', clientId: world.application.clientId, scope: world.scope },
    ]);
    expect(world.profile.introspections).toBe(1);
    // The session is ended as soon as the mint is handed over; post revokes with the token itself.
    const operations = world.vault.requests.map((r) => r.operation);
    expect(operations.slice(0, 4)).toEqual(['oauthSession', 'whoAmI', 'mint', 'endSession']);
    expect(operations.filter((o) => o === 'endSession')).toHaveLength(1);
    expect(operations).not.toContain('auth');
    const sessionId = seen.find((s) => s.label === 'session id')!.value;
    const after = await call(world.vault, 'GET', '/api/v26.2/objects/users/me', { auth: sessionId, raw: true });
    expect(after.json.responseStatus).not.toBe('SUCCESS');

    expect(job.post.result.failed).toBe(false);
    expect(job.post.text).toContain(`Token ${outputs['token-id']} revoked.`);
    expect(world.vault.isTokenAccepted(outputs.token ?? '')).toBe(false);
    expect(jobOutputs(job.masker, outputs).dropped).toEqual(['token']);
    // Nothing written for later steps but the outputs: no environment variable, no PATH entry.
    for (const step of [job.main, job.post]) {
      expect({ env: step.result.exportedEnv, path: step.result.path }).toEqual({ env: {}, path: [] });
    }
    expect(job.main.text).toContain(`OAuth profile ${OAUTH_WORLD_PROFILE_ID}`);
  });

  it('sends no scope when oauth-scope is empty, and then fails with the authorization server\'s reason', async () => {
    const job = await runOAuthJob(oauthInputs({ 'oauth-scope': '' }));
    expect(job.main.result.failed).toBe(true);
    expect(world.authorizationServer.requests.filter((r) => r.operation === 'token')).toHaveLength(1);
    expect(mintedTokens(world.vault)).toEqual([]);
    expectNothingShown(job);
  });

  it('fails with the authorization server\'s error and description when it refuses the ID token, and mints nothing', async () => {
    world.github.setJob({}, 'repo:someone-else/other-repo:ref:refs/heads/main');
    const job = await runOAuthJob();

    expect(job.main.result.failed).toBe(true);
    const [error] = job.main.result.errors;
    expect(error).toMatch(/OAuth sign-in failed while exchanging the ID token at the authorization server/);
    const refusal = world.authorizationServer.requests.find((r) => r.operation === 'token');
    expect(refusal?.error).toBeTruthy();
    expect(error).toContain(refusal!.error!);
    expect(error).toMatch(/AADSTS\d+: /);
    expect(error).toContain('No token was minted.');
    expect(world.vault.requests).toEqual([]);
    expect(mintedTokens(world.vault)).toEqual([]);
    expect(job.main.result.outputs).toEqual({});
    expectNothingShown(job);
  });

  it("fails with Vault's error type when the OAuth profile does not exist, and mints nothing", async () => {
    const job = await runOAuthJob(oauthInputs({ 'oauth-profile-id': 'no-such-profile' }));

    expect(job.main.result.failed).toBe(true);
    const [error] = job.main.result.errors;
    expect(error).toMatch(/opening the Vault session at Vault's OAuth endpoint/);
    expect(error).toContain('INVALID_DATA');
    expect(error).toContain('no-such-profile');
    expect(world.vault.requests.map((r) => r.operation)).toEqual(['oauthSession']);
    expect(mintedTokens(world.vault)).toEqual([]);
    expectNothingShown(job);
  });

  it('fails saying no Vault user is mapped when the profile maps nobody to the identity, and mints nothing', async () => {
    world.profile.unmapUser(world.application.servicePrincipalId);
    const job = await runOAuthJob();

    expect(job.main.result.failed).toBe(true);
    const [error] = job.main.result.errors;
    expect(error).toContain('INVALID_TOKEN');
    expect(error).toMatch(/No Vault user is mapped/);
    expect(world.vault.requests.map((r) => r.operation)).toEqual(['oauthSession']);
    expect(mintedTokens(world.vault)).toEqual([]);
    expectNothingShown(job);
  });

  it('ends a session Vault opened for another Vault (auth defaulting) and fails naming both, minting nothing', async () => {
    const other = await world.vault.addSandbox('Other');
    world.vault.setAuthDefaulting({ url: other.url, vaultId: other.vaultId });
    const job = await runOAuthJob();

    expect(job.main.result.failed).toBe(true);
    const [error] = job.main.result.errors;
    expect(error).toContain(`opened a session for ${other.host} instead of ${world.vault.host}`);
    expect(error).toContain('No token was minted.');
    expect(world.vault.requests.map((r) => r.operation)).toEqual(['oauthSession', 'endSession']);
    expect(mintedTokens(world.vault)).toEqual([]);
    expectNothingShown(job);
  });

  it("fails at the ID token when GitHub's ID-token service fails, sending nothing to the authorization server", async () => {
    world.github.injectFault({ operation: 'idToken', kind: { type: 'service-error', status: 500 }, times: Infinity });
    const job = await runOAuthJob();

    expect(job.main.result.failed).toBe(true);
    expect(job.main.result.errors[0]).toMatch(/^OAuth sign-in failed while getting the job's GitHub ID token: /);
    expect(env.requests()).toEqual([]);
    expect(world.vault.requests).toEqual([]);
    expect(mintedTokens(world.vault)).toEqual([]);
    expectNothingShown(job);
  });

  it('fails saying `permissions: id-token: write` when the job has no ID token, before any request', async () => {
    const job = await runOAuthJob(oauthInputs(), false);

    expect(job.main.result.failed).toBe(true);
    expect(job.main.result.errors.join('\n')).toContain('permissions: id-token: write');
    expect(world.github.issued).toBe(0);
    expect(world.authorizationServer.requests).toEqual([]);
    expect(world.vault.requests).toEqual([]);
    expect(env.requests()).toEqual([]);
  });

  it('refuses oauth-profile-id with a stored credential, naming both inputs, before any request', async () => {
    const parent = world.vault.bootstrapToken;
    const job = await env.run({
      inputs: oauthInputs({ 'access-token': parent }),
      secrets: [{ label: 'parent token', value: parent }],
    });

    expect(job.main.result.failed).toBe(true);
    expect(job.main.result.errors.join('\n')).toContain('oauth-profile-id, access-token: give only one of them');
    expect(env.requests()).toEqual([]);
    expect(world.github.issued).toBe(0);
    expect(world.vault.requests).toEqual([]);
    expect(maskLabels(job.masker, [{ label: 'parent token', value: parent }])[0]).toBe('parent token');
    expectNoLeaks(job.main, job.post);
  });

  it.each([
    ['the token exchange', 'token' as const],
    ["Vault's OAuth sign-in", 'oauthSession' as const],
  ])('a job cancelled during %s fails saying so, mints nothing, and shows no credential', async (_, operation) => {
    if (operation === 'token') {
      world.authorizationServer.injectFault({ operation: 'token', kind: { type: 'hang' } });
    } else {
      world.vault.injectFault({ operation: 'oauthSession', kind: { type: 'hang' } });
    }
    const path = operation === 'token' ? /^POST \/.*\/oauth2\/v2\.0\/token$/ : /^POST \/auth\/oauth\/session\//;
    const job = await env.run({ cancelMainWhen: env.requested(path) });

    expect(job.main.result.signalsSent).toEqual(['SIGINT']);
    expect(job.main.result.failed).toBe(true);
    expect(job.main.result.errors[0]).toBe('The job was cancelled (SIGINT) before the mint; no token was minted.');
    expect(mintedTokens(world.vault)).toEqual([]);
    expect(world.vault.requests.map((r) => r.operation)).not.toContain('mint');
    expectNothingShown(job);
  });

  it.skipIf(node24Missing)('runs on Node 24 (runs.using: node24): getIDToken, the exchange, the mint, and post revokes', async () => {
    const nodePath = requireNode24();
    const inputs = oauthInputs();
    const stage = { inputs, env: world.github.env(), preload: PINNED_CLOCK, nodePath };
    const main = await runStage('main', stage);
    expect({ failed: main.failed, errors: main.errors }).toEqual({ failed: false, errors: [] });
    expect(main.outputs['user-id']).toBe(world.vaultUser.id);
    const post = await runStage('post', { ...stage, state: main.state });
    expect({ failed: post.failed, warnings: post.warnings }).toEqual({ failed: false, warnings: [] });
    expect(world.vault.isTokenAccepted(main.outputs.token ?? '')).toBe(false);
    expect(world.vault.requests.map((r) => r.operation).slice(0, 4)).toEqual(['oauthSession', 'whoAmI', 'mint', 'endSession']);
  });
});
