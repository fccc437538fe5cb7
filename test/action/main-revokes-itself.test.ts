// When post will not get to the token, main takes it back before the step ends: a job cancelled while the mint is in
// flight, or step state that cannot be saved. And a post step interrupted the same way finishes its revocation.
// Through the committed bundles as the runner runs them (child process, SIGINT then SIGTERM 7.5 s later).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoLeaks, runJob } from './support/job.js';
import { type MintGate, startMintGate } from './support/mint-gate.js';
import { mintedTokens, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

describe('main revokes what post cannot', () => {
  const vault = useVault();

  describe('cancelled while the mint is in flight (SIGINT, then SIGTERM 7.5 s later)', () => {
    let gate: MintGate | undefined;
    afterEach(async () => {
      await gate?.close();
      gate = undefined;
    });

    it('a mint that still answers: the token is revoked before the step ends, and post has nothing left', async () => {
      const sim = vault();
      gate = await startMintGate(sim.url, { answerAfterMs: 1_000 });
      const job = await runJob({
        inputs: { 'vault-dns': gate.url, 'access-token': sim.bootstrapToken },
        preload: PINNED_CLOCK,
        secrets: parentSecrets(sim),
        cancelMainWhen: gate.arrived,
      });
      expectNoLeaks(job.main, job.post);
      expect(job.main.result.signalsSent).toEqual(['SIGINT']);
      expect(job.main.result.failed).toBe(true);
      expect(mintedTokens(sim)).toHaveLength(1);
      expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
      expect(job.main.result.outputs.token).toBeUndefined();
      expect(job.main.result.errors[0]).toMatch(
        /^The job was cancelled \(SIGINT\) while token \w+ was being minted\. It has been revoked, so nothing is left behind\.$/,
      );
      expect(job.post.text).toContain('was already revoked by the main step');
    });

    it('a mint that never answers: abandoned, then the token Vault created is found by name and revoked', async () => {
      const sim = vault();
      gate = await startMintGate(sim.url, { answerAfterMs: 'never' });
      const job = await runJob({
        inputs: { 'vault-dns': gate.url, 'access-token': sim.bootstrapToken },
        preload: PINNED_CLOCK,
        secrets: parentSecrets(sim),
        cancelMainWhen: gate.arrived,
      });
      expectNoLeaks(job.main, job.post);
      expect(job.main.result.signalsSent).toEqual(['SIGINT']);
      expect(job.main.result.failed).toBe(true);
      expect(mintedTokens(sim)).toHaveLength(1);
      expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
      expect(job.main.result.errors[0]).toMatch(/^The job was cancelled \(SIGINT\) while the mint was in flight\./);
      expect(job.main.result.errors[0]).toContain('is now revoked, so nothing is left behind');
    });
  });

  describe('cancelled while post revokes', () => {
    let gate: MintGate | undefined;
    afterEach(async () => {
      await gate?.close();
      gate = undefined;
    });

    it('SIGINT as the revoke leaves: post finishes it instead of dying, and the token is gone', async () => {
      const sim = vault();
      gate = await startMintGate(sim.url, { slow: 'delete', answerAfterMs: 500, dropIfClientGone: true });
      const job = await runJob({
        inputs: { 'vault-dns': gate.url, 'access-token': sim.bootstrapToken },
        preload: PINNED_CLOCK,
        secrets: parentSecrets(sim),
        cancelPostWhen: gate.arrived,
      });
      expectNoLeaks(job.main, job.post);
      expect(job.main.result.failed).toBe(false);
      expect(job.post.result.signalsSent).toEqual(['SIGINT']);
      expect(job.post.text).toContain(`Token ${job.main.result.outputs['token-id']} revoked.`);
      expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
    });
  });

  // @actions/core falls back to a ::save-state:: line without GITHUB_STATE, and the step used to succeed on it.
  it('no GITHUB_STATE at all: fails closed, the token revoked before the step fails and nothing on stdout', async () => {
    const sim = vault();
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken },
      preload: PINNED_CLOCK,
      mainEnv: { GITHUB_STATE: undefined },
      secrets: parentSecrets(sim),
    });
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.failed).toBe(true);
    expect(job.main.result.errors).toEqual([
      expect.stringMatching(
        /^Could not save the step state the post step needs to revoke token \w+ \(GITHUB_STATE is not set, so the runner would hand the post step no state\)\. It has been revoked, so nothing is left behind\.$/,
      ),
    ]);
    expect(job.main.result.stdout.filter((line) => line.includes('save-state'))).toEqual([]);
    expect(job.main.result.outputs.token).toBeUndefined();
    expect(mintedTokens(sim)).toHaveLength(1);
    expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
  });

  it('state that cannot be saved (GITHUB_STATE unwritable): the token is revoked before the step fails', async () => {
    const sim = vault();
    const unwritable = mkdtempSync(join(tmpdir(), 'state-is-a-directory-'));
    try {
      const job = await runJob({
        inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken },
        preload: PINNED_CLOCK,
        mainEnv: { GITHUB_STATE: unwritable },
        secrets: parentSecrets(sim),
      });
      expectNoLeaks(job.main, job.post);
      expect(job.main.result.failed).toBe(true);
      expect(job.main.result.errors[0]).toMatch(
        /^Could not save the step state the post step needs to revoke token \w+ \(.*EISDIR.*\)\. It has been revoked, so nothing is left behind\.$/,
      );
      expect(job.main.result.outputs.token).toBeUndefined();
      expect(mintedTokens(sim)).toHaveLength(1);
      expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
    } finally {
      rmSync(unwritable, { recursive: true, force: true });
    }
  });
});
