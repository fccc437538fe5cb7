// Retrieve Sandboxes and the sandbox-origin rule: what is sent, how the (inferred) answer shape is read, and where a
// sandbox's token is allowed to go.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  openVaultSession,
  parseVaultTarget,
  Secret,
  sandboxOrigin,
  VaultApiError,
  VaultConfigError,
  VaultTransportError,
} from '../../shared/index.js';
import { startVaultSimulator } from '../../simulator/vault-simulator.js';
import { tokenSession } from './support/session.js';
import { failure, type StubServer, startStubServer, success } from './support/stub-server.js';

const HTTPS_PARENT = parseVaultTarget('veepharm.veevavault.com');
const LOOPBACK_PARENT = parseVaultTarget('http://127.0.0.1:8080');

describe('sandboxOrigin', () => {
  it.each([
    [HTTPS_PARENT, 'veepharm-sbx.veevavault.com', 'https://veepharm-sbx.veevavault.com'],
    [HTTPS_PARENT, 'VeePharm-Sbx.VeevaVault.com', 'https://veepharm-sbx.veevavault.com'],
    [HTTPS_PARENT, 'https://veepharm-sbx.veevavault.com/', 'https://veepharm-sbx.veevavault.com'],
    // The parent's scheme wins over whatever the answer says.
    [HTTPS_PARENT, 'http://veepharm-sbx.veevavault.com', 'https://veepharm-sbx.veevavault.com'],
    [HTTPS_PARENT, '127.0.0.1:9000', 'https://127.0.0.1:9000'],
    [LOOPBACK_PARENT, '127.0.0.1:9000', 'http://127.0.0.1:9000'],
    [LOOPBACK_PARENT, 'localhost:9000', 'http://localhost:9000'],
    // Plain http only ever to loopback: a real host gets https even behind a loopback parent.
    [LOOPBACK_PARENT, 'veepharm-sbx.veevavault.com', 'https://veepharm-sbx.veevavault.com'],
  ])('parent %s, dns %j → %s', (parent, dns, origin) => {
    expect(sandboxOrigin(parent, dns)).toBe(origin);
  });

  it.each([
    ['', /empty/],
    ['sbx.veevavault.com/api', /path/],
    ['user:pw@sbx.veevavault.com', /user info/],
    ['sbx.veevavault.com?x=1', /query/],
    ['ftp://sbx.veevavault.com', /scheme other than https:\/\/ or http:\/\//],
    [42, /expected/],
  ])('refuses %j, naming the field', (dns, message) => {
    const error = (() => {
      try {
        return sandboxOrigin(HTTPS_PARENT, dns, 'data.active[].dns');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(VaultConfigError);
    expect((error as VaultConfigError).field).toBe('data.active[].dns');
    expect((error as Error).message).toMatch(/^data\.active\[\]\.dns: /);
    expect((error as Error).message).toMatch(message);
  });
});

describe('findSandbox against a scripted Vault', () => {
  let stub: StubServer;
  beforeAll(async () => {
    stub = await startStubServer();
  });
  afterAll(() => stub.close());
  beforeEach(() => {
    stub.requests.length = 0;
    stub.fallback = success();
  });

  const listing = (active: unknown) => success({ data: { entitlements: [], active } });

  it('sends GET /objects/sandbox with the credential and reads name, dns and vault_id', async () => {
    stub.reply(
      listing([
        { name: 'Other', dns: 'other.example.com', vault_id: 1 },
        { name: 'UAT', dns: '127.0.0.1:9443', vault_id: 1001074, status: 'active', pod: 'DS0' },
      ]),
    );
    const found = await tokenSession(stub.url).findSandbox('UAT');
    expect(found).toEqual({ name: 'UAT', dns: '127.0.0.1:9443', vaultId: '1001074', origin: 'http://127.0.0.1:9443' });
    const [request] = stub.requests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/api/v26.2/objects/sandbox');
    expect(request?.headers.authorization).toMatch(/^Bearer /);
  });

  it('prefers the exact name, then a unique case-insensitive match', async () => {
    const both = [
      { name: 'uat', dns: '127.0.0.1:1001' },
      { name: 'UAT', dns: '127.0.0.1:1002' },
    ];
    stub.reply(listing(both), listing(both), listing(both), listing([{ name: 'Uat', dns: '127.0.0.1:1003' }]));
    const session = tokenSession(stub.url);
    await expect(session.findSandbox('UAT')).resolves.toMatchObject({ name: 'UAT', dns: '127.0.0.1:1002' });
    await expect(session.findSandbox('uat')).resolves.toMatchObject({ name: 'uat', dns: '127.0.0.1:1001' });
    // Two case-insensitive candidates and no exact one: ambiguous, so nothing is claimed.
    await expect(session.findSandbox('Uat')).resolves.toBeUndefined();
    await expect(session.findSandbox('uAT')).resolves.toMatchObject({ name: 'Uat', dns: '127.0.0.1:1003' });
  });

  it('tolerates missing optional fields and entries it cannot read', async () => {
    stub.reply(listing([null, 'junk', { dns: 'nameless.example.com' }, { name: 'UAT', dns: 'sbx.example.com' }]));
    await expect(tokenSession(stub.url).findSandbox('UAT')).resolves.toEqual({
      name: 'UAT',
      dns: 'sbx.example.com',
      vaultId: undefined,
      origin: 'https://sbx.example.com',
    });
  });

  it('answers undefined when no sandbox has that name', async () => {
    stub.reply(listing([{ name: 'UAT', dns: 'sbx.example.com' }]), listing([]));
    const session = tokenSession(stub.url);
    await expect(session.findSandbox('Prod Copy')).resolves.toBeUndefined();
    await expect(session.findSandbox('UAT')).resolves.toBeUndefined();
  });

  it.each([
    ['no data', success(), /lacks data\.active\[\]/],
    ['data.active not a list', success({ data: { active: {} } }), /lacks data\.active\[\]/],
    ['the match has no dns', listing([{ name: 'UAT' }]), /lacks a dns for sandbox "UAT"/],
    ['the match has a dns with a path', listing([{ name: 'UAT', dns: 'sbx.example.com/x' }]), /usable dns.*path/],
  ])(
    'refuses an answer of another shape (%s) with a transport error naming the operation',
    async (_, reply, message) => {
      stub.reply(reply);
      const error = await tokenSession(stub.url)
        .findSandbox('UAT')
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(VaultTransportError);
      expect(error).toMatchObject({ operation: 'findSandbox' });
      expect((error as Error).message).toMatch(/^Looking up the sandbox \(Retrieve Sandboxes\) failed: /);
      expect((error as Error).message).toMatch(message);
    },
  );

  it('surfaces a Vault failure with advice for this operation, without retrying it', async () => {
    stub.reply(failure('INSUFFICIENT_ACCESS', 'no sandbox permission'));
    const error = await tokenSession(stub.url)
      .findSandbox('UAT')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VaultApiError);
    expect(error).toMatchObject({ operation: 'findSandbox', type: 'INSUFFICIENT_ACCESS' });
    expect((error as Error).message).toMatch(/may not list this Vault’s sandboxes/);
    expect(stub.requests).toHaveLength(1);
  });

  it('retries a transient failure', async () => {
    stub.reply({ status: 503, text: '<html>maintenance</html>' }, listing([{ name: 'UAT', dns: 'sbx.example.com' }]));
    await expect(tokenSession(stub.url).findSandbox('UAT')).resolves.toMatchObject({ name: 'UAT' });
    expect(stub.requests).toHaveLength(2);
  });

  it('refuses an empty name before sending anything', async () => {
    const error = await tokenSession(stub.url)
      .findSandbox('  ')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VaultConfigError);
    expect(error).toMatchObject({ field: 'name' });
    expect(stub.requests).toEqual([]);
  });
});

describe('findSandbox against the simulator', () => {
  it('finds a sandbox the simulator serves, and its token works at the origin found', async () => {
    const sim = await startVaultSimulator();
    try {
      const sandbox = await sim.addSandbox('UAT Sandbox');
      const parent = openVaultSession({ vaultDns: sim.url }, { kind: 'token', token: new Secret(sim.bootstrapToken) });
      const found = await parent.findSandbox('uat sandbox');
      expect(found).toEqual({
        name: 'UAT Sandbox',
        dns: sandbox.host,
        vaultId: String(sandbox.vaultId),
        origin: sandbox.url,
      });
      const minted = await parent.mintToken({
        name: 'sandbox-lookup',
        expiresAt: new Date(sim.clock.now() + 3_600_000),
        target: { kind: 'sandbox', sandboxName: 'UAT Sandbox' },
      });
      const onSandbox = openVaultSession({ vaultDns: found?.origin ?? '' }, { kind: 'token', token: minted.token });
      await expect(onSandbox.revokeTokens([minted.id])).resolves.toEqual([{ id: minted.id, outcome: 'revoked' }]);
      expect(sim.isTokenAccepted(minted.token.reveal(), 'UAT Sandbox')).toBe(false);
      await expect(parent.findSandbox('Nope')).resolves.toBeUndefined();
    } finally {
      await sim.close();
    }
  });
});
