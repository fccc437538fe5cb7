// The request layer through the public client, against a scripted loopback server.
import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import {
  openVaultSession,
  Secret,
  VaultAbortedError,
  VaultApiError,
  VaultConfigError,
  VaultTransportError,
} from '../../shared/index.js';
import { captureLogger } from './support/capture-logger.js';
import { FAST_RETRY, TEST_TOKEN, tokenSession } from './support/session.js';
import { failure, success, useStubVault } from './support/stub-server.js';

const ME = success({ users: [{ user: { id: 61603, user_name__v: 'tibanez@veepharm.com' } }] });

const stub = useStubVault(() => ME);

describe('headers', () => {
  it('sends Accept, the client id and Bearer for a token', async () => {
    await tokenSession(stub.url, { clientId: 'acme-vault-rotator' }).whoAmI();
    const [request] = stub.requests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/api/v26.2/objects/users/me');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['x-vaultapi-clientid']).toBe('acme-vault-rotator');
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
  });

  it('sends the raw session id for a session credential, and the default client id', async () => {
    const session = openVaultSession(
      { vaultDns: stub.url, apiVersion: 'v25.3' },
      { kind: 'session', sessionId: new Secret('SESSION-3B3C45FD240E26F0') },
    );
    await session.whoAmI();
    expect(stub.requests[0]?.path).toBe('/api/v25.3/objects/users/me');
    expect(stub.requests[0]?.headers.authorization).toBe('SESSION-3B3C45FD240E26F0');
    expect(stub.requests[0]?.headers['x-vaultapi-clientid']).toBe('vault-api-token');
  });
});

describe('envelope', () => {
  it('maps FAILURE to VaultApiError with type, operation, HTTP status and execution id', async () => {
    stub.reply(failure('INSUFFICIENT_ACCESS', 'User [61603] not licensed for permission [VaultActions_API_Access]'));
    const error = await tokenSession(stub.url)
      .whoAmI()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultApiError);
    expect(error).toMatchObject({
      type: 'INSUFFICIENT_ACCESS',
      operation: 'whoAmI',
      httpStatus: 200,
      responseStatus: 'FAILURE',
      executionId: 'exec-INSUFFICIENT_ACCESS',
      retryable: false,
    });
    expect((error as Error).message).toMatch(/VaultActions_API_Access/);
    expect((error as Error).message).toMatch(/Vault API permission/);
    expect((error as Error).message).toMatch(/exec-INSUFFICIENT_ACCESS/);
    expect(stub.requests).toHaveLength(1);
  });

  it('accepts WARNING as processed', async () => {
    stub.reply({ json: { responseStatus: 'WARNING', users: [{ user: { id: '7', user_name__v: 'w' } }] } });
    await expect(tokenSession(stub.url).whoAmI()).resolves.toEqual({ userId: '7', userName: 'w' });
  });

  it('reads the type from a top-level errorType when errors[] is missing', async () => {
    stub.reply({ json: { responseStatus: 'FAILURE', errorType: 'AUTHENTICATION_FAILED' } });
    await expect(tokenSession(stub.url).whoAmI()).rejects.toMatchObject({ type: 'AUTHENTICATION_FAILED' });
  });

  it('treats a 503 HTML page as a transport error and retries it, bounded', async () => {
    stub.fallback = { status: 503, text: '<html>Down for maintenance</html>' };
    const error = await tokenSession(stub.url)
      .whoAmI()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultTransportError);
    expect(error).toMatchObject({ reason: 'http-status', httpStatus: 503 });
    expect((error as Error).message).not.toMatch(/maintenance<\/html>/);
    expect(stub.requests).toHaveLength(FAST_RETRY.attempts);
  });

  it('treats a 200 non-JSON body and a JSON body without responseStatus as not-json', async () => {
    stub.fallback = { text: 'hello' };
    await expect(tokenSession(stub.url, { retry: { attempts: 1 } }).whoAmI()).rejects.toMatchObject({
      reason: 'not-json',
    });
    stub.fallback = { json: { hello: 'world' } };
    await expect(tokenSession(stub.url, { retry: { attempts: 1 } }).whoAmI()).rejects.toMatchObject({
      reason: 'not-json',
    });
  });

  it('does not retry a 404', async () => {
    stub.fallback = { status: 404, text: 'nope' };
    await expect(tokenSession(stub.url).whoAmI()).rejects.toMatchObject({ reason: 'http-status', httpStatus: 404 });
    expect(stub.requests).toHaveLength(1);
  });

  it('retries a transient Vault error and then succeeds', async () => {
    stub.reply(failure('API_LIMIT_EXCEEDED'), failure('UNEXPECTED_ERROR', 'boom', 'EXCEPTION'));
    await expect(tokenSession(stub.url).whoAmI()).resolves.toEqual({
      userId: '61603',
      userName: 'tibanez@veepharm.com',
    });
    expect(stub.requests).toHaveLength(3);
  });
});

describe('logging', () => {
  it('writes one debug line per request with execution id and burst headers, never credentials or bodies', async () => {
    const logger = captureLogger();
    stub.reply({
      json: { responseStatus: 'SUCCESS', responseDetails: {}, data: [] },
      headers: {
        'X-VaultAPI-ExecutionId': 'exec-42',
        'X-VaultAPI-BurstLimit': '2000',
        'X-VaultAPI-BurstLimitRemaining': '1999',
        'X-VaultAPI-ResponseDelay': '500',
      },
    });
    await tokenSession(stub.url, { logger }).listTokens({ namePrefix: 'rotator:' });
    const debug = logger.lines.filter((line) => line.level === 'debug');
    expect(debug).toHaveLength(1);
    expect(debug[0]?.attributes).toEqual({
      operation: 'listTokens',
      method: 'POST',
      path: '/api/v26.2/query',
      status: 200,
      responseStatus: 'SUCCESS',
      executionId: 'exec-42',
      burstLimit: 2000,
      burstLimitRemaining: 1999,
      responseDelayMs: 500,
      attempt: 1,
    });
    expect(logger.text()).not.toContain(TEST_TOKEN);
    expect(logger.text()).not.toContain('SELECT');
  });

  it('logs the path without its query string', async () => {
    const logger = captureLogger();
    stub.reply(
      success({ responseDetails: { next_page: '/api/v26.2/query/abc?pagesize=1&pageoffset=1' }, data: [{ id: 'A' }] }),
      success({ responseDetails: {}, data: [{ id: 'B' }] }),
    );
    const records = await tokenSession(stub.url, { logger }).listTokens({});
    expect(records.map((r) => r.id)).toEqual(['A', 'B']);
    expect(stub.requests[1]?.path).toBe('/api/v26.2/query/abc?pagesize=1&pageoffset=1');
    expect(logger.lines.map((line) => line.attributes?.path)).toEqual(['/api/v26.2/query', '/api/v26.2/query/abc']);
  });
});

describe('timeouts, aborts and network errors', () => {
  it('times out a request that never answers, as a retryable transport error', async () => {
    stub.fallback = { hang: true };
    const error = await tokenSession(stub.url, {
      requestTimeoutMs: 100,
      retry: { attempts: 2, minDelayMs: 1, maxDelayMs: 1 },
    })
      .whoAmI()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultTransportError);
    expect(error).toMatchObject({ reason: 'timeout', retryable: true });
    expect((error as Error).message).toMatch(/within 100 ms/);
    expect(stub.requests).toHaveLength(2);
  });

  it('honours a per-call abort while a request is in flight', async () => {
    stub.fallback = { hang: true };
    const controller = new AbortController();
    const call = tokenSession(stub.url).whoAmI({ signal: controller.signal });
    await vi.waitFor(() => expect(stub.requests).toHaveLength(1));
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(VaultAbortedError);
    expect(stub.requests).toHaveLength(1);
  });

  it('honours the session-wide signal, and refuses to start when it has fired', async () => {
    const controller = new AbortController();
    const session = tokenSession(stub.url, { signal: controller.signal });
    controller.abort();
    await expect(session.whoAmI()).rejects.toBeInstanceOf(VaultAbortedError);
    expect(stub.requests).toHaveLength(0);
  });

  it('marks a refused connection as not sent', async () => {
    const port = await closedPort();
    const error = await tokenSession(`http://127.0.0.1:${port}`, {
      retry: { attempts: 2, minDelayMs: 1, maxDelayMs: 1 },
    })
      .whoAmI()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultTransportError);
    expect(error).toMatchObject({ reason: 'network', requestSent: false });
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('marks a reset connection as possibly sent', async () => {
    stub.fallback = { reset: true };
    await expect(tokenSession(stub.url, { retry: { attempts: 1 } }).whoAmI()).rejects.toMatchObject({
      reason: 'network',
      requestSent: true,
    });
  });
});

describe('options validation: bad input fails before any request', () => {
  it.each([
    [{ requestTimeoutMs: 0 }, /requestTimeoutMs/],
    [{ requestTimeoutMs: 1.5 }, /requestTimeoutMs/],
    [{ clientId: 'bad id' }, /clientId/],
    [{ apiVersion: '26.2' }, /apiVersion/],
    [{ retry: { attempts: 0 } }, /retry.attempts/],
    [{ fetch: 'nope' }, /fetch/],
    [{ logger: { debug() {} } }, /logger/],
  ])('%j', (options, message) => {
    expect(() => tokenSession(stub.url, options as never)).toThrow(VaultConfigError);
    expect(() => tokenSession(stub.url, options as never)).toThrow(message);
    expect(stub.requests).toHaveLength(0);
  });

  it.each([
    [{ kind: 'token', token: 'veeva-vault-raw-string' }, /credentials.token: expected a Secret/],
    [{ kind: 'token', token: new Secret('not-a-vault-token') }, /starts with "veeva-vault-"/],
    [{ kind: 'password', username: '', password: new Secret('pw-12345678') }, /credentials.username/],
    [{ kind: 'password', username: 'u', password: 'plain' }, /credentials.password/],
    [{ kind: 'session', sessionId: 'raw' }, /credentials.sessionId/],
    [{ kind: 'oauth' }, /credentials.kind/],
  ])('credentials %#', (credentials, message) => {
    expect(() => openVaultSession({ vaultDns: stub.url }, credentials as never)).toThrow(message);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
