// Password sessions against a scripted server: lazy sign-in, the auth-defaulting guard, no repeated bad passwords,
// and the session ended on close.
import { describe, expect, it } from 'vitest';
import {
  openVaultSession,
  Secret,
  VaultApiError,
  VaultAuthDefaultingError,
  type VaultSession,
} from '../../shared/index.js';
import { captureLogger } from './support/capture-logger.js';
import { FAST_RETRY } from './support/session.js';
import { failure, success, useStubVault } from './support/stub-server.js';

const SESSION_ID = 'SESSION-3B3C45FD240E26F0AB';
const PASSWORD = 'correct horse battery staple';
const ME = success({ users: [{ user: { id: 12021, user_name__v: 'api@veepharm.com' } }] });

const stub = useStubVault(() => ME);
const other = useStubVault();

function host(url: string): string {
  return new URL(url).host;
}

function authOk(vaultUrl: string, vaultId: number | string = 1776) {
  return success({
    sessionId: SESSION_ID,
    userId: 12021,
    vaultIds: [
      { id: 1777, name: 'Other', url: `${other.url}/api` },
      { id: 1776, name: 'Main', url: `${vaultUrl}/api` },
    ],
    vaultId,
  });
}

function passwordSession(): VaultSession {
  return openVaultSession(
    { vaultDns: stub.url, retry: FAST_RETRY, logger: captureLogger() },
    { kind: 'password', username: 'api@veepharm.com', password: new Secret(PASSWORD) },
  );
}

describe('password sessions', () => {
  it('signs in lazily, once, with form fields and vaultDNS = host, then uses the raw session id', async () => {
    const session = passwordSession();
    expect(stub.requests).toHaveLength(0);
    stub.reply(authOk(stub.url));
    await session.whoAmI();
    await session.whoAmI();
    const [auth, first, second] = stub.requests;
    expect(auth?.method).toBe('POST');
    expect(auth?.path).toBe('/api/v26.2/auth');
    expect(auth?.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(auth?.body))).toEqual({
      username: 'api@veepharm.com',
      password: PASSWORD,
      vaultDNS: host(stub.url),
    });
    expect(first?.headers.authorization).toBe(SESSION_ID);
    expect(second?.headers.authorization).toBe(SESSION_ID);
    expect(stub.requests).toHaveLength(3);
  });

  it('accepts vaultId and ids given as strings', async () => {
    stub.reply(
      success({
        sessionId: SESSION_ID,
        vaultIds: [{ id: '1776', url: `${stub.url}/api` }],
        vaultId: '1776',
      }),
    );
    await expect(passwordSession().whoAmI()).resolves.toMatchObject({ userId: '12021' });
  });

  it('shares one sign-in between concurrent calls', async () => {
    stub.reply(authOk(stub.url));
    const session = passwordSession();
    await Promise.all([session.whoAmI(), session.whoAmI(), session.whoAmI()]);
    expect(stub.requests.filter((r) => r.path.endsWith('/auth'))).toHaveLength(1);
  });

  it('ends the session it opened on close, once, and refuses calls afterwards', async () => {
    stub.reply(authOk(stub.url));
    const session = passwordSession();
    await session.whoAmI();
    await session.close();
    await session.close();
    const ends = stub.requests.filter((r) => r.method === 'DELETE');
    expect(ends).toHaveLength(1);
    expect(ends[0]?.path).toBe('/api/v26.2/session');
    expect(ends[0]?.headers.authorization).toBe(SESSION_ID);
    await expect(session.whoAmI()).rejects.toThrow(/session: is closed/);
  });

  it('close without any call sends nothing; close never throws even if ending fails', async () => {
    const idle = passwordSession();
    await idle.close();
    expect(stub.requests).toHaveLength(0);

    stub.reply(authOk(stub.url));
    const session = passwordSession();
    await session.whoAmI();
    stub.reply({ status: 503, text: 'down' });
    await expect(session.close()).resolves.toBeUndefined();
  });

  it('a close during sign-in still ends the session once it arrives', async () => {
    stub.reply(authOk(stub.url));
    const session = passwordSession();
    const call = session.whoAmI();
    const closing = session.close();
    await call.catch(() => undefined);
    await closing;
    expect(stub.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('never retries a bad password, and never sends it again from the same session', async () => {
    stub.reply(failure('USERNAME_OR_PASSWORD_INCORRECT', 'Authentication failed for user: api@veepharm.com.'));
    const session = passwordSession();
    const first = await session.whoAmI().catch((e: unknown) => e);
    const second = await session.mintToken({ name: 'x' }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(VaultApiError);
    expect(first).toMatchObject({ type: 'USERNAME_OR_PASSWORD_INCORRECT', operation: 'auth' });
    expect((first as Error).message).toMatch(/five failed sign-ins lock the account/);
    expect(second).toBe(first);
    expect(stub.requests).toHaveLength(1);
  });

  it('does not retry a transient /auth failure either (the caller may call again)', async () => {
    stub.reply(failure('API_LIMIT_EXCEEDED'), authOk(stub.url));
    const session = passwordSession();
    await expect(session.whoAmI()).rejects.toMatchObject({ type: 'API_LIMIT_EXCEEDED' });
    expect(stub.requests).toHaveLength(1);
    await expect(session.whoAmI()).resolves.toMatchObject({ userId: '12021' });
  });
});

describe('auth-defaulting guard', () => {
  it('refuses a session for another Vault, names both hosts, and ends that session where it lives', async () => {
    stub.reply(authOk(stub.url, 1777));
    const session = passwordSession();
    const error = await session.whoAmI().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultAuthDefaultingError);
    expect(error).toMatchObject({ expectedHost: host(stub.url), actualHost: host(other.url) });
    expect((error as Error).message).toContain(host(stub.url));
    expect((error as Error).message).toContain(host(other.url));
    // Only /auth on the requested Vault; the defaulted session is ended on the other one and never used.
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v26.2/auth']);
    expect(other.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /api/v26.2/session']);
    expect(other.requests[0]?.headers.authorization).toBe(SESSION_ID);
    // Remembered: no second sign-in.
    await expect(session.whoAmI()).rejects.toBe(error);
    expect(stub.requests).toHaveLength(1);
  });

  it('fails closed when vaultId is not among vaultIds', async () => {
    stub.reply(success({ sessionId: SESSION_ID, vaultIds: [{ id: 1, url: `${stub.url}/api` }], vaultId: 2 }));
    const error = await passwordSession()
      .whoAmI()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultAuthDefaultingError);
    expect((error as Error).message).toMatch(/unidentified Vault \(vaultId 2/);
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v26.2/auth',
      'DELETE /api/v26.2/session',
    ]);
  });
});
