// Sandbox names are display names: the client URL-encodes them instead of refusing characters Vault allows, and
// refuses only what cannot be a sandbox name or cannot travel in one path segment.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultSession, Secret, VaultConfigError } from '../../shared/index.js';
import { MAX_SANDBOX_NAME_LENGTH, sandboxPathSegment, validateSandboxName } from '../../shared/target.js';
import { startVaultSimulator, type VaultSimulator } from '../../simulator/vault-simulator.js';
import { FAST_RETRY, tokenSession } from './support/session.js';
import { type StubServer, startStubServer, success } from './support/stub-server.js';

const MINTED = success({ data: { id: 'V8T000000000001', token__sys: 'veeva-vault-SANDBOXTOKEN0123' } });

describe('validateSandboxName', () => {
  it.each([
    ['R&D (UAT)'],
    ['UAT Sandbox'],
    ["Q&A: O'Brien #2 — 100% ready?"],
    ['Ünïcødé 沙盒 🧪'],
    ['a'.repeat(MAX_SANDBOX_NAME_LENGTH)],
    ['...x'],
  ])('accepts %j unchanged', (name) => {
    expect(validateSandboxName(name, 'sandboxName')).toBe(name);
  });

  it.each([
    ['', /is empty/],
    ['   ', /is empty/],
    [' UAT', /starts or ends with whitespace/],
    ['UAT\n', /starts or ends with whitespace/],
    ['U\nAT', /control character/],
    ['U\u0000AT', /control character/],
    ['U\u2028AT', /control character/],
    ['a'.repeat(MAX_SANDBOX_NAME_LENGTH + 1), /longer than 255/],
    ['UAT/2', /"\/" or "\\"/],
    ['UAT\\2', /"\/" or "\\"/],
    ['.', /"\." or "\.\."/],
    ['..', /"\." or "\.\."/],
    ['bad\uD800surrogate', /unpaired surrogate/],
    [42, /expected a string/],
    [null, /expected a string, got null/],
  ])('refuses %j, naming the field and not echoing it', (name, reason) => {
    let error: unknown;
    try {
      validateSandboxName(name, 'sandboxName');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(VaultConfigError);
    expect((error as VaultConfigError).field).toBe('sandboxName');
    expect((error as Error).message).toMatch(/^sandboxName: /);
    expect((error as Error).message).toMatch(reason);
    if (typeof name === 'string' && name.trim().length > 2) expect((error as Error).message).not.toContain(name.trim());
  });

  it('every accepted name is exactly one path segment that decodes back to the name (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), (name) => {
        let segment: string;
        try {
          segment = sandboxPathSegment(name, 'sandboxName');
        } catch (error) {
          expect(error).toBeInstanceOf(VaultConfigError);
          return;
        }
        expect(segment).not.toMatch(/[/?#\\\s]/);
        expect(new URL(`https://v.example/api/x/${segment}/y`).pathname.split('/')).toHaveLength(5);
        expect(decodeURIComponent(segment)).toBe(name);
      }),
    );
  });
});

describe('the shared client with a sandbox name Vault allows', () => {
  let stub: StubServer;
  beforeAll(async () => {
    stub = await startStubServer();
  });
  afterAll(() => stub.close());

  it('encodes `R&D (UAT)` into the mint path', async () => {
    stub.reply(MINTED);
    await tokenSession(stub.url).mintToken({
      name: 'rotator:sbx',
      expiresAt: new Date(Date.UTC(2030, 0, 1)),
      target: { kind: 'sandbox', sandboxName: 'R&D (UAT)' },
    });
    expect(stub.requests[0]?.path).toBe('/api/v26.2/objects/sandbox/R%26D%20(UAT)/users/me/api_access_token__sys');
  });

  it('refuses a name Vault would not have before sending anything', async () => {
    stub.requests.length = 0;
    const session = tokenSession(stub.url);
    await expect(
      session.mintToken({ name: 'x', target: { kind: 'sandbox', sandboxName: 'UAT\n' } }),
    ).rejects.toThrow(/^target.sandboxName: starts or ends with whitespace/);
    await expect(session.findSandbox('..')).rejects.toThrow(/^name: is "\." or "\.\."/);
    expect(stub.requests).toHaveLength(0);
  });
});

describe('end to end on the simulator: a sandbox named `R&D (UAT)`', () => {
  let sim: VaultSimulator;
  beforeAll(async () => {
    sim = await startVaultSimulator({ startTime: Date.UTC(2026, 10, 1) });
  });
  afterAll(() => sim.close());

  it('is found on the parent, gets a token, and the token works on the sandbox only', async () => {
    const sandbox = await sim.addSandbox('R&D (UAT)');
    const parent = openVaultSession(
      { vaultDns: sim.url, retry: FAST_RETRY },
      { kind: 'token', token: new Secret(sim.bootstrapToken) },
    );
    const found = await parent.findSandbox('r&d (uat)');
    expect(found).toMatchObject({ name: 'R&D (UAT)', origin: sandbox.url });
    const minted = await parent.mintToken({
      name: 'rotator:rnd',
      expiresAt: new Date(sim.clock.now() + 86_400_000),
      target: { kind: 'sandbox', sandboxName: 'R&D (UAT)' },
    });
    expect(sim.isTokenAccepted(minted.token.reveal(), 'R&D (UAT)')).toBe(true);
    expect(sim.isTokenAccepted(minted.token.reveal())).toBe(false);
    const onSandbox = openVaultSession({ vaultDns: sandbox.url, retry: FAST_RETRY }, { kind: 'token', token: minted.token });
    await expect(onSandbox.whoAmI({ expectedUserId: sim.bootstrapUser.id })).resolves.toMatchObject({
      userId: sim.bootstrapUser.id,
    });
  });
});
