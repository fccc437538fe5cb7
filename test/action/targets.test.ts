// Who the token is for: the credential's own user, another user (user-id), or a sandbox of the Vault.

import { describe, expect, it } from 'vitest';
import { expectNoLeaks, runJob } from './support/job.js';
import { jobOutputs } from './support/masker.js';
import { mintedTokens, mintRequests, parentSecrets, TEST_ENV, useVault } from './support/vault.js';

describe('mint targets', () => {
  const vault = useVault();

  it('self: the token belongs to the credential’s user', async () => {
    const sim = vault();
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'expires-in': '15m' },
      env: TEST_ENV,
      secrets: parentSecrets(sim),
    });
    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(mintRequests(sim).map((r) => r.path)).toEqual(['/api/v26.2/objects/users/me/api_access_token__sys']);
    expect(mintedTokens(sim)[0]?.userId).toBe(sim.bootstrapUser.id);
    expect(job.main.result.outputs['user-id']).toBe(sim.bootstrapUser.id);
  });

  it('user-id: an admin mints for another user, whose own token revokes itself at job end', async () => {
    const sim = vault();
    const deployer = sim.addUser({ userName: 'deployer@example.com' });
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'user-id': deployer.id },
      env: TEST_ENV,
      secrets: parentSecrets(sim),
    });

    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(mintRequests(sim).map((r) => r.path)).toEqual([
      `/api/v26.2/objects/users/${deployer.id}/api_access_token__sys`,
    ]);
    const [minted] = mintedTokens(sim);
    expect(minted?.userId).toBe(deployer.id);
    expect(job.main.result.outputs['user-id']).toBe(deployer.id);
    expect(jobOutputs(job.masker, job.main.result.outputs).kept['user-id']).toBe(deployer.id);
    expect(job.post.text).toContain(`Token ${minted?.id} revoked.`);
    expect(sim.isTokenAccepted(job.token ?? '')).toBe(false);
  });

  it('user-id: a user who may not mint for others gets a clear failure and nothing is minted', async () => {
    const sim = vault();
    const plain = sim.addUser({ userName: 'plain@example.com' });
    const other = sim.addUser({ userName: 'other@example.com' });
    const plainToken = sim.issueToken(plain.id).token;
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': plainToken, 'user-id': other.id },
      env: TEST_ENV,
      secrets: [{ label: 'parent token', value: plainToken }],
    });
    expect(job.main.result.failed).toBe(true);
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.errors[0]).toContain('INSUFFICIENT_ACCESS');
    expect(job.main.result.errors[0]).toContain('(Vault mintToken)');
    expect(sim.tokens({ userId: other.id })).toEqual([]);
    expect(job.post.result.failed).toBe(false);
  });

  it('sandbox: mints on the parent for the sandbox; the token works only there', async () => {
    const sim = vault();
    const sandbox = await sim.addSandbox('uat');
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, sandbox: 'uat', revoke: 'false' },
      env: TEST_ENV,
      secrets: parentSecrets(sim),
    });

    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(mintRequests(sim).map((r) => r.path)).toEqual([
      '/api/v26.2/objects/sandbox/uat/users/me/api_access_token__sys',
    ]);
    expect(sim.isTokenAccepted(job.token ?? '', sandbox.name)).toBe(true);
    expect(sim.isTokenAccepted(job.token ?? '')).toBe(false);
    expect(job.main.result.outputs['user-id']).toBe(sim.bootstrapUser.id);
    expect(Object.keys(job.main.result.state)).toEqual([]);
    expect(job.post.text).toContain('Token revocation skipped (revoke: false).');
  });

  it('sandbox with revoke left on is refused up front: the post step could not reach the sandbox', async () => {
    const sim = vault();
    await sim.addSandbox('uat');
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, sandbox: 'uat' },
      env: TEST_ENV,
      secrets: parentSecrets(sim),
    });
    expect(job.main.result.failed).toBe(true);
    expect(job.main.result.errors[0]).toMatch(/^sandbox: .*set revoke: 'false'/);
    expect(sim.requests).toEqual([]);
    expect(mintedTokens(sim)).toEqual([]);
  });
});
