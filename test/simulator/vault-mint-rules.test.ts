// Token-generation rules: name, expiry format and limits, the active-token cap, and the simulated clock.
import { describe, expect, it } from 'vitest';
import { call, expectFailure, expiryIn, isoSeconds, mintSelf, query, V, useSimulators } from './vault-support.js';

const DAY = 86_400_000;
const simulator = useSimulators();

describe('name__v', () => {
  it('is required (PARAMETER_REQUIRED) and at most 128 characters (INVALID_DATA); nothing is created on failure', async () => {
    const sim = await simulator();
    const before = sim.tokens().length;
    expectFailure(await mintSelf(sim, sim.bootstrapToken, { expiry_date__v: expiryIn(sim, 1) }), 'PARAMETER_REQUIRED');
    expectFailure(
      await mintSelf(sim, sim.bootstrapToken, { name__v: '', expiry_date__v: expiryIn(sim, 1) }),
      'PARAMETER_REQUIRED',
    );
    const long = await mintSelf(sim, sim.bootstrapToken, {
      name__v: 'n'.repeat(129),
      expiry_date__v: expiryIn(sim, 1),
    });
    expectFailure(long, 'INVALID_DATA');
    expect(long.json.errors[0].message).toMatch(/name__v.*128/);
    expect(sim.tokens()).toHaveLength(before);
    const ok = await mintSelf(sim, sim.bootstrapToken, { name__v: 'n'.repeat(128), expiry_date__v: expiryIn(sim, 1) });
    expect(ok.json.responseStatus).toBe('SUCCESS');
  });

  it('rejects unknown body parameters such as expiry_date__sys with INVALID_DATA', async () => {
    const sim = await simulator();
    const answer = await mintSelf(sim, sim.bootstrapToken, { name__v: 'x', expiry_date__sys: expiryIn(sim, 1) });
    expectFailure(answer, 'INVALID_DATA');
    expect(answer.json.errors[0].message).toContain('expiry_date__sys');
    const nonString = await call(sim, 'POST', `/api/${V}/objects/users/me/api_access_token__sys`, {
      auth: sim.bootstrapToken,
      json: { name__v: 5, expiry_date__v: expiryIn(sim, 1) },
    });
    expectFailure(nonString, 'INVALID_DATA');
  });
});

describe('expiry_date__v', () => {
  it('rejects malformed values with INVALID_DATA', async () => {
    const sim = await simulator({ startTime: Date.UTC(2026, 10, 1) });
    for (const bad of [
      '2026-12-31T12:00:00:00.000Z', // the documented curl example
      '2026-12-31T12:00:00.000Z', // milliseconds
      '2026-12-31T12:00:00', // no zone
      '2026-12-31 12:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-31T00:00:00Z',
      '2026-12-01T24:00:00Z',
      'tomorrow',
    ]) {
      const answer = await mintSelf(sim, sim.bootstrapToken, { name__v: 'x', expiry_date__v: bad });
      expectFailure(answer, 'INVALID_DATA');
      expect(answer.json.errors[0].message).toContain('expiry_date__v');
    }
  });

  it('rejects a past or present expiry with INVALID_DATA', async () => {
    const sim = await simulator();
    const now = sim.clock.now();
    expectFailure(
      await mintSelf(sim, sim.bootstrapToken, { name__v: 'x', expiry_date__v: isoSeconds(now - 60_000) }),
      'INVALID_DATA',
    );
    expectFailure(
      await mintSelf(sim, sim.bootstrapToken, {
        name__v: 'x',
        expiry_date__v: isoSeconds(Math.floor(now / 1000) * 1000),
      }),
      'INVALID_DATA',
    );
  });

  it('accepts exactly the security-profile maximum and refuses one second more with OPERATION_NOT_ALLOWED', async () => {
    const sim = await simulator({ startTime: Date.UTC(2026, 5, 1, 12), maxExpiryDays: 30 });
    const limit = sim.clock.now() + 30 * DAY;
    expect(
      (await mintSelf(sim, sim.bootstrapToken, { name__v: 'max', expiry_date__v: isoSeconds(limit) })).json
        .responseStatus,
    ).toBe('SUCCESS');
    const over = await mintSelf(sim, sim.bootstrapToken, { name__v: 'over', expiry_date__v: isoSeconds(limit + 1000) });
    expectFailure(over, 'OPERATION_NOT_ALLOWED');
    expect(over.json.errors[0].message).toMatch(/maximum.*30 days.*security profile/);
  });

  it('is required unless the profile allows non-expiring tokens', async () => {
    const strict = await simulator();
    const refused = await mintSelf(strict, strict.bootstrapToken, { name__v: 'forever' });
    expectFailure(refused, 'OPERATION_NOT_ALLOWED');
    expect(refused.json.errors[0].message).toMatch(/non-expiring/);

    const lax = await simulator({ allowNonExpiring: true });
    const minted = await mintSelf(lax, lax.bootstrapToken, { name__v: 'forever' });
    expect(minted.json.responseStatus).toBe('SUCCESS');
    expect(lax.tokens().find((t) => t.id === minted.json.data.id)?.expiresAt).toBeNull();
    lax.clock.advance(10_000 * DAY);
    expect(lax.isTokenAccepted(minted.json.data.token__sys)).toBe(true);
  });

  it('reads a bare date as 23:59:59 in the user timezone (America/Denver, with daylight saving)', async () => {
    const sim = await simulator({ startTime: Date.UTC(2026, 11, 1) });
    const winter = await mintSelf(sim, sim.bootstrapToken, { name__v: 'winter', expiry_date__v: '2027-01-15' });
    expect(sim.tokens().find((t) => t.id === winter.json.data.id)?.expiresAt).toBe(Date.UTC(2027, 0, 16, 6, 59, 59));
    sim.clock.set(Date.UTC(2027, 5, 1));
    const fresh = sim.issueToken(sim.bootstrapUser.id, { name: 'june' }).token;
    const summer = await mintSelf(sim, fresh, { name__v: 'summer', expiry_date__v: '2027-07-15' });
    expect(sim.tokens().find((t) => t.id === summer.json.data.id)?.expiresAt).toBe(Date.UTC(2027, 6, 16, 5, 59, 59));
  });
});

describe('the active-token cap', () => {
  it('allows 25 active tokens per user and refuses the 26th with OPERATION_NOT_ALLOWED naming the cap', async () => {
    const sim = await simulator();
    // The bootstrap token is the first of 25.
    for (let i = 1; i < 25; i += 1) {
      const answer = await mintSelf(sim, sim.bootstrapToken, { name__v: `t${i}`, expiry_date__v: expiryIn(sim, 1) });
      expect(answer.json.responseStatus).toBe('SUCCESS');
    }
    const refused = await mintSelf(sim, sim.bootstrapToken, { name__v: 't25', expiry_date__v: expiryIn(sim, 1) });
    expectFailure(refused, 'OPERATION_NOT_ALLOWED');
    expect(refused.json.errors[0].message).toMatch(/maximum of 25 active/);
    expect(sim.tokens({ userId: sim.bootstrapUser.id, activeOnly: true })).toHaveLength(25);
    expect(() => sim.issueToken(sim.bootstrapUser.id)).toThrow(/OPERATION_NOT_ALLOWED/);

    // Deleting one frees a slot.
    const victim = sim.tokens().find((t) => t.name === 't1')!;
    await call(sim, 'DELETE', `/api/${V}/vobjects/api_access_token__sys`, {
      auth: sim.bootstrapToken,
      json: [{ id: victim.id }],
    });
    const again = await mintSelf(sim, sim.bootstrapToken, { name__v: 't26', expiry_date__v: expiryIn(sim, 2) });
    expect(again.json.responseStatus).toBe('SUCCESS');
  });

  it('counts only active tokens of that user on that Vault', async () => {
    const sim = await simulator({ tokenCap: 3 });
    const other = sim.addUser({ userName: 'other@example.com' });
    sim.issueToken(other.id, { name: 'o1' });
    sim.issueToken(other.id, { name: 'o2' });
    sim.issueToken(other.id, { name: 'o3' });
    await sim.addSandbox('Sbx');
    sim.issueToken(sim.bootstrapUser.id, { name: 'in-sandbox', vault: 'Sbx' });
    sim.issueToken(sim.bootstrapUser.id, { name: 'filler' });
    const short = sim.issueToken(sim.bootstrapUser.id, { name: 'short', expiresAt: sim.clock.now() + 60_000 });
    expectFailure(
      await mintSelf(sim, sim.bootstrapToken, { name__v: 'x', expiry_date__v: expiryIn(sim, 1) }),
      'OPERATION_NOT_ALLOWED',
    );
    sim.clock.advance(60_000);
    expect(sim.isTokenAccepted(short.token)).toBe(false);
    const minted = await mintSelf(sim, sim.bootstrapToken, { name__v: 'x', expiry_date__v: expiryIn(sim, 1) });
    expect(minted.json.responseStatus).toBe('SUCCESS');
  });
});

describe('the simulated clock', () => {
  it('stands still until moved, and an expired token fails INVALID_SESSION_ID and shows inactive', async () => {
    const sim = await simulator();
    const start = sim.clock.now();
    const minted = await mintSelf(sim, sim.bootstrapToken, { name__v: 'short', expiry_date__v: expiryIn(sim, 1) });
    const token: string = minted.json.data.token__sys;
    const expiresAt = sim.tokens().find((t) => t.id === minted.json.data.id)!.expiresAt!;
    expect(sim.clock.now()).toBe(start);

    sim.clock.set(expiresAt - 1);
    expect((await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: token })).json.responseStatus).toBe('SUCCESS');
    sim.clock.advance(1);
    expectFailure(await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: token }), 'INVALID_SESSION_ID');
    expect(sim.isTokenAccepted(token)).toBe(false);
    const listed = await query(
      sim,
      sim.bootstrapToken,
      `SELECT id, status__v FROM api_access_token__sys WHERE id = '${minted.json.data.id}'`,
    );
    expect(listed.json.data).toEqual([{ id: minted.json.data.id, status__v: ['inactive__v'] }]);
  });

  it('expires the bootstrap token after maxExpiryDays', async () => {
    const sim = await simulator({ maxExpiryDays: 7 });
    sim.clock.advance(7 * DAY - 1000);
    expect(sim.isTokenAccepted(sim.bootstrapToken)).toBe(true);
    sim.clock.advance(1000);
    expect(sim.isTokenAccepted(sim.bootstrapToken)).toBe(false);
  });

  it('refuses to move by a negative or non-finite amount', async () => {
    const sim = await simulator();
    expect(() => sim.clock.advance(-1)).toThrow(/advance/);
    expect(() => sim.clock.set(Number.NaN)).toThrow(/set/);
  });
});
