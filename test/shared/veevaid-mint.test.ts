// Vault mints no API access token for a VeevaID user (documented), but the refusal's error type and message are not
// (docs/assumptions.md: inferred). The Vault simulator answers here as Vault most likely does: FAILURE
// OPERATION_NOT_ALLOWED with the documented sentence "You cannot generate access tokens for VeevaID users." Wherever
// the refusal surfaces (the shared client, the rotator, the action), it is named as a VeevaID refusal, and the rotator
// does not mistake it for the token cap or a refused lifetime.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultSession, Secret, VaultApiError } from '../../shared/index.js';
import { isVeevaIdMintRefusal } from '../../shared/tokens/mint.js';
import { startVaultSimulator } from '../../simulator/vault-simulator.js';
import type { VaultSimulator } from '../../simulator/vault-simulator-types.js';
import { expectNoLeaks, runJob } from '../action/support/job.js';
import { parentSecrets, PINNED_CLOCK, useVault } from '../action/support/vault.js';
import { type BackendFixture, ScenarioWorld, startBackendFixture } from '../functions/support/integration-world.js';
import { secretsManagerBackends } from '../support/secrets-manager-backends.js';
import { FAST_RETRY } from './support/session.js';

const VEEVAID_REFUSAL = {
  operation: 'mint',
  kind: {
    type: 'vault-error',
    errorType: 'OPERATION_NOT_ALLOWED',
    message: 'You cannot generate access tokens for VeevaID users.',
  },
} as const;

describe('the shared client', () => {
  let sim: VaultSimulator;
  beforeAll(async () => {
    sim = await startVaultSimulator();
  });
  afterAll(() => sim.close());

  const session = () =>
    openVaultSession(
      { vaultDns: sim.url, retry: FAST_RETRY, requestTimeoutMs: 5000 },
      { kind: 'token', token: new Secret(sim.bootstrapToken) },
    );

  it('names a VeevaID refusal as such, with Vault’s own type and message, and does not retry it', async () => {
    sim.injectFault(VEEVAID_REFUSAL);
    const before = sim.requests.filter((r) => r.operation === 'mint').length;
    const error = await session()
      .mintToken({ name: 'veevaid-test' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VaultApiError);
    expect(isVeevaIdMintRefusal(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('Vault refused to mint for a VeevaID user');
    expect(message).toContain('OPERATION_NOT_ALLOWED');
    expect(message).toContain('use an integration user that is not a VeevaID user');
    expect(message).not.toContain(sim.bootstrapToken);
    expect(sim.requests.filter((r) => r.operation === 'mint').length - before).toBe(1);
  });

  it('another OPERATION_NOT_ALLOWED is not one (and its advice lists VeevaID among the causes)', async () => {
    sim.injectFault({ operation: 'mint', kind: { type: 'vault-error', errorType: 'OPERATION_NOT_ALLOWED' } });
    const error = await session()
      .mintToken({ name: 'not-veevaid' })
      .catch((caught: unknown) => caught);
    expect(isVeevaIdMintRefusal(error)).toBe(false);
    expect((error as Error).message).not.toContain('Vault refused to mint for a VeevaID user');
    expect((error as Error).message).toContain('VeevaID user (Vault mints none for them)');
  });
});

describe('the rotation function as built', () => {
  const standIn = secretsManagerBackends.find((b) => b.name === 'stand-in')!;
  let fixture: BackendFixture;
  let world: ScenarioWorld;
  beforeAll(async () => {
    fixture = await startBackendFixture(standIn);
    world = await ScenarioWorld.start(fixture);
  });
  afterAll(async () => {
    await world?.close();
    await fixture?.close();
  });

  it('fails the rotation naming the VeevaID refusal, not the token cap or tokenLifetime, and mints nothing', async () => {
    const { arn } = await world.bootstrapSecret();
    const mints = () => world.simulator.requests.filter((r) => r.operation === 'mint').length;
    const before = mints();
    world.simulator.injectFault({ ...VEEVAID_REFUSAL, times: 5 });
    const result = await world.rotate(arn, { maxAttempts: 1 });
    world.simulator.clearFaults();
    const message = result.errors[0]?.message ?? '';
    expect(message).toContain('Vault refused to mint for a VeevaID user');
    expect(message).not.toMatch(/tokenLifetime|25 active/);
    // One attempt: no retry with a shorter lifetime, no second mint after a cap sweep.
    expect(mints() - before).toBe(1);
  });
});

describe('the action', () => {
  const vault = useVault();

  it('fails the step naming the VeevaID refusal; nothing leaks', async () => {
    const sim = vault();
    sim.injectFault(VEEVAID_REFUSAL);
    const job = await runJob({
      inputs: { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expect(job.main.result.failed).toBe(true);
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.errors.join('\n')).toContain('Vault refused to mint for a VeevaID user');
  });
});
