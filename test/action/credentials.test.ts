// Each credential source, end to end through the committed bundles: masks first, outputs, state handed to post,
// the token revoked at job end, and nothing secret in the log or in what crosses to other jobs.

import { describe, expect, it } from 'vitest';
import { expectNoLeaks, maskLabels, runJob } from './support/job.js';
import { jobOutputs } from './support/masker.js';
import { mintedTokens, NOW, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ONE_HOUR_LATER = new Date(NOW + 60 * 60 * 1000).toISOString().replace('.000Z', 'Z');

describe('credential sources', () => {
  const vault = useVault();

  it('mints with a parent access token, outputs it, and revokes it with itself at job end', async () => {
    const sim = vault();
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });

    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    const { outputs } = job.main.result;
    expect(Object.keys(outputs).sort()).toEqual(['expires-at', 'token', 'token-id', 'user-id', 'vault-dns']);
    expect(outputs.token?.startsWith('veeva-vault-')).toBe(true);
    expect(outputs['expires-at']).toBe(ONE_HOUR_LATER);
    expect(outputs['expires-at']).toMatch(ISO_SECONDS);
    expect(outputs['user-id']).toBe(sim.bootstrapUser.id);
    const [minted] = mintedTokens(sim);
    expect(minted?.id).toBe(outputs['token-id']);
    expect(minted?.name).toMatch(/^gha\/octo-org\/octo-repo\/run-4242424242-1\/deploy\/[0-9a-f]{6}$/);

    // The parent token's mask is the very first thing the step prints.
    expect(job.main.result.stdout[0]?.startsWith('::add-mask::')).toBe(true);
    const secrets = [...parentSecrets(sim), { label: 'minted token', value: outputs.token ?? '?' }];
    // main: parent token first, then the new token; post registers the token again.
    expect(maskLabels(job.masker, secrets)).toEqual(['parent token', 'minted token', 'minted token']);

    // State holds exactly what post needs, and no parent credential.
    expect(Object.keys(job.main.result.state).sort()).toEqual([
      'apiVersion',
      'clientId',
      'expiresAt',
      'token',
      'tokenId',
      'vaultOrigin',
    ]);
    expect(Object.values(job.main.result.state).includes(sim.bootstrapToken)).toBe(false);

    // The summary names the Vault, user, token id and expiry, never the token.
    const summary = job.main.result.summary;
    for (const fact of [sim.url, sim.bootstrapUser.id, outputs['token-id'] ?? '?', ONE_HOUR_LATER]) {
      expect(summary).toContain(fact);
    }
    expect(summary.includes(outputs.token ?? '?')).toBe(false);

    expect(job.post.result.failed).toBe(false);
    expect(job.post.text).toContain(`Token ${outputs['token-id']} revoked.`);
    expect(sim.isTokenAccepted(outputs.token ?? '')).toBe(false);
    expect(sim.requests.filter((r) => r.operation === 'delete')).toHaveLength(1);
    expect(sim.isTokenAccepted(sim.bootstrapToken)).toBe(true);

    // Runner §6.5: the masked token cannot leave the job; the plain facts can.
    const crossing = jobOutputs(job.masker, outputs);
    expect(crossing.dropped).toEqual(['token']);
    expect(crossing.kept).toEqual({
      'token-id': outputs['token-id'],
      'expires-at': ONE_HOUR_LATER,
      'user-id': sim.bootstrapUser.id,
      'vault-dns': sim.url,
    });
  });

  it('mints with username and password, ends the password session, and never shows the password', async () => {
    const sim = vault();
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, username: sim.bootstrapUser.userName, password: sim.bootstrapUser.password },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });

    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    const secrets = [
      ...parentSecrets(sim),
      { label: 'user name', value: sim.bootstrapUser.userName },
      { label: 'minted token', value: job.token ?? '?' },
    ];
    // The user name is not a secret: masking it would blank it everywhere and drop outputs.
    expect(maskLabels(job.masker, secrets)).toEqual(['password', 'minted token', 'minted token']);
    expect(job.main.text).toContain(sim.bootstrapUser.userName);

    const operations = sim.requests.map((r) => r.operation);
    expect(operations.slice(0, 4)).toEqual(['auth', 'whoAmI', 'mint', 'endSession']);
    expect(operations.filter((o) => o === 'endSession')).toHaveLength(1);
    expect(job.main.result.outputs['user-id']).toBe(sim.bootstrapUser.id);
    expect(sim.isTokenAccepted(job.token ?? '')).toBe(false);
    expect(jobOutputs(job.masker, job.main.result.outputs).dropped).toEqual(['token']);
  });

  it('ends the password session even when the mint fails', async () => {
    const sim = vault();
    sim.injectFault({ operation: 'mint', kind: { type: 'vault-error', errorType: 'INSUFFICIENT_ACCESS' } });
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, username: sim.bootstrapUser.userName, password: sim.bootstrapUser.password },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });

    expect(job.main.result.failed).toBe(true);
    expectNoLeaks(job.main, job.post);
    expect(sim.requests.map((r) => r.operation)).toEqual(['auth', 'whoAmI', 'mint', 'endSession']);
    expect(mintedTokens(sim)).toEqual([]);
  });
});
