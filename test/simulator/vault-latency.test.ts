// The latencyMs option: every answer waits for a timer of that length (held here by a stub, so nothing is timed).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdLatencyTimers, LATENCY_MS } from '../support/latency-timers.js';
import { startVaultSimulator } from '../../simulator/vault-simulator.js';
import { call, V } from './vault-support.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('vault simulator latencyMs', () => {
  it('holds each answer until its latency timer fires, then answers normally', async () => {
    const timers = holdLatencyTimers();
    const sim = await startVaultSimulator({ latencyMs: LATENCY_MS });
    try {
      let answered = false;
      const answer = call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: sim.bootstrapToken }).then((a) => {
        answered = true;
        return a;
      });
      await vi.waitFor(() => expect(timers.count).toBe(1));
      expect(answered).toBe(false);
      expect(sim.requests).toHaveLength(0);

      timers.release();
      expect((await answer).json.responseStatus).toBe('SUCCESS');
      expect(sim.requests.map((r) => r.operation)).toEqual(['whoAmI']);
    } finally {
      timers.release();
      await sim.close();
    }
  });

  it('delays every request, one timer each', async () => {
    const timers = holdLatencyTimers();
    const sim = await startVaultSimulator({ latencyMs: LATENCY_MS });
    try {
      const answers = [1, 2, 3].map(() => call(sim, 'GET', `/api/${V}/objects/users/me`, { auth: sim.bootstrapToken }));
      await vi.waitFor(() => expect(timers.count).toBe(3));
      timers.release();
      for (const answer of await Promise.all(answers)) expect(answer.json.responseStatus).toBe('SUCCESS');
    } finally {
      timers.release();
      await sim.close();
    }
  });

  it.each([-1, 1.5, 60_001, '50'])('refuses latencyMs %j, naming the option', async (latencyMs) => {
    await expect(startVaultSimulator({ latencyMs } as never)).rejects.toThrow(/latencyMs/);
  });
});
