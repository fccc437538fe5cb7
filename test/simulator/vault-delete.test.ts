// Delete Object Records on api_access_token__sys: body forms, per-record results, permissions, limits.
import { describe, expect, it } from 'vitest';
import { call, expectFailure, query, V, useSimulators } from './vault-support.js';

const PATH = `/api/${V}/vobjects/api_access_token__sys`;
const simulator = useSimulators();

describe('Delete Object Records', () => {
  it('deletes by JSON array; the token stops working and stays visible as inactive', async () => {
    const sim = await simulator();
    const victim = sim.issueToken(sim.bootstrapUser.id, { name: 'victim' });
    const answer = await call(sim, 'DELETE', PATH, { auth: sim.bootstrapToken, json: [{ id: victim.id }] });
    expect(answer.json).toEqual({
      responseStatus: 'SUCCESS',
      data: [{ responseStatus: 'SUCCESS', data: { id: victim.id } }],
    });
    expectFailure(await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: victim.token }), 'INVALID_SESSION_ID');
    expect(sim.tokens().find((t) => t.id === victim.id)).toMatchObject({ deleted: true, status: 'inactive__v' });
    const listed = await query(
      sim,
      sim.bootstrapToken,
      `SELECT status__v FROM api_access_token__sys WHERE id = '${victim.id}'`,
    );
    expect(listed.json.data).toEqual([{ status__v: ['inactive__v'] }]);
  });

  it('deletes by text/csv', async () => {
    const sim = await simulator();
    const a = sim.issueToken(sim.bootstrapUser.id, { name: 'a' });
    const b = sim.issueToken(sim.bootstrapUser.id, { name: 'b' });
    const answer = await call(sim, 'DELETE', PATH, { auth: sim.bootstrapToken, csv: `id\r\n${a.id}\r\n"${b.id}"\r\n` });
    expect(answer.json.data.map((r: { responseStatus: string }) => r.responseStatus)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(sim.isTokenAccepted(a.token) || sim.isTokenAccepted(b.token)).toBe(false);
  });

  it('accepts POST with ?_method=DELETE', async () => {
    const sim = await simulator();
    const victim = sim.issueToken(sim.bootstrapUser.id, { name: 'victim' });
    const answer = await call(sim, 'POST', `${PATH}?_method=DELETE`, {
      auth: sim.bootstrapToken,
      json: [{ id: victim.id }],
    });
    expect(answer.json.data[0]).toEqual({ responseStatus: 'SUCCESS', data: { id: victim.id } });
    expect(sim.requests.at(-1)?.operation).toBe('delete');
  });

  it('answers per record in input order, top-level SUCCESS even when items fail', async () => {
    const sim = await simulator();
    const dave = sim.addUser({ userName: 'dave@example.com' });
    const daveToken = sim.issueToken(dave.id, { name: 'dave' });
    const daveOther = sim.issueToken(dave.id, { name: 'dave-2' });
    const boss = sim.issueToken(sim.bootstrapUser.id, { name: 'boss' });
    const answer = await call(sim, 'DELETE', PATH, {
      auth: daveToken.token,
      json: [{ id: daveOther.id }, { id: 'V8T000000000000' }, { id: daveOther.id }, { id: boss.id }, {}],
    });
    expect(answer.json.responseStatus).toBe('SUCCESS');
    const statuses = answer.json.data.map((r: { responseStatus: string; errors?: { type: string }[] }) =>
      r.responseStatus === 'SUCCESS' ? 'SUCCESS' : r.errors?.[0]?.type,
    );
    expect(statuses).toEqual(['SUCCESS', 'INVALID_DATA', 'INVALID_DATA', 'INSUFFICIENT_ACCESS', 'INVALID_DATA']);
    expect(sim.isTokenAccepted(boss.token)).toBe(true);
  });

  it('answers INVALID_DATA per record for an already-deleted token', async () => {
    const sim = await simulator();
    const victim = sim.issueToken(sim.bootstrapUser.id, { name: 'victim' });
    await call(sim, 'DELETE', PATH, { auth: sim.bootstrapToken, json: [{ id: victim.id }] });
    const again = await call(sim, 'DELETE', PATH, { auth: sim.bootstrapToken, json: [{ id: victim.id }] });
    expect(again.json.responseStatus).toBe('SUCCESS');
    expect(again.json.data[0].responseStatus).toBe('FAILURE');
    expect(again.json.data[0].errors[0].type).toBe('INVALID_DATA');
  });

  it('lets an admin delete another user’s token, and a token delete itself', async () => {
    const sim = await simulator();
    const erin = sim.addUser({ userName: 'erin@example.com' });
    const erinToken = sim.issueToken(erin.id, { name: 'erin' });
    const byAdmin = await call(sim, 'DELETE', PATH, { auth: sim.bootstrapToken, json: [{ id: erinToken.id }] });
    expect(byAdmin.json.data[0].responseStatus).toBe('SUCCESS');

    const self = sim.issueToken(erin.id, { name: 'self' });
    const bySelf = await call(sim, 'DELETE', PATH, { auth: self.token, json: [{ id: self.id }] });
    expect(bySelf.json.data[0].responseStatus).toBe('SUCCESS');
    expectFailure(await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: self.token }), 'INVALID_SESSION_ID');
  });

  it('makes deleted tokens vanish when deletedTokens is "vanish"', async () => {
    const sim = await simulator({ deletedTokens: 'vanish' });
    const victim = sim.issueToken(sim.bootstrapUser.id, { name: 'victim' });
    await call(sim, 'DELETE', PATH, { auth: sim.bootstrapToken, json: [{ id: victim.id }] });
    expect(sim.tokens().some((t) => t.id === victim.id)).toBe(false);
    const listed = await query(
      sim,
      sim.bootstrapToken,
      `SELECT id FROM api_access_token__sys WHERE id = '${victim.id}'`,
    );
    expect(listed.json.data).toEqual([]);
    expect(sim.isTokenAccepted(victim.token)).toBe(false);
  });

  it('takes at most 500 records: 500 are processed, 501 fail the whole request with INVALID_DATA', async () => {
    const sim = await simulator();
    const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `V8TNOPE${String(i).padStart(8, '0')}` }));
    const five = await call(sim, 'DELETE', PATH, { auth: sim.bootstrapToken, json: ids(500) });
    expect(five.json.responseStatus).toBe('SUCCESS');
    expect(five.json.data).toHaveLength(500);
    const tooMany = await call(sim, 'DELETE', PATH, { auth: sim.bootstrapToken, json: ids(501) });
    expectFailure(tooMany, 'INVALID_DATA');
    expect(tooMany.json.errors[0].message).toMatch(/500/);
  });

  it('refuses bodies it cannot read and objects other than api_access_token__sys', async () => {
    const sim = await simulator();
    expectFailure(await call(sim, 'DELETE', PATH, { auth: sim.bootstrapToken, form: { id: 'x' } }), 'INVALID_DATA');
    expectFailure(await call(sim, 'DELETE', PATH, { auth: sim.bootstrapToken, json: { id: 'x' } }), 'INVALID_DATA');
    expectFailure(await call(sim, 'DELETE', PATH, { auth: sim.bootstrapToken, json: [] }), 'INVALID_DATA');
    expectFailure(await call(sim, 'DELETE', PATH, { auth: sim.bootstrapToken, csv: 'name\nx' }), 'INVALID_DATA');
    expectFailure(
      await call(sim, 'DELETE', `/api/${V}/vobjects/product__v`, { auth: sim.bootstrapToken, json: [{ id: 'x' }] }),
      'INVALID_DATA',
    );
    expectFailure(await call(sim, 'DELETE', PATH, { json: [{ id: 'x' }] }), 'INVALID_SESSION_ID');
  });
});
