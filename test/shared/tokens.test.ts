// Token operations against a scripted loopback server: what is sent, and how every answer shape is read.
import { describe, expect, it, vi } from 'vitest';
import {
  isSecret,
  VaultApiError,
  VaultConfigError,
  VaultMintOutcomeUnknownError,
  VaultUserMismatchError,
} from '../../shared/index.js';
import { tokenSession } from './support/session.js';
import { failure, success, useStubVault } from './support/stub-server.js';

const MINTED = success({ data: { id: 'V8T000000002001', token__sys: 'veeva-vault-NEWTOKEN0123456789' } });

const stub = useStubVault(() => success());

describe('mintToken', () => {
  it.each([
    [undefined, '/api/v26.2/objects/users/me/api_access_token__sys'],
    [{ kind: 'self' } as const, '/api/v26.2/objects/users/me/api_access_token__sys'],
    [{ kind: 'user', userId: '12345' } as const, '/api/v26.2/objects/users/12345/api_access_token__sys'],
    [
      { kind: 'sandbox', sandboxName: 'VeePharm Sandbox' } as const,
      '/api/v26.2/objects/sandbox/VeePharm%20Sandbox/users/me/api_access_token__sys',
    ],
  ])('target %j posts form name__v and a UTC expiry_date__v', async (target, path) => {
    stub.reply(MINTED);
    const minted = await tokenSession(stub.url).mintToken({
      name: 'rotator:abc',
      expiresAt: new Date('2027-02-18T12:00:00.750Z'),
      target,
    });
    const [request] = stub.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(path);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      name__v: 'rotator:abc',
      expiry_date__v: '2027-02-18T12:00:00Z',
    });
    expect(minted.id).toBe('V8T000000002001');
    expect(minted.name).toBe('rotator:abc');
    expect(minted.expiresAt).toBe('2027-02-18T12:00:00Z');
    expect(isSecret(minted.token)).toBe(true);
    expect(minted.token.reveal()).toBe('veeva-vault-NEWTOKEN0123456789');
  });

  it('omits expiry_date__v when no expiry is given', async () => {
    stub.reply(MINTED);
    const minted = await tokenSession(stub.url).mintToken({ name: 'forever' });
    expect(new URLSearchParams(stub.requests[0]?.body).has('expiry_date__v')).toBe(false);
    expect(minted.expiresAt).toBeUndefined();
  });

  it.each([
    [{ name: '' }, /^name: expected 1–128/],
    [{ name: 'x'.repeat(129) }, /^name: expected 1–128/],
    [{ name: "it's" }, /^name: may contain only/],
    [{ name: 'ok', expiresAt: new Date('bad') }, /^expiresAt/],
    [{ name: 'ok', target: { kind: 'user', userId: '1/2' } }, /^target.userId/],
    [{ name: 'ok', target: { kind: 'sandbox', sandboxName: 'a/b' } }, /^target.sandboxName/],
    [{ name: 'ok', target: { kind: 'galaxy' } }, /^target: expected kind/],
  ])('refuses bad input before sending: %j', async (request, message) => {
    const error = await tokenSession(stub.url)
      .mintToken(request as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultConfigError);
    expect((error as Error).message).toMatch(message);
    expect(stub.requests).toHaveLength(0);
  });

  it('retries a FAILURE of a transient type (nothing was created)', async () => {
    stub.reply(failure('RACE_CONDITION'), MINTED);
    await expect(tokenSession(stub.url).mintToken({ name: 'n' })).resolves.toMatchObject({ id: 'V8T000000002001' });
    expect(stub.requests).toHaveLength(2);
  });

  it('does not retry a permanent FAILURE and throws it as is', async () => {
    stub.reply(failure('OPERATION_NOT_ALLOWED', 'User [1] already has the maximum of 25 active API access tokens'));
    const error = await tokenSession(stub.url)
      .mintToken({ name: 'n' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultApiError);
    expect((error as Error).message).toMatch(/25 active tokens/);
    expect(stub.requests).toHaveLength(1);
  });

  it.each([
    ['a reset connection', { reset: true } as const],
    ['a 503 page', { status: 503, text: '<html>maintenance</html>' }],
    ['a 200 non-JSON body', { text: 'not json' }],
    ['an EXCEPTION envelope', failure('UNEXPECTED_ERROR', 'oops', 'EXCEPTION')],
    ['a SUCCESS without a token', success({ data: { id: 'V8T1' } })],
    ['a SUCCESS with a token of the wrong shape', success({ data: { id: 'V8T1', token__sys: 'abcdefghijkl' } })],
  ])('%s is ambiguous: VaultMintOutcomeUnknownError carrying the name, never a second mint', async (_label, reply) => {
    stub.reply(reply as never);
    const error = await tokenSession(stub.url)
      .mintToken({ name: 'rotator:lost' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultMintOutcomeUnknownError);
    expect((error as VaultMintOutcomeUnknownError).tokenName).toBe('rotator:lost');
    expect((error as Error).message).toMatch(/rotator:lost/);
    expect(stub.requests).toHaveLength(1);
  });

  it('retries a refused connection (the request never left) and then mints once', async () => {
    let calls = 0;
    const refusingOnce: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 1) {
        const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
        throw new TypeError('fetch failed', { cause });
      }
      return fetch(input, init);
    };
    stub.reply(MINTED);
    await expect(tokenSession(stub.url, { fetch: refusingOnce }).mintToken({ name: 'n' })).resolves.toMatchObject({
      id: 'V8T000000002001',
    });
    expect(calls).toBe(2);
    expect(stub.requests).toHaveLength(1);
  });

  it('turns an abort while the mint is in flight into VaultMintOutcomeUnknownError', async () => {
    stub.reply({ hang: true });
    const controller = new AbortController();
    const call = tokenSession(stub.url).mintToken({ name: 'aborted' }, { signal: controller.signal });
    await vi.waitFor(() => expect(stub.requests).toHaveLength(1));
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'VaultMintOutcomeUnknownError', tokenName: 'aborted' });
  });
});

describe('whoAmI', () => {
  it('reads ids as strings and checks the expected user', async () => {
    stub.fallback = success({ users: [{ user: { id: 61603, user_name__v: 'tibanez@veepharm.com' } }] });
    const session = tokenSession(stub.url);
    await expect(session.whoAmI({ expectedUserId: '61603' })).resolves.toEqual({
      userId: '61603',
      userName: 'tibanez@veepharm.com',
    });
    const error = await session.whoAmI({ expectedUserId: '1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultUserMismatchError);
    expect(error).toMatchObject({ expectedUserId: '1', actualUserId: '61603' });
  });

  it('refuses an answer without users[0].user', async () => {
    stub.fallback = success({ users: [] });
    await expect(tokenSession(stub.url, { retry: { attempts: 1 } }).whoAmI()).rejects.toThrow(/users\[0\]\.user\.id/);
  });
});

describe('listTokens', () => {
  it('sends VQL with the filters and reads string or array status', async () => {
    stub.reply(
      success({
        responseDetails: { size: 2 },
        data: [
          {
            id: 'V1',
            name__v: 'rotator:a',
            user__sys: 61603,
            status__v: ['active__v'],
            expiry_date__sys: '2027-02-18T12:00:00.000Z',
            last_used_date__sys: null,
          },
          { id: 'V2', name__v: 'rotator:b', user__sys: '61603', status__v: 'inactive__v' },
        ],
      }),
    );
    const records = await tokenSession(stub.url).listTokens({ userId: '61603', namePrefix: 'rotator:' });
    const q = new URLSearchParams(stub.requests[0]?.body).get('q');
    expect(stub.requests[0]?.path).toBe('/api/v26.2/query');
    expect(q).toBe(
      "SELECT id, name__v, user__sys, status__v, expiry_date__sys, last_used_date__sys FROM api_access_token__sys WHERE user__sys = '61603' AND name__v LIKE 'rotator:%' AND status__v = 'active__v'",
    );
    expect(records).toEqual([
      {
        id: 'V1',
        name: 'rotator:a',
        userId: '61603',
        status: 'active__v',
        expiresAt: '2027-02-18T12:00:00.000Z',
        lastUsedAt: undefined,
      },
      {
        id: 'V2',
        name: 'rotator:b',
        userId: '61603',
        status: 'inactive__v',
        expiresAt: undefined,
        lastUsedAt: undefined,
      },
    ]);
  });

  it('exact name, and activeOnly false drops the status condition', async () => {
    stub.reply(success({ data: [] }));
    await tokenSession(stub.url).listTokens({ name: 'rotator:x', activeOnly: false });
    expect(new URLSearchParams(stub.requests[0]?.body).get('q')).toMatch(/WHERE name__v = 'rotator:x'$/);
  });

  it.each([
    [{ userId: "1' OR '1'='1" }, /^filter.userId: expected a numeric Vault user id/],
    [{ namePrefix: 'a%' }, /^filter.namePrefix: may contain only/],
    [{ name: 'a\nb' }, /^filter.name: may contain only/],
    [{ namePrefix: '' }, /^filter.namePrefix: expected 1–128/],
  ])('refuses VQL injection %j before sending', async (filter, message) => {
    await expect(tokenSession(stub.url).listTokens(filter)).rejects.toThrow(message);
    expect(stub.requests).toHaveLength(0);
  });

  it('refuses a next_page that leaves the Vault origin', async () => {
    stub.reply(success({ responseDetails: { next_page: 'https://evil.example/api/v26.2/query/x' }, data: [] }));
    await expect(tokenSession(stub.url).listTokens({})).rejects.toThrow(/refusing to follow/);
    expect(stub.requests).toHaveLength(1);
  });

  it('stops a next_page loop at the page bound', async () => {
    stub.fallback = success({ responseDetails: { next_page: '/api/v26.2/query/loop?pageoffset=1' }, data: [] });
    await expect(tokenSession(stub.url).listTokens({})).rejects.toThrow(/more than 100 pages/);
    expect(stub.requests).toHaveLength(100);
  });
});

describe('revokeTokens', () => {
  const allSucceed = (request: { body: string }) => {
    const ids = (JSON.parse(request.body) as { id: string }[]).map(({ id }) => id);
    return success({ data: ids.map((id) => ({ responseStatus: 'SUCCESS', data: { id } })) });
  };

  it('sends JSON [{id}] in chunks of at most 500, without duplicates', async () => {
    stub.fallback = allSucceed;
    const ids = Array.from({ length: 1201 }, (_, i) => `V${i}`);
    const outcomes = await tokenSession(stub.url).revokeTokens([...ids, 'V0', 'V1']);
    expect(stub.requests.map((r) => (JSON.parse(r.body) as unknown[]).length)).toEqual([500, 500, 201]);
    for (const request of stub.requests) {
      expect(request.method).toBe('DELETE');
      expect(request.path).toBe('/api/v26.2/vobjects/api_access_token__sys');
      expect(request.headers['content-type']).toBe('application/json');
    }
    expect(JSON.parse(stub.requests[0]?.body ?? '')[0]).toEqual({ id: 'V0' });
    expect(outcomes).toHaveLength(1201);
    expect(outcomes.every((o) => o.outcome === 'revoked')).toBe(true);
  });

  it('returns [] for no ids without a request', async () => {
    await expect(tokenSession(stub.url).revokeTokens([])).resolves.toEqual([]);
    expect(stub.requests).toHaveLength(0);
  });

  it('checks every record under a top-level SUCCESS and resolves failures with one lookup', async () => {
    stub.reply(
      success({
        data: [
          { responseStatus: 'SUCCESS', data: { id: 'A' } },
          { responseStatus: 'FAILURE', errors: [{ type: 'INVALID_DATA', message: 'Record [B] not found' }] },
          { responseStatus: 'FAILURE', errors: [{ type: 'INVALID_DATA', message: 'Record [C] locked' }] },
          { responseStatus: 'FAILURE', errors: [{ type: 'INSUFFICIENT_ACCESS', message: 'not yours' }] },
          { responseStatus: 'FAILURE', errors: [{ type: 'INVALID_DATA', message: 'inactive' }] },
        ],
      }),
      success({
        data: [
          { id: 'C', status__v: ['active__v'] },
          { id: 'E', status__v: ['inactive__v'] },
        ],
      }),
    );
    const outcomes = await tokenSession(stub.url).revokeTokens(['A', 'B', 'C', 'D', 'E']);
    expect(outcomes).toEqual([
      { id: 'A', outcome: 'revoked' },
      { id: 'B', outcome: 'gone' },
      { id: 'C', outcome: 'failed', errorType: 'INVALID_DATA', message: 'Record [C] locked' },
      { id: 'D', outcome: 'failed', errorType: 'INSUFFICIENT_ACCESS', message: 'not yours' },
      { id: 'E', outcome: 'gone' },
    ]);
    expect(stub.requests).toHaveLength(2);
    expect(new URLSearchParams(stub.requests[1]?.body).get('q')).toMatch(/WHERE \(id = 'B' OR id = 'C' OR id = 'E'\)$/);
  });

  it('reports failures as failed when the lookup itself fails', async () => {
    stub.reply(
      success({ data: [{ responseStatus: 'FAILURE', errors: [{ type: 'INVALID_DATA', message: 'x' }] }] }),
      failure('INCORRECT_QUERY_SYNTAX_ERROR'),
    );
    await expect(tokenSession(stub.url).revokeTokens(['A'])).resolves.toEqual([
      { id: 'A', outcome: 'failed', errorType: 'INVALID_DATA', message: 'x' },
    ]);
  });

  it('throws a top-level INVALID_SESSION_ID (the caller decides)', async () => {
    stub.reply(failure('INVALID_SESSION_ID', 'Invalid or expired session ID.'));
    await expect(tokenSession(stub.url).revokeTokens(['A'])).rejects.toMatchObject({ type: 'INVALID_SESSION_ID' });
    expect(stub.requests).toHaveLength(1);
  });

  it('refuses ids outside the safe character set before sending', async () => {
    await expect(tokenSession(stub.url).revokeTokens(["A' OR 'x"])).rejects.toThrow(/^ids: expected a Vault record id/);
    expect(stub.requests).toHaveLength(0);
  });
});
