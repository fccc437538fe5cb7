// Vault errors in the main step: transient ones are retried and recovered; permanent ones fail the step with a
// message naming the operation, Vault's error type and execution id; a mint whose answer was lost is found by name
// and revoked. Whatever happens, no token, password or parent token reaches the log.

import { describe, expect, it } from 'vitest';
import { startVaultSimulator } from '../../simulator/vault-simulator.js';
import { expectNoLeaks, runJob } from './support/job.js';
import { mintedTokens, mintRequests, NOW, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

describe('Vault errors while minting', () => {
  const vault = useVault();
  const tokenInputs = (sim: { url: string; bootstrapToken: string }) => ({
    'vault-dns': sim.url,
    'access-token': sim.bootstrapToken,
  });

  it('a maintenance page on the credential check is retried and the job goes on', async () => {
    const sim = vault();
    sim.injectFault({ operation: 'whoAmI', kind: { type: 'http-503-html' } });
    const job = await runJob({ inputs: tokenInputs(sim), preload: PINNED_CLOCK, secrets: parentSecrets(sim) });
    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(sim.requests.filter((r) => r.operation === 'whoAmI')).toHaveLength(2);
    expect(job.main.result.warnings).toEqual([]);
    expect(job.main.text).toContain('retrying');
  });

  it('a transient FAILURE on mint (Vault rejected it, nothing created) is retried once, minting one token', async () => {
    const sim = vault();
    sim.injectFault({ operation: 'mint', kind: { type: 'vault-error', errorType: 'API_LIMIT_EXCEEDED' } });
    const job = await runJob({ inputs: tokenInputs(sim), preload: PINNED_CLOCK, secrets: parentSecrets(sim) });
    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(mintRequests(sim).map((r) => r.errorType ?? r.responseStatus)).toEqual(['API_LIMIT_EXCEEDED', 'SUCCESS']);
    expect(mintedTokens(sim)).toHaveLength(1);
  });

  it('an invalid parent token fails before minting, with the operation, type and execution id', async () => {
    const sim = vault();
    const staleToken = 'veeva-vault-0000000000000000000000000000000000000000000000000000000000000000';
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': staleToken },
      preload: PINNED_CLOCK,
      secrets: [{ label: 'parent token', value: staleToken }],
    });
    expect(job.main.result.failed).toBe(true);
    expectNoLeaks(job.main, job.post);
    const [error] = job.main.result.errors;
    expect(error).toContain('INVALID_SESSION_ID');
    expect(error).toContain('Vault whoAmI');
    expect(error).toMatch(/execution id [0-9a-f-]{36}/);
    expect(mintRequests(sim)).toEqual([]);
    expect(job.post.result.warnings).toEqual([]);
  });

  it('a wrong password fails once (never retried: five failures lock the account) and is never shown', async () => {
    const sim = vault();
    const wrong = 'Not-The-Password-42';
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, username: sim.bootstrapUser.userName, password: wrong },
      preload: PINNED_CLOCK,
      secrets: [...parentSecrets(sim), { label: 'wrong password', value: wrong }],
    });
    expect(job.main.result.failed).toBe(true);
    expectNoLeaks(job.main, job.post);
    expect(sim.requests.map((r) => r.operation)).toEqual(['auth']);
    expect(job.main.result.errors[0]).toContain('USERNAME_OR_PASSWORD_INCORRECT');
    expect(job.main.result.errors[0]).toContain('Vault auth');
  });

  it('a permanent mint error fails the step clearly and mints nothing', async () => {
    const sim = vault();
    sim.injectFault({
      operation: 'mint',
      kind: { type: 'vault-error', errorType: 'INSUFFICIENT_ACCESS', message: 'No API token permission' },
    });
    const job = await runJob({ inputs: tokenInputs(sim), preload: PINNED_CLOCK, secrets: parentSecrets(sim) });
    expect(job.main.result.failed).toBe(true);
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.errors[0]).toContain('INSUFFICIENT_ACCESS');
    expect(job.main.result.errors[0]).toContain('Vault mintToken');
    expect(mintRequests(sim)).toHaveLength(1);
    expect(mintedTokens(sim)).toEqual([]);
    expect(Object.keys(job.main.result.outputs)).toEqual([]);
  });

  it('the token cap is reported as such (simulator cap lowered to 1: the parent token fills it)', async () => {
    const sim = await startVaultSimulator({ startTime: NOW, tokenCap: 1 });
    try {
      const job = await runJob({ inputs: tokenInputs(sim), preload: PINNED_CLOCK, secrets: parentSecrets(sim) });
      expect(job.main.result.failed).toBe(true);
      expectNoLeaks(job.main, job.post);
      expect(job.main.result.errors[0]).toMatch(/Vault mintToken/);
      expect(job.main.result.errors[0]).toContain('OPERATION_NOT_ALLOWED');
      expect(job.main.result.errors[0]).toContain('at most 25 active tokens');
      expect(mintedTokens(sim)).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('a mint answered by a maintenance page (nothing created) fails saying nothing was left behind', async () => {
    const sim = vault();
    sim.injectFault({ operation: 'mint', kind: { type: 'http-503-html' } });
    const job = await runJob({ inputs: tokenInputs(sim), preload: PINNED_CLOCK, secrets: parentSecrets(sim) });
    expect(job.main.result.failed).toBe(true);
    expectNoLeaks(job.main, job.post);
    const [error] = job.main.result.errors;
    expect(error).toMatch(/^Minting token "gha\/octo-org\/octo-repo\/[^"]+" got no usable answer from Vault/);
    expect(error).toContain('No active token with that name exists, so none was left behind');
    expect(sim.requests.map((r) => r.operation)).toEqual(['whoAmI', 'mint', 'query']);
    expect(mintedTokens(sim)).toEqual([]);
  });

  it('a mint whose answer was lost after Vault created the token: found by name, revoked, step failed', async () => {
    const sim = vault();
    sim.injectFault({ operation: 'mint', kind: { type: 'lost-answer' } });
    const job = await runJob({ inputs: tokenInputs(sim), preload: PINNED_CLOCK, secrets: parentSecrets(sim) });
    expect(job.main.result.failed).toBe(true);
    expectNoLeaks(job.main, job.post);
    const [orphan] = mintedTokens(sim);
    expect(orphan?.status).toBe('inactive__v');
    expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
    const [error] = job.main.result.errors;
    expect(error).toContain(`It had been created (${orphan?.id}) and is now revoked, so nothing is left behind`);
    expect(Object.keys(job.main.result.outputs)).toEqual([]);
    expect(Object.keys(job.main.result.state)).toEqual([]);
    expect(job.post.result.warnings).toEqual([]);
  });

  // Matrix legs sharing a token-name mint in the same second: the lookup by name and expiry used to revoke a sibling's
  // live token. A chosen name now carries this step's random suffix, so only this step's token can match.
  it('a lost mint recovery leaves a sibling job alone that shares the token-name and the expiry', async () => {
    const sim = vault();
    const expiresAt = NOW + 3_600_000; // expires-in 1h from the pinned clock: the same second as this step's token
    const sibling = sim.issueToken(sim.bootstrapUser.id, { name: 'matrix-deploy', expiresAt });
    const marked = sim.issueToken(sim.bootstrapUser.id, { name: 'matrix-deploy/0a1b2c', expiresAt });
    sim.injectFault({ operation: 'mint', kind: { type: 'lost-answer' } });
    const job = await runJob({
      inputs: { ...tokenInputs(sim), 'token-name': 'matrix-deploy' },
      preload: PINNED_CLOCK,
      secrets: [
        ...parentSecrets(sim),
        { label: 'sibling token', value: sibling.token },
        { label: 'other leg token', value: marked.token },
      ],
    });
    expect(job.main.result.failed).toBe(true);
    expectNoLeaks(job.main, job.post);
    const [error] = job.main.result.errors;
    expect(error).toMatch(/^Minting token "matrix-deploy\/[0-9a-f]{6}" got no usable answer from Vault/);
    expect(error).toContain('and is now revoked, so nothing is left behind');
    expect(sim.isTokenAccepted(sibling.token)).toBe(true);
    expect(sim.isTokenAccepted(marked.token)).toBe(true);
    const active = mintedTokens(sim, { activeOnly: true }).map((t) => t.id);
    expect(active.sort()).toEqual([sibling.id, marked.id].sort());
  });

  it('a lost mint recovery leaves other tokens of the same name alone when their expiry differs', async () => {
    const sim = vault();
    const sibling = sim.issueToken(sim.bootstrapUser.id, { name: 'ci-fixed-name', expiresAt: NOW + 7_200_000 });
    sim.injectFault({ operation: 'mint', kind: { type: 'lost-answer' } });
    const job = await runJob({
      inputs: { ...tokenInputs(sim), 'token-name': 'ci-fixed-name' },
      preload: PINNED_CLOCK,
      secrets: [...parentSecrets(sim), { label: 'sibling token', value: sibling.token }],
    });
    expect(job.main.result.failed).toBe(true);
    expectNoLeaks(job.main, job.post);
    expect(sim.isTokenAccepted(sibling.token)).toBe(true);
    expect(mintedTokens(sim, { activeOnly: true }).map((t) => t.id)).toEqual([sibling.id]);
  });
});
