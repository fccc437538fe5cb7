// Text from Vault is data, never a workflow command: through the committed bundles as the runner runs them (the runner
// model's command processing and masking), and the one escaping function every print goes through.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logLine } from '../../action/src/job-log/log-line.js';
import { expectNoLeaks, runJob } from './support/job.js';
import { CommandProcessor, splitLines } from './support/runner.js';
import { mintedTokens, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

describe('in the job log', () => {
  const vault = useVault();

  const injections = [
    'ci\n::stop-commands::pausetoken1',
    'ci\r::stop-commands::pausetoken2',
    '::stop-commands::pausetoken3',
    'ci ##[stop-commands]pausetoken4',
  ];

  it.each(injections)('a user name %j cannot stop command processing before the token is masked', async (name) => {
    const sim = vault();
    const user = sim.addUser({ userName: name });
    const { token } = sim.issueToken(user.id);
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': token },
      preload: PINNED_CLOCK,
      secrets: [{ label: 'parent token', value: token }],
    });
    expect(job.main.result.failed).toBe(false);
    // The audit fails on a ::add-mask:: read while commands are stopped, and on a step left with commands stopped.
    expectNoLeaks(job.main, job.post);
    // Shown, as one line: the log line naming the caller carries the name with its line breaks escaped.
    expect(job.main.text).toContain(`stop-commands${name.includes('##[') ? ']' : '::'}pausetoken`);
    expect(mintedTokens(sim, { activeOnly: true }).filter((row) => row.userId === user.id)).toHaveLength(1);
  });

  // A guard, not a regression: the client's retry line carries only Vault's error type (as JSON), and every
  // annotation goes through core's command escaping; neither could inject before, and neither may now.
  it('an error message from Vault, met while minting and retried, cannot either', async () => {
    const sim = vault();
    sim.injectFault({
      operation: 'mint',
      kind: { type: 'vault-error', errorType: 'RACE_CONDITION', message: 'busy\n##[stop-commands]pausetoken5' },
    });
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
  });

  it('whatever stop-commands attempt a user name holds, the bundle prints it as plain text (property)', async () => {
    const attempt = fc
      .record({
        before: fc.string({ maxLength: 8 }),
        form: fc.constantFrom('\n', '\r', '\r\n', '\n  ', ' ##[', '##['),
        token: fc.stringMatching(/^tok[0-9]{4,8}$/),
        after: fc.string({ maxLength: 8 }),
      })
      .map(({ before, form, token, after }) =>
        form.endsWith('##[')
          ? `${before}${form}stop-commands]${token}${after}`
          : `${before}${form}::stop-commands::${token}${after}`,
      );
    await fc.assert(
      fc.asyncProperty(attempt, async (userName) => {
        const sim = vault();
        const user = sim.addUser({ userName });
        const { token } = sim.issueToken(user.id);
        const job = await runJob({
          inputs: { 'vault-dns': sim.url, 'access-token': token },
          preload: PINNED_CLOCK,
          secrets: [{ label: 'parent token', value: token }],
        });
        expect(job.main.result.failed).toBe(false);
        expectNoLeaks(job.main, job.post);
      }),
      { numRuns: 6 },
    );
  });
});

describe('logLine (the one escaping function every print goes through)', () => {
  it('always yields one line that the runner reads as plain text, never a command', () => {
    const risky = fc.constantFrom('\n', '\r', '::', '##[', ']', ' ', '\t', 'add-mask', 'stop-commands', 'x', '\u001b', '%0A');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(risky).map((parts) => parts.join(''))), (text) => {
        const line = logLine(text);
        expect(splitLines(line).length).toBeLessThanOrEqual(1);
        expect(new CommandProcessor().process(line).kind).toBe('output');
        expect(new CommandProcessor().process(`Vault client: ${line}`).kind).toBe('output');
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves ordinary text alone and shows escaped line breaks', () => {
    expect(logLine('Token V8T1 revoked.')).toBe('Token V8T1 revoked.');
    expect(logLine('a\nb\r\nc\rd')).toBe('a\\nb\\r\\nc\\rd');
    expect(logLine('  ::x::y')).toBe('  \\::x::y');
  });
});
