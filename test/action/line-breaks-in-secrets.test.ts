// A line break in a secret input, through the committed bundles as the runner runs them: a password's trailing one is
// dropped with a warning, any other is an input error naming the input, and nothing reaches Vault.

import { describe, expect, it } from 'vitest';
import { expectNoLeaks, runJob } from './support/job.js';
import { mintedTokens, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

describe('line breaks in secret inputs', () => {
  const vault = useVault();

  describe('a password ending in a line break', () => {
    it.each([
      ['LF', '\n'],
      ['CRLF', '\r\n'],
    ])('(%s) is sent without it: one successful sign-in, a warning that does not echo it', async (_name, lineBreak) => {
      const sim = vault();
      const { userName, password } = sim.bootstrapUser;
      const job = await runJob({
        inputs: { 'vault-dns': sim.url, username: userName, password: `${password}${lineBreak}` },
        preload: PINNED_CLOCK,
        secrets: parentSecrets(sim),
      });
      expectNoLeaks(job.main, job.post);
      expect(job.main.result.failed).toBe(false);
      const signIns = sim.requests.filter((r) => r.operation === 'auth');
      expect(signIns.map((r) => r.responseStatus)).toEqual(['SUCCESS']);
      expect(job.main.result.warnings).toEqual([
        'password: ended with a line break, which was removed before signing in (a Vault password cannot end with one); remove it from the secret',
      ]);
      expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
    });

    it('with a line break before its end is an input error naming password, and nothing is sent', async () => {
      const sim = vault();
      const { userName, password } = sim.bootstrapUser;
      const job = await runJob({
        inputs: { 'vault-dns': sim.url, username: userName, password: `${password}\n\n` },
        preload: PINNED_CLOCK,
        secrets: parentSecrets(sim),
      });
      expectNoLeaks(job.main, job.post);
      expect(job.main.result.failed).toBe(true);
      expect(job.main.result.errors).toEqual([
        'password: contains a line break before its end; a Vault password is one line, so check the secret (its value is not shown)',
      ]);
      expect(sim.requests).toEqual([]);
    });
  });

  it('an access token with a line break inside is an input error naming access-token, and nothing is sent', async () => {
    const sim = vault();
    const token = sim.bootstrapToken;
    const broken = `${token.slice(0, 20)}\n${token.slice(20)}`;
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': broken },
      preload: PINNED_CLOCK,
      secrets: [...parentSecrets(sim), { label: 'broken token', value: broken }],
    });
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.failed).toBe(true);
    expect(job.main.result.errors).toEqual([
      'access-token: contains a line break; a Vault API token is one line, so check the secret (its value is not shown)',
    ]);
    expect(job.main.text).not.toContain('network error');
    expect(sim.requests).toEqual([]);
  });
});
