// Redirects are never followed: the allowlist vets only the configured origin, and a followed 307 would resend the
// /auth password form (or the Bearer token) to whatever host Location names.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openVaultSession, Secret, VaultTransportError } from '../../shared/index.js';
import { FAST_RETRY, TEST_TOKEN, tokenSession } from './support/session.js';
import { type StubServer, startStubServer, success } from './support/stub-server.js';

const PASSWORD = 'Redirect-Pa55word!';

let vault: StubServer;
let elsewhere: StubServer;
beforeAll(async () => {
  vault = await startStubServer();
  elsewhere = await startStubServer();
});
afterAll(async () => {
  await vault.close();
  await elsewhere.close();
});
beforeEach(() => {
  vault.requests.length = 0;
  elsewhere.requests.length = 0;
  elsewhere.fallback = success({ sessionId: 'STOLEN', userId: 1, users: [{ user: { id: 1 } }] });
});

describe.each([307, 308, 302, 301])('HTTP %i from Vault', (status) => {
  beforeEach(() => {
    vault.fallback = { status, text: '', headers: { Location: `${elsewhere.url}/steal` } };
  });

  it('password sign-in: the form body never reaches the Location host; the error names the operation and status', async () => {
    const session = openVaultSession(
      { vaultDns: vault.url, retry: FAST_RETRY },
      { kind: 'password', username: 'admin@veepharm.com', password: new Secret(PASSWORD) },
    );
    const error = await session.whoAmI().catch((e: unknown) => e);
    expect(elsewhere.requests).toHaveLength(0);
    expect(error).toBeInstanceOf(VaultTransportError);
    expect(error).toMatchObject({ operation: 'auth', reason: 'http-status', httpStatus: status });
    expect(String((error as Error).message)).toMatch(new RegExp(`HTTP ${status}.*redirect`));
    expect(String((error as Error).message)).not.toContain(PASSWORD);
    // Not retried: a repeat gets the same redirect.
    expect(vault.requests).toHaveLength(1);
  });

  it('token call: the Bearer token never reaches the Location host', async () => {
    const error = await tokenSession(vault.url, { retry: FAST_RETRY })
      .whoAmI()
      .catch((e: unknown) => e);
    expect(elsewhere.requests).toHaveLength(0);
    expect(error).toMatchObject({ operation: 'whoAmI', reason: 'http-status', httpStatus: status });
    expect(String((error as Error).message)).not.toContain(TEST_TOKEN);
    expect(vault.requests).toHaveLength(1);
  });
});
