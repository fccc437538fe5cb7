// The rotation function AS BUILT, driven the way Secrets Manager drives it, minting with a credentials secret that
// describes an OAuth sign-in: its own AWS identity through STS GetWebIdentityToken (the STS stand-in answering the
// real @aws-sdk/client-sts), an Entra-like authorization server that checks the federated credential and serves
// introspection, and the Vault simulator's OAuth session endpoint. No Vault credential is stored anywhere.

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateSecretCommand, GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openVaultSession, Secret } from '../../shared/index.js';
import { startOAuthWorld, type OAuthWorld } from '../../simulator/identity/oauth-world.js';
import { captureOutput, type OutputCapture } from '../../simulator/output-capture.js';
import { runRotation } from '../../simulator/rotation-driver.js';
import { startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import type { SecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { sdkClientFor } from '../support/secrets-manager-backends.js';
import { type BundledHandler, invokerFor, loadBundledHandler } from './support/bundle.js';

const USABLE_BY = ['arn:aws:secretsmanager:*:secret:vault-token-*'];
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]+/;

describe('rotation with an OAuth credentials secret (no stored Vault credential)', () => {
  let world: OAuthWorld;
  let backend: SecretsManagerStandIn;
  let sm: SecretsManagerClient;
  let handler: BundledHandler;
  let output: OutputCapture;
  /** Every JWT, access token and session id that crossed the wire (fetch), to prove none surfaces. */
  const seen = new Set<string>();
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    world = await startOAuthWorld();
    backend = await startSecretsManagerStandIn();
    // The function's environment: the Secrets Manager stand-in, and the STS stand-in's endpoint with the Lambda role's
    // credentials (the stand-in identifies the principal by its access key; Secrets Manager's accepts any).
    handler = loadBundledHandler({ ...backend.env(), ...world.sts.env() });
    sm = sdkClientFor(backend);
    globalThis.fetch = async (input, init) => {
      const sent = new URLSearchParams(typeof init?.body === 'string' ? init.body : '');
      for (const name of ['client_assertion', 'client_secret']) if (sent.get(name)) seen.add(sent.get(name)!);
      const bearer = new Headers(init?.headers).get('authorization');
      if (bearer?.startsWith('Bearer ')) seen.add(bearer.slice('Bearer '.length));
      const response = await realFetch(input, init);
      const text = await response.clone().text();
      for (const match of text.matchAll(/"(?:access_token|sessionId)"\s*:\s*"([^"]+)"/g)) seen.add(match[1]!);
      return response;
    };
  }, 60_000);
  afterAll(async () => {
    globalThis.fetch = realFetch;
    sm?.destroy();
    await backend?.close();
    await world?.close();
  });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => {
    output.restore();
  });

  const oauth = (overrides: Record<string, unknown> = {}) => ({
    profileId: world.profile.id,
    tokenUrl: world.authorizationServer.tokenEndpoint,
    clientId: world.application.clientId,
    scope: world.scope,
    vaultLoginUrl: world.loginUrl,
    identity: 'aws-sts',
    ...overrides,
  });

  async function create(name: string, value: Record<string, unknown>): Promise<string> {
    const created = await sm.send(
      new CreateSecretCommand({ Name: `${name}-${randomUUID().slice(0, 8)}`, SecretString: JSON.stringify(value) }),
    );
    return created.ARN!;
  }

  async function secretPair(oauthSettings: Record<string, unknown>) {
    const credentialsArn = await create('vault-credentials', { oauth: oauthSettings, usableBy: USABLE_BY });
    const arn = await create('vault-token', { vaultDns: world.vault.url, credentialsSecretArn: credentialsArn });
    return { arn, credentialsArn };
  }

  const rotate = (arn: string, maxAttempts = 1, clientRequestToken?: string) =>
    runRotation({
      backend,
      secretId: arn,
      invoke: invokerFor(handler),
      rotationToken: 'rt',
      maxAttempts,
      ...(clientRequestToken === undefined ? {} : { clientRequestToken }),
    });

  async function current(arn: string): Promise<Record<string, string>> {
    const out = await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: 'AWSCURRENT' }));
    return JSON.parse(out.SecretString ?? '{}') as Record<string, string>;
  }

  const minted = () => world.vault.tokens({ userId: world.vaultUser.id, activeOnly: true });

  function expectNothingLeaked(errors: readonly Error[]): void {
    const text = [output.text(), ...errors.map((e) => `${e.message}\n${e.stack ?? ''}`)].join('\n');
    expect(text).not.toMatch(JWT);
    expect(seen.size).toBeGreaterThan(0);
    for (const value of seen) expect(text.includes(value), 'a credential reached the output').toBe(false);
  }

  it('first rotation mints the first token from the function role\'s STS identity: no token made by hand', async () => {
    const { arn } = await secretPair(oauth());
    const issuedBefore = world.sts.issued;
    const result = await rotate(arn);
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.succeeded).toBe(true);
    const value = await current(arn);
    expect(value).toMatchObject({ vaultDns: world.vault.url, userId: world.vaultUser.id });
    expect(world.vault.isTokenAccepted(value.accessToken!)).toBe(true);
    expect(world.sts.issued).toBeGreaterThan(issuedBefore);
    expect(world.authorizationServer.requests.some((r) => r.operation === 'token')).toBe(true);
    expectNothingLeaked(result.errors);
    expect(output.text()).not.toContain(value.accessToken);
  });

  it('a revoked current token is no re-bootstrap: the next rotation mints from a fresh OAuth sign-in', async () => {
    const { arn } = await secretPair(oauth());
    expect((await rotate(arn)).succeeded).toBe(true);
    const first = await current(arn);
    // Someone revokes the current token in Vault (an admin, a leak response).
    const admin = openVaultSession({ vaultDns: world.vault.url }, { kind: 'token', token: new Secret(world.vault.bootstrapToken) });
    const outcome = await admin.revokeTokens([first.tokenId!]);
    expect(outcome[0]).toMatchObject({ id: first.tokenId });
    expect(world.vault.isTokenAccepted(first.accessToken!)).toBe(false);

    const result = await rotate(arn);
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.succeeded).toBe(true);
    const second = await current(arn);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(world.vault.isTokenAccepted(second.accessToken!)).toBe(true);
    expectNothingLeaked(result.errors);
  });

  it('OAuth sessions are cached like password sessions: a warm container signs in once for two secrets', async () => {
    const credentialsArn = await create('vault-credentials', { oauth: oauth(), usableBy: USABLE_BY });
    const a = await create('vault-token', { vaultDns: world.vault.url, credentialsSecretArn: credentialsArn });
    const b = await create('vault-token', { vaultDns: world.vault.url, credentialsSecretArn: credentialsArn });
    world.authorizationServer.clearRequests();
    const issuedBefore = world.sts.issued;
    expect((await rotate(a)).succeeded).toBe(true);
    expect((await rotate(b)).succeeded).toBe(true);
    expect(world.authorizationServer.requests.filter((r) => r.operation === 'token')).toHaveLength(1);
    expect(world.sts.issued - issuedBefore).toBe(1);
  });

  it('the client-secret fallback works too, and the client secret never shows', async () => {
    const clientSecret = world.application.clientSecret!;
    const { arn } = await secretPair(oauth({ identity: 'client-secret', clientSecret }));
    const result = await rotate(arn);
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.succeeded).toBe(true);
    expect(output.text()).not.toContain(clientSecret);
    expectNothingLeaked(result.errors);
  });

  it('an authorization server refusal fails the rotation with its error, mints nothing, leaks nothing', async () => {
    const { arn } = await secretPair(oauth({ clientId: 'not-a-registered-client' }));
    const before = minted().length;
    const result = await rotate(arn);
    expect(result.succeeded).toBe(false);
    const messages = result.errors.map((e) => e.message).join('\n');
    expect(messages).toMatch(/refused the token request \(HTTP 40\d [a-z_]+\)/);
    expect(minted().length).toBe(before);
    expectNothingLeaked(result.errors);
  });

  it("Vault's refusal of an unknown OAuth profile fails the rotation naming the profile, mints nothing", async () => {
    const { arn } = await secretPair(oauth({ profileId: 'no-such-profile' }));
    const before = minted().length;
    const result = await rotate(arn);
    expect(result.succeeded).toBe(false);
    expect(result.errors.map((e) => e.message).join('\n')).toMatch(/Vault refused the OAuth sign-in \(profile no-such-profile\)/);
    expect(minted().length).toBe(before);
    expectNothingLeaked(result.errors);
  });

  it('a token URL outside ALLOWED_VAULT_HOSTS is refused before any connection', async () => {
    const { arn } = await secretPair(oauth({ tokenUrl: 'https://login.example.net/tenant/oauth2/v2.0/token' }));
    world.authorizationServer.clearRequests();
    const issuedBefore = world.sts.issued;
    const result = await rotate(arn);
    expect(result.succeeded).toBe(false);
    const messages = result.errors.map((e) => e.message).join('\n');
    expect(messages).toContain('credentialsSecretArn (oauth.tokenUrl): login.example.net:443 is not an allowed Vault host');
    expect(world.authorizationServer.requests).toHaveLength(0);
    expect(world.sts.issued).toBe(issuedBefore);
  });

  it('usableBy applies: a credentials secret that does not admit the rotated secret is refused before any sign-in', async () => {
    const credentialsArn = await create('vault-credentials', {
      oauth: oauth(),
      usableBy: ['arn:aws:secretsmanager:*:secret:someone-else-*'],
    });
    const arn = await create('vault-token', { vaultDns: world.vault.url, credentialsSecretArn: credentialsArn });
    world.authorizationServer.clearRequests();
    const result = await rotate(arn);
    expect(result.succeeded).toBe(false);
    expect(result.errors.map((e) => e.message).join('\n')).toContain('credentialsSecretArn');
    expect(world.authorizationServer.requests).toHaveLength(0);
  });

  it('a token endpoint that redirects: the redirect is never followed, nothing reaches its target', async () => {
    const redirector = createServer((_request, response) => {
      response.writeHead(307, { Location: world.authorizationServer.tokenEndpoint }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    try {
      const port = (redirector.address() as AddressInfo).port;
      const { arn } = await secretPair(oauth({ tokenUrl: `http://127.0.0.1:${port}/oauth2/v2.0/token` }));
      world.authorizationServer.clearRequests();
      const result = await rotate(arn);
      expect(result.succeeded).toBe(false);
      expect(result.errors.map((e) => e.message).join('\n')).toContain('redirects are never followed');
      expect(world.authorizationServer.requests.filter((r) => r.operation === 'token')).toHaveLength(0);
      expectNothingLeaked(result.errors);
    } finally {
      await new Promise((resolve) => redirector.close(resolve));
    }
  });

  it('a refused sign-in is never cached: once Vault maps the user again, the next rotation signs in', async () => {
    const { arn } = await secretPair(oauth());
    world.profile.unmapUser(world.application.servicePrincipalId);
    let versionId: string;
    try {
      const refused = await rotate(arn);
      versionId = refused.versionId;
      expect(refused.succeeded).toBe(false);
      expect(refused.errors.map((e) => e.message).join('\n')).toMatch(/Vault refused the OAuth sign-in/);
      expectNothingLeaked(refused.errors);
    } finally {
      world.profile.mapUser(world.application.servicePrincipalId, world.vaultUser.id);
    }
    // Secrets Manager reattempts the same version; the same warm container signs in afresh.
    const result = await rotate(arn, 1, versionId);
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.succeeded).toBe(true);
  });

  it("Vault's API_LIMIT_EXCEEDED at the OAuth session endpoint defers the rotation (auth-limit), nothing minted", async () => {
    const { arn } = await secretPair(oauth());
    const before = minted().length;
    world.vault.injectFault({ operation: 'oauthSession', kind: { type: 'vault-error', errorType: 'API_LIMIT_EXCEEDED' }, times: 50 });
    try {
      const result = await rotate(arn);
      expect(result.succeeded).toBe(false);
      expect(result.errors.map((e) => e.message).join('\n')).toContain('Deferred (auth-limit)');
      expect(result.errors.map((e) => e.message).join('\n')).toContain('refused an OAuth sign-in with API_LIMIT_EXCEEDED');
      expect(minted().length).toBe(before);
      expectNothingLeaked(result.errors);
    } finally {
      world.vault.clearFaults();
    }
  });

  it('a bad OAuth description names the field and never echoes a value', async () => {
    const secretish = 'https://user:p4ss-w0rd-value@login.example.net/token?x=1';
    const { arn } = await secretPair(oauth({ tokenUrl: secretish }));
    const result = await rotate(arn);
    expect(result.succeeded).toBe(false);
    const messages = result.errors.map((e) => e.message).join('\n');
    expect(messages).toContain('oauth.tokenUrl');
    expect(messages).not.toContain('p4ss-w0rd-value');
    expect(output.text()).not.toContain('p4ss-w0rd-value');
  });
});
