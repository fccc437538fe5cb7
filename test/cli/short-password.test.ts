// A password shorter than the general redaction minimum is still a secret: when Vault echoes it back in an error,
// the CLI must not print it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, runCli, startCliWorld } from './support.js';

describe('a short password Vault echoes back', () => {
  let world: CliWorld;

  beforeAll(async () => {
    world = await startCliWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('is blanked in the error audit prints', async () => {
    const password = 'Pw7!x';
    world.vault.addUser({ userName: 'shorty@acme.com', password });
    world.vault.injectFault({
      operation: 'auth',
      kind: {
        type: 'vault-error',
        errorType: 'USERNAME_OR_PASSWORD_INCORRECT',
        message: `Authentication failed for user shorty@acme.com with password ${password}`,
      },
    });
    const run = await runCli(
      ['audit', '--vault-dns', world.vault.url, '--username', 'shorty@acme.com', '--password-stdin', '--no-aws', '--json'],
      { env: world.env, stdin: password },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Authentication failed for user shorty@acme.com with password \[REDACTED\]/);
    expect(run.stdout + run.stderr).not.toContain(password);
  });
});
