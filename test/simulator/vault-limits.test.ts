// The simulator's model of Vault's shared limits (simulator/vault/limits.ts): delayed answers past the burst limit,
// API_LIMIT_EXCEEDED past the per-user, per-minute sign-in limit, and a clock the benchmark can scale.
import { describe, expect, it } from 'vitest';
import { limitStats, settleBurstWindows } from '../../simulator/vault-simulator.js';
import type { VaultSimulatorExtraOptions, VaultSimulatorOptions } from '../../simulator/vault-simulator.js';
import { createScaledClock } from '../../simulator/vault/limits.js';
import { call, expectFailure, login, useSimulators, V } from './vault-support.js';

const simulator = useSimulators() as (options?: VaultSimulatorOptions & VaultSimulatorExtraOptions) => ReturnType<
  ReturnType<typeof useSimulators>
>;
const START = Date.UTC(2026, 0, 1, 0, 0, 0);

describe('the burst limit', () => {
  it('delays every answer past the limit (X-VaultAPI-ResponseDelay) until the window resets, and counts them', async () => {
    const sim = await simulator({ burstLimit: 3, startTime: START, burstDelayMs: 750 });
    const me = () => call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: sim.bootstrapToken });
    const delays: (string | null)[] = [];
    for (let i = 0; i < 5; i += 1) delays.push((await me()).headers.get('x-vaultapi-responsedelay'));
    expect(delays).toEqual([null, null, null, '750', '750']);
    expect(limitStats(sim).throttledResponses).toBe(2);
    expect(limitStats(sim).lowestBurstRemaining.get('main')).toEqual({ remaining: 0, limit: 3 });
    sim.clock.advance(5 * 60_000);
    const fresh = await me();
    expect(fresh.headers.get('x-vaultapi-responsedelay')).toBeNull();
    expect(fresh.headers.get('x-vaultapi-burstlimitremaining')).toBe('2');
  });
});

describe("other integrations' traffic and real delays", () => {
  it('counts otherTrafficPercent of the limit per window, arriving evenly, with the simulator\'s own calls', async () => {
    const sim = await simulator({ burstLimit: 1000, otherTrafficPercent: 30, startTime: START });
    const me = () => call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: sim.bootstrapToken });
    const remaining = async () => Number((await me()).headers.get('x-vaultapi-burstlimitremaining'));
    expect(await remaining()).toBe(999);
    sim.clock.advance(150_000); // half the window: 150 other calls so far
    expect(await remaining()).toBe(1000 - 2 - 150);
    // The window's end is its lowest point: all 300 other calls have come by then.
    settleBurstWindows(sim);
    expect(limitStats(sim).lowestBurstRemaining.get('main')).toEqual({ remaining: 1000 - 2 - 300, limit: 1000 });
    sim.clock.advance(150_000); // a new window: the last one ended with 2 + 300 calls
    expect(await remaining()).toBe(999);
  });

  it('waits the burst delay with the given sleep, past the limit only', async () => {
    const waits: number[] = [];
    const sim = await simulator({
      burstLimit: 2,
      startTime: START,
      latencyMs: 7,
      burstDelayMs: 500,
      burstDelayRealMs: 500,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    for (let i = 0; i < 3; i += 1) await call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: sim.bootstrapToken });
    expect(waits).toEqual([7, 7, 7, 500]);
  });
});

describe('the auth limit', () => {
  it('refuses sign-ins of one user past the limit with API_LIMIT_EXCEEDED until the next minute', async () => {
    const sim = await simulator({ authLimitPerMinute: 2, startTime: START });
    const { userName, password } = sim.bootstrapUser;
    const other = sim.addUser({ userName: 'other@acme.test', password: 'other-password-1' });
    expect((await login(sim, userName, password)).json.responseStatus).toBe('SUCCESS');
    expect((await login(sim, userName, password)).json.responseStatus).toBe('SUCCESS');
    expectFailure(await login(sim, userName, password), 'API_LIMIT_EXCEEDED');
    // Per user: another user still signs in.
    expect((await login(sim, other.userName, 'other-password-1')).json.responseStatus).toBe('SUCCESS');
    expect(limitStats(sim)).toMatchObject({ authLimitRefusals: 1, signIns: 3 });
    sim.clock.advance(60_000);
    expect((await login(sim, userName, password)).json.responseStatus).toBe('SUCCESS');
  });

  it('is off unless configured', async () => {
    const sim = await simulator({ startTime: START });
    const { userName, password } = sim.bootstrapUser;
    for (let i = 0; i < 30; i += 1) expect((await login(sim, userName, password)).json.responseStatus).toBe('SUCCESS');
    expect(limitStats(sim).authLimitRefusals).toBe(0);
  });
});

describe('the scaled clock', () => {
  it('runs `scale` times faster than real time, and advance/set still move it', () => {
    let real = 1_000;
    const clock = createScaledClock(START, 60, () => real);
    expect(clock.now()).toBe(START);
    real += 1_000;
    expect(clock.now()).toBe(START + 60_000);
    clock.advance(5_000);
    expect(clock.now()).toBe(START + 65_000);
    clock.set(START);
    expect(clock.now()).toBe(START);
    real += 500;
    expect(clock.now()).toBe(START + 30_000);
    expect(() => createScaledClock(START, 0)).toThrow(/clockScale/);
  });
});
