// The post step: revoke on / off / expired / already gone / failing. It never fails the job; a failure is one
// warning that says which token, what Vault said, and until when it stays valid.

import { describe, expect, it } from 'vitest';
import { expectNoLeaks, runJob } from './support/job.js';
import { clockAt, deleteToken, mintedTokens, NOW, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

const MINUTE = 60_000;
const FIFTEEN_MINUTES_LATER = NOW + 15 * MINUTE;

describe('revoke at job end', () => {
  const vault = useVault();
  const inputs = (sim: { url: string; bootstrapToken: string }, extra: Record<string, string> = {}) => ({
    'vault-dns': sim.url,
    'access-token': sim.bootstrapToken,
    'expires-in': '15m',
    ...extra,
  });

  it('on (default): the token is deleted with its own credential', async () => {
    const sim = vault();
    const job = await runJob({ inputs: inputs(sim), preload: PINNED_CLOCK, secrets: parentSecrets(sim) });
    expectNoLeaks(job.main, job.post);
    expect(job.post.result.failed).toBe(false);
    expect(job.post.result.warnings).toEqual([]);
    expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
    expect(sim.isTokenAccepted(sim.bootstrapToken)).toBe(true);
  });

  // Issue #10: post used to say "No token to revoke: the main step did not mint one." (or only "skipped").
  it('off: no token is saved for post, which says revocation was turned off and until when the token is valid', async () => {
    const sim = vault();
    const job = await runJob({ inputs: inputs(sim, { revoke: 'false' }), preload: PINNED_CLOCK, secrets: parentSecrets(sim) });
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.failed).toBe(false);
    expect(Object.keys(job.main.result.state).sort()).toEqual(['expiresAt', 'skipped', 'tokenId']);
    const { outputs } = job.main.result;
    expect(job.post.text).toContain(
      `Token ${outputs['token-id']} is not revoked: revocation was turned off (revoke: false). It stays valid until ${outputs['expires-at']} unless deleted in Vault.`,
    );
    expect(sim.requests.filter((r) => r.operation === 'delete')).toEqual([]);
    expect(sim.isTokenAccepted(job.token ?? '')).toBe(true);
  });

  it('expired: skipped without a request once past expiry plus the clock-skew margin', async () => {
    const sim = vault();
    const job = await runJob({
      inputs: inputs(sim),
      preload: PINNED_CLOCK,
      between: () => sim.clock.advance(16 * MINUTE + 1000),
      postPreload: clockAt(FIFTEEN_MINUTES_LATER + MINUTE + 1000),
      secrets: parentSecrets(sim),
    });
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.failed).toBe(false);
    expect(job.post.result.failed).toBe(false);
    expect(job.post.result.warnings).toEqual([]);
    const { outputs } = job.main.result;
    expect(job.post.text).toContain(
      `Token ${outputs['token-id']} expired at ${outputs['expires-at']}; nothing to revoke.`,
    );
    expect(sim.requests.filter((r) => r.operation === 'delete')).toEqual([]);
  });

  it('expired in Vault but inside the skew margin on the runner: tried, and "already gone" is info', async () => {
    const sim = vault();
    const job = await runJob({
      inputs: inputs(sim),
      preload: PINNED_CLOCK,
      // Vault's clock is past the expiry; the runner's is 30 s past it, inside the 60 s margin.
      between: () => sim.clock.advance(15 * MINUTE + 30_000),
      postPreload: clockAt(FIFTEEN_MINUTES_LATER + 30_000),
      secrets: parentSecrets(sim),
    });
    expectNoLeaks(job.main, job.post);
    expect(job.post.result.failed).toBe(false);
    expect(job.post.result.warnings).toEqual([]);
    expect(sim.requests.filter((r) => r.operation === 'delete')).toHaveLength(1);
    expect(job.post.text).toContain(`Token ${job.main.result.outputs['token-id']} was already gone`);
  });

  // The bundles once took "now" from this variable: a job that set it made post skip a live token as expired.
  it('a VAULT_TOKEN_ACTION_TEST_NOW in the job env does not move post past the expiry: the token is revoked', async () => {
    const sim = vault();
    const job = await runJob({
      inputs: inputs(sim),
      preload: PINNED_CLOCK,
      postEnv: { VAULT_TOKEN_ACTION_TEST_NOW: '2100-01-01T00:00:00Z' },
      secrets: parentSecrets(sim),
    });
    expectNoLeaks(job.main, job.post);
    expect(job.post.result.warnings).toEqual([]);
    expect(job.post.text).toContain(`Token ${job.main.result.outputs['token-id']} revoked.`);
    expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
  });

  // Job-level env and GITHUB_ENV reach post as STATE_* variables main never saved: such a note must not skip a token.
  it.each([
    ['STATE_skipped=revoke-false', { STATE_skipped: 'revoke-false' }],
    ['STATE_skipped=home-unknown', { STATE_skipped: 'home-unknown' }],
    ['STATE_revokedInMain=<id>', { STATE_revokedInMain: 'V8T000000000999' }],
    // A saved key wins over the job's env (the runner applies the state last), so this note cannot fake an expiry.
    ['STATE_expiresAt in the past', { STATE_expiresAt: '2000-01-01T00:00:00Z' }],
  ])('a forged note (%s) does not stop post revoking the token it holds', async (_label, postEnv) => {
    const sim = vault();
    const job = await runJob({
      inputs: inputs(sim),
      preload: PINNED_CLOCK,
      between: (main) => {
        // The real token id too: a note naming the held token explains only if the token is in fact gone.
        if ('STATE_revokedInMain' in postEnv) Object.assign(postEnv, { STATE_revokedInMain: main.result.outputs['token-id'] });
      },
      postEnv,
      secrets: parentSecrets(sim),
    });
    expectNoLeaks(job.main, job.post);
    expect(job.post.result.warnings).toEqual([]);
    expect(job.post.text).toContain(`Token ${job.main.result.outputs['token-id']} revoked.`);
    expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
  });

  it('already gone (deleted in Vault before the job ended): info, not a warning', async () => {
    const sim = vault();
    const job = await runJob({
      inputs: inputs(sim),
      preload: PINNED_CLOCK,
      between: (main) => deleteToken(sim, main.result.outputs['token-id'] ?? ''),
      secrets: parentSecrets(sim),
    });
    expectNoLeaks(job.main, job.post);
    expect(job.post.result.failed).toBe(false);
    expect(job.post.result.warnings).toEqual([]);
    expect(job.post.text).toContain(`Token ${job.main.result.outputs['token-id']} was already gone`);
  });

  it('a transient failure is retried and the token still revoked', async () => {
    const sim = vault();
    sim.injectFault({ operation: 'delete', kind: { type: 'http-503-html' }, times: 2 });
    const job = await runJob({ inputs: inputs(sim), preload: PINNED_CLOCK, secrets: parentSecrets(sim) });
    expectNoLeaks(job.main, job.post);
    expect(job.post.result.warnings).toEqual([]);
    expect(job.post.text).toContain('revoked.');
    expect(sim.requests.filter((r) => r.operation === 'delete').map((r) => r.fault ?? 'served')).toEqual([
      'http-503-html',
      'http-503-html',
      'served',
    ]);
    expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
  });

  it('a permanent Vault error is one useful warning, and the job does not fail', async () => {
    const sim = vault();
    sim.injectFault({
      operation: 'delete',
      kind: { type: 'vault-error', errorType: 'INSUFFICIENT_ACCESS', message: 'No permission to delete' },
    });
    const job = await runJob({ inputs: inputs(sim), preload: PINNED_CLOCK, secrets: parentSecrets(sim) });
    expectNoLeaks(job.main, job.post);
    expect(job.post.result.failed).toBe(false);
    expect(job.post.result.warnings).toHaveLength(1);
    const [warning] = job.post.result.warnings;
    const tokenId = job.main.result.outputs['token-id'] ?? '?';
    // The wording docs/operations.md quotes.
    expect(warning).toContain(`Token revocation failed for ${tokenId}`);
    expect(warning).toContain('INSUFFICIENT_ACCESS');
    expect(warning).toContain('Vault revokeTokens');
    expect(warning).toMatch(/execution id [0-9a-f-]{36}/);
    expect(warning).toContain(`It stays valid until ${job.main.result.outputs['expires-at']}`);
  });

  it('Vault unreachable through every retry: a warning naming the HTTP status, the job does not fail', async () => {
    const sim = vault();
    sim.injectFault({ operation: 'delete', kind: { type: 'http-503-html' }, times: 100 });
    const job = await runJob({ inputs: inputs(sim), preload: PINNED_CLOCK, secrets: parentSecrets(sim) });
    expectNoLeaks(job.main, job.post);
    expect(job.post.result.failed).toBe(false);
    expect(job.post.result.warnings).toHaveLength(1);
    const [warning] = job.post.result.warnings;
    expect(warning).toMatch(/^Token revocation failed for \w+: .*503.*\(Vault revokeTokens\b/);
    expect(sim.requests.filter((r) => r.operation === 'delete').length).toBeGreaterThan(1);
  });

  it('no state because main failed: nothing to do, no warning', async () => {
    const sim = vault();
    sim.injectFault({ operation: 'whoAmI', kind: { type: 'vault-error', errorType: 'INVALID_SESSION_ID' } });
    const job = await runJob({ inputs: inputs(sim), preload: PINNED_CLOCK, secrets: parentSecrets(sim) });
    expect(job.main.result.failed).toBe(true);
    expect(Object.keys(job.main.result.state)).toEqual([]);
    expect(job.post.result.failed).toBe(false);
    expect(job.post.result.warnings).toEqual([]);
    expect(job.post.text).toContain('No token to revoke: the main step did not mint one.');
  });
});
