// Issue #10, case by case, through the committed bundles as the runner runs them (child process, no shell, file
// commands, the runner model's command processing and masking). Each of these failed on the bundles before the fix.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { logLine } from '../../action/src/job-log/log-line.js';
import { expectNoLeaks, runJob } from './support/job.js';
import { type MintGate, startMintGate } from './support/mint-gate.js';
import { CommandProcessor, splitLines } from './support/runner.js';
import { mintedTokens, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

describe('issue #10', () => {
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

  describe('text from Vault is never a workflow command', () => {
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

describe('retry-max-attempts', () => {
  const vault = useVault();

  it('1: a maintenance page is not retried, and the step fails naming it', async () => {
    const sim = vault();
    sim.injectFault({ operation: 'whoAmI', kind: { type: 'http-503-html' } });
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'retry-max-attempts': '1' },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.failed).toBe(true);
    expect(job.main.result.errors[0]).toContain('HTTP 503');
    expect(sim.requests.map((r) => r.operation)).toEqual(['whoAmI']);
  });

  it('6: five maintenance pages in a row are ridden out (the default 4 would give up)', async () => {
    const sim = vault();
    sim.injectFault({ operation: 'whoAmI', kind: { type: 'http-503-html' }, times: 5 });
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'retry-max-attempts': '6' },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.failed).toBe(false);
    expect(sim.requests.filter((r) => r.operation === 'whoAmI')).toHaveLength(6);
    expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
  });
});
