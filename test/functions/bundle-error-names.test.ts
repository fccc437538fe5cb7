// Error names in the function AS BUILT FOR DEPLOYMENT (minified, no keep-names, as sam build lays it out): Lambda's
// errorType and the log's errorName must read RotationError, SecretValueError and VaultApiError, never `Te` or `ma`.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretsManagerBackends } from '../support/secrets-manager-backends.js';
import { type BackendFixture, ScenarioWorld, startBackendFixture } from './support/integration-world.js';

const standIn = secretsManagerBackends.find((b) => b.name === 'stand-in')!;

describe('error names in the built bundle', () => {
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

  const failedLine = () => world.output.lines().find((line) => line.message === 'Rotation step failed');

  it('RotationError', async () => {
    const error = await fixture
      .handler({ Step: 'rotateSecret', SecretId: 'x', ClientRequestToken: 'y' }, {} as never)
      .catch((caught: unknown) => caught as Error);
    expect((error as Error).name).toBe('RotationError');
  });

  it('SecretValueError', async () => {
    const { arn } = await world.bootstrapSecret({ revokePrevious: 'sometimes' });
    world.output.clear();
    const result = await world.rotate(arn, { maxAttempts: 1 });
    expect(result.errors[0]?.name).toBe('SecretValueError');
    expect(failedLine()).toMatchObject({ errorName: 'SecretValueError' });
  });

  it('VaultApiError', async () => {
    const { arn } = await world.bootstrapSecret();
    world.simulator.injectFault({ operation: 'mint', kind: { type: 'vault-error', errorType: 'INSUFFICIENT_ACCESS' }, times: 5 });
    world.output.clear();
    const result = await world.rotate(arn, { maxAttempts: 1 });
    world.simulator.clearFaults();
    expect(result.errors[0]?.name).toBe('VaultApiError');
    expect(failedLine()).toMatchObject({ errorName: 'VaultApiError' });
  });
});
