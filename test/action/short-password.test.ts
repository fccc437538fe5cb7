// A password under redact()'s general minimum that Vault echoes back in its error: the step's own text says
// [REDACTED], so it does not depend on the runner's mask alone (a mask the runner could not apply, e.g. to a
// multi-line message, would otherwise show it).

import { describe, expect, it } from 'vitest';
import { expectNoLeaks, runJob } from './support/job.js';
import { PINNED_CLOCK, useVault } from './support/vault.js';

describe('a short password echoed by Vault', () => {
  const vault = useVault();

  it('is blanked in the step failure before the runner sees it', async () => {
    const sim = vault();
    const password = 'Pw7!x';
    sim.addUser({ userName: 'shorty@acme.com', password });
    sim.injectFault({
      operation: 'auth',
      kind: {
        type: 'vault-error',
        errorType: 'USERNAME_OR_PASSWORD_INCORRECT',
        message: `Authentication failed for user shorty@acme.com with password ${password}`,
      },
    });
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, username: 'shorty@acme.com', password },
      preload: PINNED_CLOCK,
      secrets: [{ label: 'short password', value: password }],
    });
    expect(job.main.result.failed).toBe(true);
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.errors[0]).toContain('with password [REDACTED]');
    // Only the step's own mask of it may carry the value.
    const printed = job.main.result.stdout.filter((line) => !line.startsWith('::add-mask::'));
    expect(printed.join('\n')).not.toContain(password);
  });
});
