// Each endpoint over raw HTTP: answers, envelopes, headers, authentication forms and URL/version errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVaultSimulator, type VaultSimulator } from '../../simulator/vault-simulator.js';
import { call, expectFailure, expiryIn, login, mintSelf, V } from './vault-support.js';

let sim: VaultSimulator;
beforeAll(async () => {
  sim = await startVaultSimulator();
});
afterAll(async () => {
  await sim.close();
});

describe('Validate Session User (GET /objects/users/me)', () => {
  it('answers the token owner with a numeric id and Vault headers', async () => {
    const answer = await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: sim.bootstrapToken });
    expect(answer.status).toBe(200);
    expect(answer.json.responseStatus).toBe('SUCCESS');
    const user = answer.json.users[0].user;
    expect(user.id).toBe(Number(sim.bootstrapUser.id));
    expect(user.user_name__v).toBe(sim.bootstrapUser.userName);
    expect(answer.headers.get('x-vaultapi-executionid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers.get('x-vaultapi-vaultid')).toBe(String(sim.vaultId));
    expect(answer.headers.get('x-vaultapi-userid')).toBe(sim.bootstrapUser.id);
    expect(answer.headers.get('x-vaultapi-status')).toBe('SUCCESS');
    expect(Number(answer.headers.get('x-vaultapi-burstlimit'))).toBeGreaterThan(0);
    expect(answer.headers.get('x-vaultapi-burstlimitremaining')).toMatch(/^\d+$/);
  });

  it('records when a token was last used, on the simulated clock', async () => {
    const { token, id } = sim.issueToken(sim.bootstrapUser.id, { name: 'last-used' });
    expect(sim.tokens().find((t) => t.id === id)?.lastUsedAt).toBeNull();
    sim.clock.advance(1234);
    await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: token });
    expect(sim.tokens().find((t) => t.id === id)?.lastUsedAt).toBe(sim.clock.now());
  });

  it('refuses a missing, unknown or malformed credential with INVALID_SESSION_ID and no user header', async () => {
    const missing = await call(sim, 'GET', `/api/${V}/objects/users/me`);
    expectFailure(missing, 'INVALID_SESSION_ID');
    expect(missing.headers.get('x-vaultapi-userid')).toBeNull();
    expect(missing.headers.get('x-vaultapi-status')).toBe('FAILURE');
    expectFailure(
      await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: 'veeva-vault-0000' }),
      'INVALID_SESSION_ID',
    );
    expectFailure(
      await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: 'NOT-A-SESSION' }),
      'INVALID_SESSION_ID',
    );
  });

  it('refuses a user without the API permission with INSUFFICIENT_ACCESS naming VaultActions_API_Access', async () => {
    const noApi = sim.addUser({ userName: 'no.api@example.com', password: 'pw-no-api-1', apiAccess: false });
    const session = await login(sim, 'no.api@example.com', 'pw-no-api-1');
    expect(session.json.responseStatus).toBe('SUCCESS');
    const answer = await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: session.json.sessionId });
    expectFailure(answer, 'INSUFFICIENT_ACCESS');
    expect(answer.json.errors[0].message).toBe(
      `User [${noApi.id}] not licensed for permission [VaultActions_API_Access]`,
    );
    expect(answer.headers.get('x-vaultapi-userid')).toBe(noApi.id);
  });
});

describe('Authentication (POST /auth) and sessions', () => {
  it('answers a session with numeric userId, vaultIds and vaultId; the session works raw or as Bearer', async () => {
    const answer = await login(sim, sim.bootstrapUser.userName, sim.bootstrapUser.password);
    expect(answer.json).toMatchObject({
      responseStatus: 'SUCCESS',
      userId: Number(sim.bootstrapUser.id),
      vaultId: sim.vaultId,
      vaultIds: [{ id: sim.vaultId, name: expect.any(String), url: `${sim.url}/api` }],
    });
    const sessionId: string = answer.json.sessionId;
    expect(sessionId).toMatch(/^[0-9A-F]{32,}$/);
    const raw = await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: sessionId, raw: true });
    expect(raw.json.responseStatus).toBe('SUCCESS');
    const bearer = await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: sessionId });
    expect(bearer.json.users[0].user.id).toBe(Number(sim.bootstrapUser.id));
  });

  it('accepts multipart/form-data and user names in any case', async () => {
    const form = new FormData();
    form.set('username', sim.bootstrapUser.userName.toUpperCase());
    form.set('password', sim.bootstrapUser.password);
    const response = await fetch(`${sim.url}/api/${V}/auth`, { method: 'POST', body: form });
    const body = (await response.json()) as { responseStatus: string };
    expect(body.responseStatus).toBe('SUCCESS');
  });

  it('fails a wrong password with USERNAME_OR_PASSWORD_INCORRECT and top-level errorType', async () => {
    sim.addUser({ userName: 'wrong.pw@example.com', password: 'right-password' });
    const answer = await login(sim, 'wrong.pw@example.com', 'nope');
    expectFailure(answer, 'USERNAME_OR_PASSWORD_INCORRECT');
    expect(answer.json.errorType).toBe('AUTHENTICATION_FAILED');
    expectFailure(await login(sim, 'nobody@example.com', 'x'), 'USERNAME_OR_PASSWORD_INCORRECT');
  });

  it('fails a missing password with NO_PASSWORD_PROVIDED', async () => {
    const answer = await call(sim, 'POST', `/api/${V}/auth`, { form: { username: sim.bootstrapUser.userName } });
    expectFailure(answer, 'NO_PASSWORD_PROVIDED');
    expect(answer.json.errorType).toBe('AUTHENTICATION_FAILED');
  });

  it('locks a user after 5 consecutive failures; then even the right password fails USER_LOCKED_OUT', async () => {
    sim.addUser({ userName: 'lock.me@example.com', password: 'right-password' });
    for (let i = 0; i < 5; i += 1) {
      expectFailure(await login(sim, 'lock.me@example.com', `wrong-${i}`), 'USERNAME_OR_PASSWORD_INCORRECT');
    }
    expectFailure(await login(sim, 'lock.me@example.com', 'right-password'), 'USER_LOCKED_OUT');
  });

  it('resets the failure count on a successful login', async () => {
    sim.addUser({ userName: 'reset.me@example.com', password: 'right-password' });
    for (let i = 0; i < 4; i += 1) await login(sim, 'reset.me@example.com', 'wrong');
    expect((await login(sim, 'reset.me@example.com', 'right-password')).json.responseStatus).toBe('SUCCESS');
    for (let i = 0; i < 4; i += 1) await login(sim, 'reset.me@example.com', 'wrong');
    expect((await login(sim, 'reset.me@example.com', 'right-password')).json.responseStatus).toBe('SUCCESS');
  });

  it('DELETE /session ends a password session; a token survives it', async () => {
    const sessionId = (await login(sim, sim.bootstrapUser.userName, sim.bootstrapUser.password)).json.sessionId;
    const ended = await call(sim, 'DELETE', `/api/${V}/session`, { auth: sessionId, raw: true });
    expect(ended.json.responseStatus).toBe('SUCCESS');
    expectFailure(
      await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: sessionId, raw: true }),
      'INVALID_SESSION_ID',
    );
    expectFailure(await call(sim, 'DELETE', `/api/${V}/session`, { auth: sessionId, raw: true }), 'INVALID_SESSION_ID');
    const { token } = sim.issueToken(sim.bootstrapUser.id, { name: 'survives-end-session' });
    expect((await call(sim, 'DELETE', `/api/${V}/session`, { auth: token })).json.responseStatus).toBe('SUCCESS');
    expect(sim.isTokenAccepted(token)).toBe(true);
  });

  it('expires an idle session after 20 simulated minutes; keep-alive and use refresh it', async () => {
    const sessionId = (await login(sim, sim.bootstrapUser.userName, sim.bootstrapUser.password)).json.sessionId;
    sim.clock.advance(19 * 60_000);
    expect((await call(sim, 'POST', `/api/${V}/keep-alive`, { auth: sessionId })).json.responseStatus).toBe('SUCCESS');
    sim.clock.advance(19 * 60_000);
    expect((await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: sessionId })).json.responseStatus).toBe(
      'SUCCESS',
    );
    sim.clock.advance(21 * 60_000);
    expectFailure(await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: sessionId }), 'INVALID_SESSION_ID');
  });
});

describe('session hard limit', () => {
  it('ends any password session 48 simulated hours after login, however active', async () => {
    const local = await startVaultSimulator({ sessionIdleMinutes: 72 * 60 });
    try {
      const sessionId = (await login(local, local.bootstrapUser.userName, local.bootstrapUser.password)).json.sessionId;
      local.clock.advance(48 * 3_600_000);
      const stillOk = await call(local, 'GET', `/api/${V}/objects/users/me`, { auth: sessionId });
      expect(stillOk.json.responseStatus).toBe('SUCCESS');
      local.clock.advance(1);
      expectFailure(await call(local, 'GET', `/api/${V}/objects/users/me`, { auth: sessionId }), 'INVALID_SESSION_ID');
    } finally {
      await local.close();
    }
  });
});

describe('Generate API access tokens', () => {
  it('mints for me (form) and answers {id, token__sys}; the new token authenticates', async () => {
    const answer = await mintSelf(sim, sim.bootstrapToken, {
      name__v: 'form-minted',
      expiry_date__v: expiryIn(sim, 7),
    });
    expect(answer.json.responseStatus).toBe('SUCCESS');
    expect(answer.json.data.id).toMatch(/^V8T[0-9A-Z]{12}$/);
    expect(answer.json.data.token__sys).toMatch(/^veeva-vault-[0-9a-f]{64}$/);
    const me = await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: answer.json.data.token__sys });
    expect(me.json.users[0].user.id).toBe(Number(sim.bootstrapUser.id));
    const row = sim.tokens().find((t) => t.id === answer.json.data.id);
    expect(row).toMatchObject({
      name: 'form-minted',
      userId: sim.bootstrapUser.id,
      vault: 'main',
      status: 'active__v',
    });
  });

  it('mints for me from a JSON body, with a password session', async () => {
    const sessionId = (await login(sim, sim.bootstrapUser.userName, sim.bootstrapUser.password)).json.sessionId;
    const answer = await call(sim, 'POST', `/api/${V}/objects/users/me/api_access_token__sys`, {
      auth: sessionId,
      raw: true,
      json: { name__v: 'json-minted', expiry_date__v: expiryIn(sim, 1) },
    });
    expect(answer.json.responseStatus).toBe('SUCCESS');
    expect(sim.isTokenAccepted(answer.json.data.token__sys)).toBe(true);
  });

  it('gives every mint a different id and value', async () => {
    const a = await mintSelf(sim, sim.bootstrapToken, { name__v: 'same-name', expiry_date__v: expiryIn(sim, 1) });
    const b = await mintSelf(sim, sim.bootstrapToken, { name__v: 'same-name', expiry_date__v: expiryIn(sim, 1) });
    expect(a.json.data.id).not.toBe(b.json.data.id);
    expect(a.json.data.token__sys).not.toBe(b.json.data.token__sys);
  });

  describe('for a user id', () => {
    it('lets an admin mint for another user; the token belongs to that user', async () => {
      const bob = sim.addUser({ userName: 'bob@example.com' });
      const answer = await call(sim, 'POST', `/api/${V}/objects/users/${bob.id}/api_access_token__sys`, {
        auth: sim.bootstrapToken,
        form: { name__v: 'for-bob', expiry_date__v: expiryIn(sim, 3) },
      });
      expect(answer.json.responseStatus).toBe('SUCCESS');
      const me = await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: answer.json.data.token__sys });
      expect(me.json.users[0].user.id).toBe(Number(bob.id));
    });

    it('refuses a non-admin minting for someone else (INSUFFICIENT_ACCESS) but allows their own id', async () => {
      const carol = sim.addUser({ userName: 'carol@example.com' });
      const carolToken = sim.issueToken(carol.id, { name: 'carol' }).token;
      const before = sim.tokens().length;
      const forOther = await call(
        sim,
        'POST',
        `/api/${V}/objects/users/${sim.bootstrapUser.id}/api_access_token__sys`,
        {
          auth: carolToken,
          form: { name__v: 'x', expiry_date__v: expiryIn(sim, 1) },
        },
      );
      expectFailure(forOther, 'INSUFFICIENT_ACCESS');
      expect(sim.tokens()).toHaveLength(before);
      const forSelf = await call(sim, 'POST', `/api/${V}/objects/users/${carol.id}/api_access_token__sys`, {
        auth: carolToken,
        form: { name__v: 'self-by-id', expiry_date__v: expiryIn(sim, 1) },
      });
      expect(forSelf.json.responseStatus).toBe('SUCCESS');
    });

    it('answers USER_NOT_FOUND for an unknown user id', async () => {
      const answer = await call(sim, 'POST', `/api/${V}/objects/users/999999999/api_access_token__sys`, {
        auth: sim.bootstrapToken,
        form: { name__v: 'x', expiry_date__v: expiryIn(sim, 1) },
      });
      expectFailure(answer, 'USER_NOT_FOUND');
    });

    it('refuses VeevaID users with OPERATION_NOT_ALLOWED', async () => {
      const veeva = sim.addUser({ userName: 'veeva.id@example.com', veevaId: true });
      const answer = await call(sim, 'POST', `/api/${V}/objects/users/${veeva.id}/api_access_token__sys`, {
        auth: sim.bootstrapToken,
        form: { name__v: 'x', expiry_date__v: expiryIn(sim, 1) },
      });
      expectFailure(answer, 'OPERATION_NOT_ALLOWED');
      expect(answer.json.errors[0].message).toMatch(/VeevaID/);
      expect(() => sim.issueToken(veeva.id)).toThrow(/VeevaID/);
    });
  });
});

describe('URLs, versions and methods', () => {
  const me = (version: string) => `/api/${version}/objects/users/me/api_access_token__sys`;

  it('answers METHOD_NOT_SUPPORTED for token endpoints before v26.2, while older endpoints still work', async () => {
    const old = await call(sim, 'POST', me('v26.1'), {
      auth: sim.bootstrapToken,
      form: { name__v: 'x', expiry_date__v: expiryIn(sim, 1) },
    });
    expectFailure(old, 'METHOD_NOT_SUPPORTED');
    expect(old.json.errors[0].message).toMatch(/v26\.2/);
    const whoAmI = await call(sim, 'GET', '/api/v25.3/objects/users/me', { auth: sim.bootstrapToken });
    expect(whoAmI.json.responseStatus).toBe('SUCCESS');
    const newer = await call(sim, 'POST', me('v26.3'), {
      auth: sim.bootstrapToken,
      form: { name__v: 'on-26.3', expiry_date__v: expiryIn(sim, 1) },
    });
    expect(newer.json.responseStatus).toBe('SUCCESS');
  });

  it('answers MALFORMED_URL for a malformed or non-existent version and an unknown path', async () => {
    for (const path of ['/api/26.2/objects/users/me', '/api/vABC/objects/users/me', '/api/v99.1/objects/users/me']) {
      expectFailure(await call(sim, 'GET', path, { auth: sim.bootstrapToken }), 'MALFORMED_URL');
    }
    expectFailure(await call(sim, 'GET', `/api/${V}/no/such/thing`, { auth: sim.bootstrapToken }), 'MALFORMED_URL');
    expectFailure(await call(sim, 'GET', '/not-api', { auth: sim.bootstrapToken }), 'MALFORMED_URL');
  });

  it('answers METHOD_NOT_SUPPORTED for a known path with the wrong method', async () => {
    expectFailure(await call(sim, 'GET', me(V), { auth: sim.bootstrapToken }), 'METHOD_NOT_SUPPORTED');
    expectFailure(await call(sim, 'GET', `/api/${V}/auth`), 'METHOD_NOT_SUPPORTED');
  });

  it('lists API versions at GET /api/ with URLs on this host', async () => {
    const answer = await call(sim, 'GET', '/api/', { auth: sim.bootstrapToken });
    expect(answer.json.values['v26.2']).toBe(`${sim.url}/api/v26.2`);
  });
});

describe('burst headers', () => {
  it('count down within a fixed 5-minute window of the simulated clock and reset in the next', async () => {
    const local = await startVaultSimulator({ burstLimit: 10, startTime: Date.UTC(2026, 0, 1, 0, 0, 0) });
    try {
      const remaining = async () =>
        Number(
          (await call(local, 'GET', `/api/${V}/objects/users/me`, { auth: local.bootstrapToken })).headers.get(
            'x-vaultapi-burstlimitremaining',
          ),
        );
      expect(await remaining()).toBe(9);
      expect(await remaining()).toBe(8);
      local.clock.advance(4 * 60_000 + 59_000);
      expect(await remaining()).toBe(7);
      local.clock.advance(1000);
      expect(await remaining()).toBe(9);
    } finally {
      await local.close();
    }
  });
});
