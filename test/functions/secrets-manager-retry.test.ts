// The function's Secrets Manager client retries throttles (functions/rotation/fleet/secrets-manager-retry.ts): a fleet
// at the service's 50 writes per second may meet ThrottlingException, and a short run of them must delay a step, not
// fail it. The SDK's default (3 attempts) gives up after two.
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import {
  SECRETS_MANAGER_MAX_ATTEMPTS,
  secretsManagerClientConfig,
} from '../../functions/rotation/fleet/secrets-manager-retry.js';

let standIn: SecretsManagerStandIn;
beforeAll(async () => {
  standIn = await startSecretsManagerStandIn();
});
afterAll(async () => {
  await standIn.close();
});

function functionsClient(): SecretsManagerClient {
  // As functions/rotate.ts builds it, pointed at the stand-in.
  return new SecretsManagerClient({
    ...secretsManagerClientConfig(),
    endpoint: standIn.endpoint,
    region: standIn.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

describe("the function's Secrets Manager client", () => {
  it('makes 6 attempts in standard retry mode', () => {
    expect(secretsManagerClientConfig()).toEqual({ maxAttempts: 6, retryMode: 'standard' });
    expect(SECRETS_MANAGER_MAX_ATTEMPTS).toBe(6);
  });

  it('stores a value through three ThrottlingExceptions in a row, where the default client fails', async () => {
    const setup = clientFor(standIn);
    const sm = functionsClient();
    const plain = clientFor(standIn, { maxAttempts: 3 });
    try {
      const { ARN } = await setup.send(new CreateSecretCommand({ Name: `retry/${Date.now()}`, SecretString: '{"a":1}' }));
      standIn.injectFault({ operation: 'PutSecretValue', kind: 'throttle', times: 3 });
      const refused = plain.send(new PutSecretValueCommand({ SecretId: ARN, SecretString: '{"a":2}', VersionStages: ['X'] }));
      await expect(refused).rejects.toMatchObject({ name: 'ThrottlingException' });
      standIn.clearFaults();
      standIn.injectFault({ operation: 'PutSecretValue', kind: 'throttle', times: 3 });
      const stored = await sm.send(new PutSecretValueCommand({ SecretId: ARN, SecretString: '{"a":3}', VersionStages: ['Y'] }));
      expect(stored.$metadata.attempts).toBe(4);
    } finally {
      setup.destroy();
      sm.destroy();
      plain.destroy();
      standIn.clearFaults();
    }
  });
});
