// An expired or deleted credential: Vault's documented answer is HTTP 200 with INVALID_SESSION_ID, but a Veeva source
// says an expired or deleted token may get HTTP 401 instead. Both must read as "invalid session" (isInvalidSession),
// never as a transient transport failure that is retried, and never as "the mint's outcome is unknown".
import { describe, expect, it } from 'vitest';
import {
  isInvalidSession,
  openVaultSession,
  Secret,
  VaultApiError,
  VaultMintOutcomeUnknownError,
  VaultTransportError,
} from '../../shared/index.js';
import { startVaultSimulator } from '../../simulator/vault-simulator.js';
import { FAST_RETRY, TEST_TOKEN, tokenSession } from './support/session.js';
import { failure, type Reply, success, useStubVault } from './support/stub-server.js';

const stub = useStubVault(() => success());

const UNAUTHORIZED: Record<string, Reply> = {
  'an empty body': { status: 401, text: '' },
  'an HTML page': { status: 401, text: '<html><body>401 Unauthorized</body></html>', headers: { 'Content-Type': 'text/html' } },
  'a JSON body that is not an envelope': { status: 401, json: { error: 'unauthorized' } },
  'the INVALID_SESSION_ID envelope': { status: 401, ...failure('INVALID_SESSION_ID', 'Invalid or expired session ID.') },
};

describe('HTTP 401 is an invalid session', () => {
  for (const [what, reply] of Object.entries(UNAUTHORIZED)) {
    it(`whoAmI: 401 with ${what} is isInvalidSession, not retried, and names no credential`, async () => {
      stub.fallback = reply;
      const error = await tokenSession(stub.url)
        .whoAmI()
        .catch((e: unknown) => e);
      expect(isInvalidSession(error)).toBe(true);
      expect(error).toBeInstanceOf(VaultApiError);
      expect(error).not.toBeInstanceOf(VaultTransportError);
      expect(error).toMatchObject({ type: 'INVALID_SESSION_ID', httpStatus: 401, retryable: false });
      expect(stub.requests).toHaveLength(1);
      expect((error as Error).message).toMatch(/invalid, expired or deleted/);
      expect(JSON.stringify(error) + String(error) + (error as Error).message).not.toContain(TEST_TOKEN);
    });
  }

  it('mintToken: a 401 proves nothing was created — an invalid session, not an unknown outcome', async () => {
    stub.fallback = UNAUTHORIZED['an empty body']!;
    const error = await tokenSession(stub.url)
      .mintToken({ name: 'rotator:abc', expiresAt: new Date(Date.UTC(2030, 0, 1)) })
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(VaultMintOutcomeUnknownError);
    expect(isInvalidSession(error)).toBe(true);
    expect(stub.requests).toHaveLength(1);
  });

  it('listTokens and revokeTokens: a 401 is an invalid session too', async () => {
    stub.fallback = UNAUTHORIZED['an HTML page']!;
    const session = tokenSession(stub.url);
    expect(isInvalidSession(await session.listTokens({}).catch((e: unknown) => e))).toBe(true);
    expect(isInvalidSession(await session.revokeTokens(['V8T000000000001']).catch((e: unknown) => e))).toBe(true);
    expect(stub.requests).toHaveLength(2);
  });

  it('a 401 whose envelope names another type still counts as an invalid session', async () => {
    stub.fallback = { status: 401, ...failure('UNAUTHORIZED_ACCESS') };
    const error = await tokenSession(stub.url)
      .whoAmI()
      .catch((e: unknown) => e);
    expect(isInvalidSession(error)).toBe(true);
    expect(error).toMatchObject({ type: 'UNAUTHORIZED_ACCESS', httpStatus: 401, retryable: false });
  });

  it('the documented HTTP 200 INVALID_SESSION_ID answer is unchanged', async () => {
    stub.fallback = failure('INVALID_SESSION_ID');
    const error = await tokenSession(stub.url)
      .whoAmI()
      .catch((e: unknown) => e);
    expect(isInvalidSession(error)).toBe(true);
    expect(error).toMatchObject({ httpStatus: 200, type: 'INVALID_SESSION_ID' });
  });

  it('other statuses are not an invalid session', async () => {
    for (const status of [403, 404, 500]) {
      stub.requests.length = 0;
      stub.fallback = { status, text: '' };
      const error = await tokenSession(stub.url, { retry: { attempts: 1 } })
        .whoAmI()
        .catch((e: unknown) => e);
      expect(isInvalidSession(error), `HTTP ${status}`).toBe(false);
    }
  });
});

describe('a 401 with an EXCEPTION envelope', () => {
  it('is neither retried nor an unknown mint outcome', async () => {
    stub.fallback = { status: 401, ...failure('UNEXPECTED_ERROR', 'boom', 'EXCEPTION') };
    const error = await tokenSession(stub.url)
      .mintToken({ name: 'rotator:abc', expiresAt: new Date(Date.UTC(2030, 0, 1)) })
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(VaultMintOutcomeUnknownError);
    expect(isInvalidSession(error)).toBe(true);
    expect(stub.requests).toHaveLength(1);
  });
});

describe('against the Vault simulator: both answers for a revoked token read as an invalid session', () => {
  for (const rejectedTokenAnswer of ['envelope', 'http-401'] as const) {
    it(`rejectedTokenAnswer ${rejectedTokenAnswer}`, async () => {
      const sim = await startVaultSimulator({ rejectedTokenAnswer });
      try {
        const { id, token } = sim.issueToken(sim.bootstrapUser.id, { name: 'to-revoke' });
        const admin = openVaultSession(
          { vaultDns: sim.url, retry: FAST_RETRY },
          { kind: 'token', token: new Secret(sim.bootstrapToken) },
        );
        await admin.revokeTokens([id]);
        const revoked = openVaultSession({ vaultDns: sim.url, retry: FAST_RETRY }, { kind: 'token', token: new Secret(token) });
        sim.clearRequests();
        for (const call of [
          () => revoked.whoAmI(),
          () => revoked.listTokens({}),
          () => revoked.mintToken({ name: 'after-revoke', expiresAt: new Date(sim.clock.now() + 86_400_000) }),
        ]) {
          const error = await call().catch((e: unknown) => e);
          expect(isInvalidSession(error)).toBe(true);
          expect(error).not.toBeInstanceOf(VaultMintOutcomeUnknownError);
        }
        // One request each: nothing was retried.
        expect(sim.requests).toHaveLength(3);
        expect(sim.requests.every((r) => r.httpStatus === (rejectedTokenAnswer === 'http-401' ? 401 : 200))).toBe(true);
      } finally {
        await sim.close();
      }
    });
  }
});
