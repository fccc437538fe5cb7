// Redirects are never followed: the allowlist vets only the configured origin, and a followed 307 would resend the
// /auth password form (or the Bearer token) to whatever host Location names.
import { beforeEach, describe, expect, it } from 'vitest';
import { openVaultSession, Secret, VaultTransportError } from '../../shared/index.js';
import { FAST_RETRY, TEST_TOKEN, tokenSession } from './support/session.js';
import { success, useRedirectPair } from './support/stub-server.js';

const PASSWORD = 'Redirect-Pa55word!';

const servers = useRedirectPair();
beforeEach(() => {
  servers.elsewhere.fallback = success({ sessionId: 'STOLEN', userId: 1, users: [{ user: { id: 1 } }] });
});

describe.each([307, 308, 302, 301])('HTTP %i from Vault', (status) => {
  beforeEach(() => {
    servers.vault.fallback = { status, text: '', headers: { Location: `${servers.elsewhere.url}/steal` } };
  });

  it('password sign-in: the form body never reaches the Location host; the error names the operation and status', async () => {
    const session = openVaultSession(
      { vaultDns: servers.vault.url, retry: FAST_RETRY },
      { kind: 'password', username: 'admin@veepharm.com', password: new Secret(PASSWORD) },
    );
    const error = await session.whoAmI().catch((e: unknown) => e);
    expect(servers.elsewhere.requests).toHaveLength(0);
    expect(error).toBeInstanceOf(VaultTransportError);
    expect(error).toMatchObject({ operation: 'auth', reason: 'http-status', httpStatus: status });
    expect(String((error as Error).message)).toMatch(new RegExp(`HTTP ${status}.*redirect`));
    expect(String((error as Error).message)).not.toContain(PASSWORD);
    // Not retried: a repeat gets the same redirect.
    expect(servers.vault.requests).toHaveLength(1);
  });

  it('token call: the Bearer token never reaches the Location host', async () => {
    const error = await tokenSession(servers.vault.url, { retry: FAST_RETRY })
      .whoAmI()
      .catch((e: unknown) => e);
    expect(servers.elsewhere.requests).toHaveLength(0);
    expect(error).toMatchObject({ operation: 'whoAmI', reason: 'http-status', httpStatus: status });
    expect(String((error as Error).message)).not.toContain(TEST_TOKEN);
    expect(servers.vault.requests).toHaveLength(1);
  });
});
