// retry-max-attempts, through the committed bundles: how many times a Vault request is tried.

import { describe, expect, it } from 'vitest';
import { expectNoLeaks, runJob } from './support/job.js';
import { mintedTokens, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

describe('retry-max-attempts', () => {
  const vault = useVault();

  it('1: a maintenance page is not retried, and the step fails naming it', async () => {
    const sim = vault();
    sim.injectFault({ operation: 'whoAmI', kind: { type: 'http-503-html' } });
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'retry-max-attempts': '1' },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.failed).toBe(true);
    expect(job.main.result.errors[0]).toContain('HTTP 503');
    expect(sim.requests.map((r) => r.operation)).toEqual(['whoAmI']);
  });

  it('6: five maintenance pages in a row are ridden out (the default 4 would give up)', async () => {
    const sim = vault();
    sim.injectFault({ operation: 'whoAmI', kind: { type: 'http-503-html' }, times: 5 });
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'retry-max-attempts': '6' },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.failed).toBe(false);
    expect(sim.requests.filter((r) => r.operation === 'whoAmI')).toHaveLength(6);
    expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
  });
});
