// Fault injection: each kind, per operation, with `times`, and what the request log records.
import { describe, expect, it } from 'vitest';
import { startVaultSimulator, type VaultSimulator } from '../../simulator/vault-simulator.js';
import { call, expectFailure, expiryIn, mintSelf, V, useSimulators } from './vault-support.js';

const simulator = useSimulators();

const whoAmI = (sim: VaultSimulator, signal?: AbortSignal) =>
  call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: sim.bootstrapToken, signal });

describe('fault injection', () => {
  it('vault-error answers HTTP 200 FAILURE with the chosen type, without processing, once by default', async () => {
    const sim = await simulator();
    sim.injectFault({ operation: 'mint', kind: { type: 'vault-error', errorType: 'RACE_CONDITION' } });
    const before = sim.tokens().length;
    const faulted = await mintSelf(sim, sim.bootstrapToken, { name__v: 'x', expiry_date__v: expiryIn(sim, 1) });
    expectFailure(faulted, 'RACE_CONDITION');
    expect(faulted.headers.get('x-vaultapi-executionid')).toBeTruthy();
    expect(sim.tokens()).toHaveLength(before);
    const next = await mintSelf(sim, sim.bootstrapToken, { name__v: 'x', expiry_date__v: expiryIn(sim, 1) });
    expect(next.json.responseStatus).toBe('SUCCESS');
    expect(sim.requests.map((r) => r.fault)).toEqual(['vault-error', undefined]);
  });

  it('vault-error can be an EXCEPTION with a message, and hits `times` requests of that operation only', async () => {
    const sim = await simulator();
    sim.injectFault({
      operation: 'whoAmI',
      kind: { type: 'vault-error', errorType: 'UNEXPECTED_ERROR', responseStatus: 'EXCEPTION', message: 'boom' },
      times: 2,
    });
    expect((await query(sim)).json.responseStatus).toBe('SUCCESS');
    for (let i = 0; i < 2; i += 1) {
      const answer = await whoAmI(sim);
      expectFailure(answer, 'UNEXPECTED_ERROR', 'EXCEPTION');
      expect(answer.json.errors[0].message).toBe('boom');
    }
    expect((await whoAmI(sim)).json.responseStatus).toBe('SUCCESS');
  });

  it('http-503-html answers a maintenance page', async () => {
    const sim = await simulator();
    sim.injectFault({ operation: 'query', kind: { type: 'http-503-html' } });
    const answer = await query(sim);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.text).toMatch(/<html/i);
    expect(sim.requests.at(-1)).toMatchObject({ operation: 'query', httpStatus: 503, fault: 'http-503-html' });
  });

  it('connection-reset drops the connection before any answer, without processing', async () => {
    const sim = await simulator();
    sim.injectFault({ operation: 'mint', kind: { type: 'connection-reset' } });
    const before = sim.tokens().length;
    await expect(
      mintSelf(sim, sim.bootstrapToken, { name__v: 'reset', expiry_date__v: expiryIn(sim, 1) }),
    ).rejects.toThrow();
    expect(sim.tokens()).toHaveLength(before);
    expect(sim.requests.at(-1)).toMatchObject({ operation: 'mint', httpStatus: 0, fault: 'connection-reset' });
    expect((await whoAmI(sim)).json.responseStatus).toBe('SUCCESS');
  });

  it('lost-answer processes the request, then drops the connection', async () => {
    const sim = await simulator();
    sim.injectFault({ operation: 'mint', kind: { type: 'lost-answer' } });
    await expect(
      mintSelf(sim, sim.bootstrapToken, { name__v: 'orphan-42', expiry_date__v: expiryIn(sim, 1) }),
    ).rejects.toThrow();
    const orphan = sim.tokens().filter((t) => t.name === 'orphan-42');
    expect(orphan).toHaveLength(1);
    expect(orphan[0]?.status).toBe('active__v');
    expect(sim.requests.at(-1)).toMatchObject({
      operation: 'mint',
      httpStatus: 0,
      responseStatus: 'SUCCESS',
      fault: 'lost-answer',
    });
  });

  it('hang never answers: the client aborts, and close() still finishes while a request hangs', async () => {
    const sim = await startVaultSimulator();
    sim.injectFault({ operation: 'whoAmI', kind: { type: 'hang' }, times: 2 });
    await expect(whoAmI(sim, AbortSignal.timeout(200))).rejects.toThrow();
    const pending = whoAmI(sim, AbortSignal.timeout(30_000));
    pending.catch(() => undefined);
    // Wait until the simulator has the second request, then close with it still open.
    for (let i = 0; i < 200 && sim.requests.length < 2; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(sim.requests.map((r) => r.fault)).toEqual(['hang', 'hang']);
    await sim.close();
    await expect(pending).rejects.toThrow();
  });

  it('clearFaults removes pending faults; invalid faults are refused', async () => {
    const sim = await simulator();
    sim.injectFault({ operation: 'whoAmI', kind: { type: 'http-503-html' }, times: Number.POSITIVE_INFINITY });
    expect((await whoAmI(sim)).status).toBe(503);
    sim.clearFaults();
    expect((await whoAmI(sim)).status).toBe(200);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately invalid input
    const bad = (fault: any) => () => sim.injectFault(fault);
    expect(bad({ operation: 'nope', kind: { type: 'hang' } })).toThrow(/operation/);
    expect(bad({ operation: 'mint', kind: { type: 'nope' } })).toThrow(/kind\.type/);
    expect(bad({ operation: 'mint', kind: { type: 'vault-error' } })).toThrow(/errorType/);
    expect(bad({ operation: 'mint', kind: { type: 'hang' }, times: 0 })).toThrow(/times/);
  });

  it('faults apply to auth and endSession too', async () => {
    const sim = await simulator();
    sim.injectFault({ operation: 'auth', kind: { type: 'vault-error', errorType: 'API_LIMIT_EXCEEDED' } });
    sim.injectFault({ operation: 'endSession', kind: { type: 'http-503-html' } });
    const auth = await call(sim, 'POST', `/api/${V}/auth`, {
      form: { username: sim.bootstrapUser.userName, password: sim.bootstrapUser.password },
    });
    expectFailure(auth, 'API_LIMIT_EXCEEDED');
    expect((await call(sim, 'DELETE', `/api/${V}/session`, { auth: sim.bootstrapToken })).status).toBe(503);
    expect(sim.requests.map((r) => r.operation)).toEqual(['auth', 'endSession']);
    sim.clearRequests();
    expect(sim.requests).toHaveLength(0);
  });
});

function query(sim: VaultSimulator) {
  return call(sim, 'POST', `/api/${V}/query`, {
    auth: sim.bootstrapToken,
    form: { q: 'SELECT id FROM api_access_token__sys' },
  });
}
