// Missing, conflicting and malformed inputs: the step fails with an error naming the input, nothing is sent to Vault,
// nothing is minted, no secret is shown, and post finds nothing to revoke without failing the job.

import { describe, expect, it } from 'vitest';
import { startVaultSimulator, type VaultSimulator } from '../../simulator/vault-simulator.js';
import { expectNoLeaks, maskLabels, runJob } from './support/job.js';
import { mintedTokens, NOW, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

const HINT = 'if using a secret, ensure it is available in this context';

interface BadInputCase {
  readonly title: string;
  readonly inputs: (sim: VaultSimulator) => Record<string, string>;
  /** Every string the failure message must contain: the input's name first. */
  readonly expect: readonly string[];
}

const cases: BadInputCase[] = [
  {
    title: 'no credential at all',
    inputs: (sim) => ({ 'vault-dns': sim.url }),
    expect: ['access-token, username + password, aws-secret-id: no credential given', HINT],
  },
  {
    title: 'an empty access-token (a secret not available here)',
    inputs: (sim) => ({ 'vault-dns': sim.url, 'access-token': '' }),
    expect: ['access-token', HINT],
  },
  {
    title: 'access-token and username + password together',
    inputs: (sim) => ({
      'vault-dns': sim.url,
      'access-token': sim.bootstrapToken,
      username: sim.bootstrapUser.userName,
      password: sim.bootstrapUser.password,
    }),
    expect: ['access-token, username + password: more than one credential source given'],
  },
  {
    title: 'access-token and aws-secret-id together',
    inputs: (sim) => ({ 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'aws-secret-id': 'vault/ci' }),
    expect: ['access-token, aws-secret-id: more than one credential source given'],
  },
  {
    title: 'an access-token without the veeva-vault- prefix',
    inputs: (sim) => ({ 'vault-dns': sim.url, 'access-token': sim.bootstrapToken.slice('veeva-vault-'.length) }),
    expect: ['access-token: does not start with "veeva-vault-"', '(its value is not shown)'],
  },
  {
    title: 'a password that is only a line break',
    inputs: (sim) => ({ 'vault-dns': sim.url, username: sim.bootstrapUser.userName, password: '\n' }),
    expect: ['password: is only a line break', '(its value is not shown)'],
  },
  {
    title: 'username without password',
    inputs: (sim) => ({ 'vault-dns': sim.url, username: sim.bootstrapUser.userName }),
    expect: ['password: required when username is set', HINT],
  },
  {
    title: 'password without username',
    inputs: (sim) => ({ 'vault-dns': sim.url, password: sim.bootstrapUser.password }),
    expect: ['username: required when password is set', HINT],
  },
  {
    title: 'no vault-dns',
    inputs: (sim) => ({ 'access-token': sim.bootstrapToken }),
    expect: ['vault-dns: required unless aws-secret-id supplies it', HINT],
  },
  {
    title: 'a vault-dns with a path',
    inputs: (sim) => ({ 'vault-dns': `${sim.url}/api/v26.2`, 'access-token': sim.bootstrapToken }),
    expect: ['vault-dns: must not contain a path'],
  },
  {
    title: 'plain http to a non-loopback host',
    inputs: (sim) => ({ 'vault-dns': 'http://myvault.veevavault.com', 'access-token': sim.bootstrapToken }),
    expect: ['vault-dns: http:// is allowed only for loopback hosts'],
  },
  {
    title: 'user-id and sandbox together',
    inputs: (sim) => ({
      'vault-dns': sim.url,
      'access-token': sim.bootstrapToken,
      'user-id': '100002',
      sandbox: 'uat',
    }),
    expect: ['user-id, sandbox: give at most one of them'],
  },
  {
    title: 'a user-id with a path separator',
    inputs: (sim) => ({ 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'user-id': '../me' }),
    expect: ['user-id: expected a Vault user id', '"../me"'],
  },
  {
    title: 'revoke that is not a YAML boolean',
    inputs: (sim) => ({ 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, revoke: 'yes' }),
    expect: ['revoke: expected true or false', '"yes"'],
  },
  {
    title: 'a token-name with characters Vault lookups cannot use',
    inputs: (sim) => ({ 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'token-name': "ci'; DELETE" }),
    expect: ['token-name: expected at most 128 characters of A-Z a-z 0-9 . _ : / space -'],
  },
  {
    title: 'a token-name over 128 characters',
    inputs: (sim) => ({ 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'token-name': 'x'.repeat(129) }),
    expect: ['token-name: expected at most 128 characters', '(129 chars)'],
  },
  {
    title: 'a client-id with spaces',
    inputs: (sim) => ({ 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'client-id': 'my client' }),
    expect: ['client-id: expected 1–100 characters of A-Z a-z 0-9 . _ -'],
  },
  ...['0', '11', 'three', '2.5', '-1'].map((value) => ({
    title: `retry-max-attempts ${JSON.stringify(value)}`,
    inputs: (sim: VaultSimulator) => ({
      'vault-dns': sim.url,
      'access-token': sim.bootstrapToken,
      'retry-max-attempts': value,
    }),
    expect: [`retry-max-attempts: expected a whole number from 1 to 10 (1 = no retry), got ${JSON.stringify(value)}`],
  })),
  {
    title: 'an api-version without the v',
    inputs: (sim) => ({ 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'api-version': '26.2' }),
    expect: ['api-version: expected vNN.N like v26.2, got "26.2"'],
  },
];

/** A simulator of its own for one test, so the cases (two process spawns each, mostly waiting) can run side by side. */
async function withVault(test: (sim: VaultSimulator) => Promise<void>): Promise<void> {
  const sim = await startVaultSimulator({ startTime: NOW });
  try {
    await test(sim);
  } finally {
    await sim.close();
  }
}

describe('bad inputs', () => {
  it.concurrent.each(cases)('$title: fails naming the input, sends nothing, mints nothing', (testCase) =>
    withVault(async (sim) => {
      const job = await runJob({ inputs: testCase.inputs(sim), preload: PINNED_CLOCK, secrets: parentSecrets(sim) });

      expect(job.main.result.failed).toBe(true);
      expectNoLeaks(job.main, job.post);
      const [error, ...more] = job.main.audit.log.filter((line) => line.startsWith('::error::'));
      expect(more).toEqual([]);
      for (const text of testCase.expect) expect(error).toContain(text);
      expect(sim.requests).toEqual([]);
      expect(mintedTokens(sim)).toEqual([]);
      expect(Object.keys(job.main.result.outputs)).toEqual([]);
      expect(Object.keys(job.main.result.state)).toEqual([]);

      expect(job.post.result.failed).toBe(false);
      expect(job.post.result.warnings).toEqual([]);
    }),
  );
});

describe('bad inputs, reported and masked', () => {
  const vault = useVault();

  it('reports every problem at once', async () => {
    const sim = vault();
    const job = await runJob({
      inputs: { username: 'someone', 'expires-in': 'abc', 'client-id': 'a b' },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expect(job.main.result.failed).toBe(true);
    const error = job.main.result.errors.join('\n');
    for (const input of ['password:', 'vault-dns:', 'expires-in:', 'client-id:']) expect(error).toContain(input);
    expect(sim.requests).toEqual([]);
  });

  it('masks the secret inputs even when they are rejected', async () => {
    const sim = vault();
    const job = await runJob({
      inputs: { 'access-token': sim.bootstrapToken, password: sim.bootstrapUser.password },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expect(job.main.result.failed).toBe(true);
    expect(maskLabels(job.masker, parentSecrets(sim))).toEqual(['parent token', 'password']);
    expectNoLeaks(job.main, job.post);
  });
});
