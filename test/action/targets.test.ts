// Who the token is for: the credential's own user, another user (user-id), or a sandbox of the Vault.

import { describe, expect, it } from 'vitest';
import { expectNoLeaks, runJob } from './support/job.js';
import { jobOutputs } from './support/masker.js';
import { mintedTokens, mintRequests, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

describe('mint targets', () => {
  const vault = useVault();

  it('self: the token belongs to the credential’s user', async () => {
    const sim = vault();
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'expires-in': '15m' },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(mintRequests(sim).map((r) => r.path)).toEqual(['/api/v26.2/objects/users/me/api_access_token__sys']);
    expect(mintedTokens(sim)[0]?.userId).toBe(sim.bootstrapUser.id);
    expect(job.main.result.outputs['user-id']).toBe(sim.bootstrapUser.id);
    // The token works on the Vault itself; a plain origin, so it crosses to other jobs.
    expect(job.main.result.outputs['vault-dns']).toBe(sim.url);
    expect(jobOutputs(job.masker, job.main.result.outputs).kept['vault-dns']).toBe(sim.url);
    expect(sim.requests.some((r) => r.operation === 'sandboxes')).toBe(false);
  });

  it('user-id: an admin mints for another user, whose own token revokes itself at job end', async () => {
    const sim = vault();
    const deployer = sim.addUser({ userName: 'deployer@example.com' });
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'user-id': deployer.id },
      preload: PINNED_CLOCK,
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
    expect(job.main.result.outputs['vault-dns']).toBe(sim.url);
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
      preload: PINNED_CLOCK,
      secrets: [{ label: 'parent token', value: plainToken }],
    });
    expect(job.main.result.failed).toBe(true);
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.errors[0]).toContain('INSUFFICIENT_ACCESS');
    expect(job.main.result.errors[0]).toContain('(Vault mintToken)');
    expect(sim.tokens({ userId: other.id })).toEqual([]);
    expect(job.post.result.failed).toBe(false);
  });

  it('sandbox: mints on the parent, looks the sandbox up, outputs its origin, and post revokes the token there', async () => {
    const sim = vault();
    const sandbox = await sim.addSandbox('uat');
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, sandbox: 'uat' },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });

    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(mintRequests(sim).map((r) => r.path)).toEqual([
      '/api/v26.2/objects/sandbox/uat/users/me/api_access_token__sys',
    ]);
    // The lookup goes to the parent, before the mint.
    expect(sim.requests.map((r) => `${r.vault} ${r.operation}`)).toEqual([
      'main whoAmI',
      'main sandboxes',
      'main mint',
      'uat delete',
    ]);
    const { outputs } = job.main.result;
    expect(outputs['user-id']).toBe(sim.bootstrapUser.id);
    expect(outputs['vault-dns']).toBe(sandbox.url);
    expect(jobOutputs(job.masker, outputs).kept['vault-dns']).toBe(sandbox.url);
    expect(job.main.result.state.vaultOrigin).toBe(sandbox.url);
    expect(job.main.result.warnings).toEqual([]);
    expect(job.main.text).toContain(`(it works on ${sandbox.url})`);
    expect(job.main.result.summary).toContain(sandbox.url);

    const [minted] = mintedTokens(sim, { vault: 'uat' });
    expect(minted?.id).toBe(outputs['token-id']);
    expect(job.post.text).toContain(`Token ${minted?.id} revoked.`);
    expect(sim.tokens({ vault: 'uat' })).toEqual([expect.objectContaining({ id: minted?.id, deleted: true })]);
    expect(sim.isTokenAccepted(job.token ?? '', 'uat')).toBe(false);
  });

  it('sandbox: when the lookup fails the step still succeeds, warns, and leaves nothing for post to revoke', async () => {
    const sim = vault();
    const sandbox = await sim.addSandbox('uat');
    sim.injectFault({
      operation: 'sandboxes',
      kind: { type: 'vault-error', errorType: 'INSUFFICIENT_ACCESS', message: 'no sandbox admin rights' },
    });
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, sandbox: 'uat', 'expires-in': '15m' },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });

    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    const { outputs } = job.main.result;
    expect(outputs.token?.startsWith('veeva-vault-')).toBe(true);
    expect(outputs['vault-dns']).toBe('');
    expect(sim.isTokenAccepted(job.token ?? '', sandbox.name)).toBe(true);
    expect(job.main.result.warnings).toHaveLength(1);
    const [warning] = job.main.result.warnings;
    expect(warning).toContain('Sandbox "uat"');
    expect(warning).toContain('INSUFFICIENT_ACCESS');
    expect(warning).toContain(
      `Token ${outputs['token-id']} cannot be revoked at job end; it stays valid until ${outputs['expires-at']}`,
    );
    expect(job.main.result.state.token).toBeUndefined();
    expect(job.post.text).toContain(
      `Token ${outputs['token-id']} cannot be revoked: where the sandbox token works is unknown (see the main step's warning). It stays valid until ${outputs['expires-at']}`,
    );
    expect(sim.requests.filter((r) => r.operation === 'delete')).toEqual([]);
    expect(mintedTokens(sim, { vault: 'uat', activeOnly: true })).toHaveLength(1);
  });

  it('sandbox: a lookup answered only by maintenance pages is retried, then a warning, never a failed step', async () => {
    const sim = vault();
    await sim.addSandbox('uat');
    sim.injectFault({ operation: 'sandboxes', kind: { type: 'http-503-html' }, times: Number.POSITIVE_INFINITY });
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, sandbox: 'uat' },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    // Retried like any read, then given up on.
    expect(sim.requests.filter((r) => r.operation === 'sandboxes').length).toBeGreaterThan(1);
    expect(job.main.result.warnings[0]).toMatch(
      /^Sandbox "uat": looking it up with Retrieve Sandboxes failed: .*HTTP 503/,
    );
    expect(job.main.result.outputs['vault-dns']).toBe('');
    expect(job.main.result.state.token).toBeUndefined();
  });

  it('sandbox with revoke: false still looks the sandbox up for vault-dns, and saves nothing for post', async () => {
    const sim = vault();
    const sandbox = await sim.addSandbox('uat');
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, sandbox: 'uat', revoke: 'false' },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });

    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(sim.isTokenAccepted(job.token ?? '', sandbox.name)).toBe(true);
    expect(sim.isTokenAccepted(job.token ?? '')).toBe(false);
    expect(job.main.result.outputs['vault-dns']).toBe(sandbox.url);
    expect(job.main.result.state.token).toBeUndefined();
    expect(job.post.text).toContain('revocation was turned off (revoke: false)');
  });
});
