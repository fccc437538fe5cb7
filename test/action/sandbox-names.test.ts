// Vault allows spaces and punctuation in a sandbox name (`R&D (UAT)`, `UAT Sandbox`); the action takes the name as
// Vault shows it and the shared client URL-encodes it. Through the committed bundles against a simulator sandbox.

import { describe, expect, it } from 'vitest';
import { expectNoLeaks, runJob } from './support/job.js';
import { mintedTokens, mintRequests, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

describe('sandbox names with spaces and punctuation', () => {
  const vault = useVault();

  it.each(['R&D (UAT)', 'UAT Sandbox'])('%s: the mint works and post revokes the token there', async (name) => {
    const sim = vault();
    const sandbox = await sim.addSandbox(name);
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, sandbox: name },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });

    expect(job.main.result.failed, job.main.result.errors.join('\n')).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(mintRequests(sim).map((r) => r.path)).toEqual([
      `/api/v26.2/objects/sandbox/${encodeURIComponent(name)}/users/me/api_access_token__sys`,
    ]);
    expect(job.main.result.outputs['vault-dns']).toBe(sandbox.url);
    const [minted] = mintedTokens(sim, { vault: name });
    expect(minted?.id).toBe(job.main.result.outputs['token-id']);
    expect(job.post.text).toContain(`Token ${minted?.id} revoked.`);
    expect(sim.isTokenAccepted(job.token ?? '', name)).toBe(false);
  });

  it('a sandbox name with a slash is still refused, naming the input, before any call', async () => {
    const sim = vault();
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, sandbox: 'R&D/UAT' },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expect(job.main.result.failed).toBe(true);
    expect(job.main.result.errors.join('\n')).toMatch(/^sandbox: /m);
    expect(sim.requests).toEqual([]);
  });
});
