// The Authorization header as Vault reads it: API access tokens only as `Bearer <token>`, session ids raw or as
// Bearer; and, on request, the HTTP 401 a Veeva source reports for an expired or deleted token.
import { describe, expect, it } from 'vitest';
import { call, expectFailure, expiryIn, login, mintSelf, useSimulators, V } from './vault-support.js';

const simulator = useSimulators();
const ME = `/api/${V}/objects/users/me`;

describe('API access tokens need Bearer', () => {
  it('refuses a valid token sent raw with INVALID_SESSION_ID, and does not count it as a use', async () => {
    const sim = await simulator();
    const { id, token } = sim.issueToken(sim.bootstrapUser.id, { name: 'raw-test' });
    expectFailure(await call(sim, 'GET', ME, { auth: token, raw: true }), 'INVALID_SESSION_ID');
    expectFailure(
      await call(sim, 'POST', `/api/${V}/objects/users/me/api_access_token__sys`, {
        auth: token,
        raw: true,
        form: { name__v: 'x', expiry_date__v: expiryIn(sim, 1) },
      }),
      'INVALID_SESSION_ID',
    );
    expect(sim.tokens().find((t) => t.id === id)?.lastUsedAt).toBeNull();
    expect(sim.tokens({ activeOnly: true }).filter((t) => t.name === 'x')).toHaveLength(0);

    const bearer = await call(sim, 'GET', ME, { auth: token });
    expect(bearer.json.responseStatus).toBe('SUCCESS');
    expect((await call(sim, 'GET', ME, { auth: `bearer ${token}`, raw: true })).json.responseStatus).toBe('SUCCESS');
  });

  it('still accepts a session id raw or as Bearer', async () => {
    const sim = await simulator();
    const sessionId: string = (await login(sim, sim.bootstrapUser.userName, sim.bootstrapUser.password)).json.sessionId;
    expect((await call(sim, 'GET', ME, { auth: sessionId, raw: true })).json.responseStatus).toBe('SUCCESS');
    expect((await call(sim, 'GET', ME, { auth: sessionId })).json.responseStatus).toBe('SUCCESS');
  });
});

describe("rejectedTokenAnswer: 'http-401'", () => {
  it('answers HTTP 401 without an envelope for a revoked, an expired and an unknown token', async () => {
    const sim = await simulator({ rejectedTokenAnswer: 'http-401' });
    const revoked = sim.issueToken(sim.bootstrapUser.id, { name: 'revoked' });
    await call(sim, 'DELETE', `/api/${V}/vobjects/api_access_token__sys`, {
      auth: sim.bootstrapToken,
      json: [{ id: revoked.id }],
    });
    const expired = sim.issueToken(sim.bootstrapUser.id, { name: 'expired', expiresAt: sim.clock.now() + 1000 });
    sim.clock.advance(2000);
    for (const token of [revoked.token, expired.token, 'veeva-vault-unknown0123456789']) {
      const answer = await call(sim, 'GET', ME, { auth: token });
      expect(answer.status).toBe(401);
      expect(answer.json).toBeUndefined();
      expect(answer.text).not.toContain('veeva-vault-');
    }
    expect(sim.requests.filter((r) => r.httpStatus === 401)).toHaveLength(3);
    // Accepted tokens are unaffected.
    expect((await mintSelf(sim, sim.bootstrapToken, { name__v: 'ok', expiry_date__v: expiryIn(sim, 1) })).status).toBe(
      200,
    );
  });

  it('keeps the envelope for sessions and for a token sent without Bearer (read as a session id)', async () => {
    const sim = await simulator({ rejectedTokenAnswer: 'http-401' });
    expectFailure(await call(sim, 'GET', ME, { auth: 'NOSUCHSESSION', raw: true }), 'INVALID_SESSION_ID');
    expectFailure(await call(sim, 'GET', ME, { auth: sim.bootstrapToken, raw: true }), 'INVALID_SESSION_ID');
  });

  it('the default is the documented envelope', async () => {
    const sim = await simulator();
    expectFailure(await call(sim, 'GET', ME, { auth: 'veeva-vault-unknown0123456789' }), 'INVALID_SESSION_ID');
  });

  it('refuses an unknown value, naming the option', async () => {
    await expect(simulator({ rejectedTokenAnswer: 'teapot' as never })).rejects.toThrow(/rejectedTokenAnswer/);
  });
});

describe("fault kind 'http-401'", () => {
  it('answers one request of the named operation with HTTP 401 and does not process it', async () => {
    const sim = await simulator();
    sim.injectFault({ operation: 'mint', kind: { type: 'http-401' } });
    const first = await mintSelf(sim, sim.bootstrapToken, { name__v: 'f401', expiry_date__v: expiryIn(sim, 1) });
    expect(first.status).toBe(401);
    expect(first.json).toBeUndefined();
    expect(sim.tokens().filter((t) => t.name === 'f401')).toHaveLength(0);
    expect(sim.requests.at(-1)).toMatchObject({ operation: 'mint', httpStatus: 401, fault: 'http-401' });
    const second = await mintSelf(sim, sim.bootstrapToken, { name__v: 'f401', expiry_date__v: expiryIn(sim, 1) });
    expect(second.json.responseStatus).toBe('SUCCESS');
  });
});
