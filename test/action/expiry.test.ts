// expires-in: the shared duration forms become an exact expiry (the action's clock is pinned to the simulator's),
// and zero, negative, absurd and unreadable values are refused before anything is sent.

import { describe, expect, it } from 'vitest';
import { expectNoLeaks, runJob } from './support/job.js';
import { mintedTokens, NOW, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

const MINUTE = 60_000;

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('expires-in', () => {
  const vault = useVault();

  it.each([
    ['15m', 15 * MINUTE],
    ['1h', 60 * MINUTE],
    ['PT30M', 30 * MINUTE],
    ['2d', 2 * 24 * 60 * MINUTE],
    ['5m', 5 * MINUTE],
    ['90d', 90 * 24 * 60 * MINUTE],
  ])('%s sets the token to expire exactly that long after now', async (expiresIn, lifetime) => {
    const sim = vault();
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'expires-in': expiresIn },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });

    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.outputs['expires-at']).toBe(iso(NOW + lifetime));
    expect(job.main.result.state.expiresAt).toBe(iso(NOW + lifetime));
    expect(mintedTokens(sim)[0]?.expiresAt).toBe(NOW + lifetime);
  });

  // The bundles once read these, a test knob in shipped code: a job could mint past the 90-day check or make post
  // skip a live token as expired. Tests set the action's clock from outside its bundle (support/clock-preload.mjs).
  it('ignores VAULT_TOKEN_ACTION_TEST_* in the job env: the expiry stays what expires-in says', async () => {
    const sim = vault();
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'expires-in': '30m' },
      env: { VAULT_TOKEN_ACTION_TEST_NOW: '2100-01-01T00:00:00Z', VAULT_TOKEN_ACTION_TEST_RETRY_DELAY_MS: 'none' },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });

    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.outputs['expires-at']).toBe(iso(NOW + 30 * MINUTE));
    expect(mintedTokens(sim)[0]?.expiresAt).toBe(NOW + 30 * MINUTE);
  });

  it.each([
    ['0', 'expected a positive duration between 5m and 90d'],
    ['0m', 'expected a positive duration between 5m and 90d'],
    ['-1h', 'expected a positive duration between 5m and 90d'],
    ['abc', 'expected a positive duration between 5m and 90d'],
    ['4m', 'is too short'],
    ['91d', 'is too long'],
    ['1000d', 'is too long'],
    ['P1Y', 'expected a positive duration between 5m and 90d'],
  ])('refuses %s without sending anything', async (expiresIn, reason) => {
    const sim = vault();
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'expires-in': expiresIn },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });

    expect(job.main.result.failed).toBe(true);
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.errors).toHaveLength(1);
    expect(job.main.result.errors[0]).toMatch(/^expires-in: /);
    expect(job.main.result.errors[0]).toContain(reason);
    expect(job.main.result.errors[0]).toContain('between 5m and 90d');
    expect(job.main.result.errors[0]).toContain(JSON.stringify(expiresIn));
    expect(sim.requests).toEqual([]);
    expect(mintedTokens(sim)).toEqual([]);
  });
});
