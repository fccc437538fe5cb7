// The CPU each rotation step takes on this machine, for the fleet run's simulated clock and its modelled cost:
// one container rotates one secret that mints with its current token and one that mints with a shared password
// credentials secret, several times each, one step at a time, on simulators without latency; process.cpuUsage()
// around each step (user + system). The simulators run in the same process, so this is an upper bound. The
// first rotation of each secret warms up and is not counted; the median per step is rounded up to the ms.

import { randomUUID } from 'node:crypto';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { openVaultSession } from '../../shared/index.js';
import { startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { startVaultSimulator } from '../../simulator/vault-simulator.js';
import { createFleet } from '../../functions/rotation/fleet/fleet.js';
import { secretsManagerClientConfig } from '../../functions/rotation/fleet/secrets-manager-retry.js';
import { rotate } from '../../functions/rotation/handler.js';
import type { RotationEvent } from '../../functions/rotation/context.js';
import type { StepName } from './plan.js';

const STEPS: readonly StepName[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];
const DAY_MS = 24 * 60 * 60_000;

export async function measureStepCpu(rotationsPerSecret = 6): Promise<Record<StepName, number>> {
  const sim = await startVaultSimulator({ startTime: Date.UTC(2026, 5, 1) });
  const standIn = await startSecretsManagerStandIn();
  const sm = clientFor(standIn, { maxAttempts: secretsManagerClientConfig().maxAttempts });
  const samples: Record<StepName, number[]> = { createSecret: [], setSecret: [], testSecret: [], finishSecret: [] };
  try {
    const admin = sim.addUser({ userName: 'cpu.minter@acme.test', password: 'cpu-minter-password', admin: true });
    const credentials = await sm.send(
      new CreateSecretCommand({
        Name: 'cpu/credentials',
        SecretString: JSON.stringify({ username: admin.userName, password: 'cpu-minter-password', usableBy: ['*'] }),
      }),
    );
    const tokenUser = sim.addUser({ userName: 'cpu.token@acme.test' });
    const sharedUser = sim.addUser({ userName: 'cpu.shared@acme.test' });
    const secrets = await Promise.all(
      [
        { vaultDns: sim.url, accessToken: sim.issueToken(tokenUser.id, { name: 'made in the Vault UI' }).token },
        { vaultDns: sim.url, credentialsSecretArn: credentials.ARN, forUserId: sharedUser.id },
      ].map(async (value, i) => {
        const out = await sm.send(new CreateSecretCommand({ Name: `cpu/secret-${i}`, SecretString: JSON.stringify(value) }));
        return out.ARN!;
      }),
    );
    const handler = rotate({
      secretsManager: sm,
      openVaultSession,
      logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, appendKeys: () => undefined },
      now: () => new Date(sim.clock.now()),
      tuning: { propagationAttempts: 3, propagationDelayMs: 10 },
      fleet: createFleet({ allowedVaultHosts: '127.0.0.1:*' }),
    });
    for (let round = 0; round < rotationsPerSecret; round += 1) {
      for (const arn of secrets) {
        const versionId = randomUUID();
        await standIn.startRotation(arn, versionId);
        for (const step of STEPS) {
          const before = process.cpuUsage();
          await handler({ Step: step, SecretId: arn, ClientRequestToken: versionId } as RotationEvent, {} as Context, {
            signal: AbortSignal.timeout(60_000),
          });
          const used = process.cpuUsage(before);
          if (round > 0) samples[step].push((used.user + used.system) / 1000);
        }
        await standIn.completeRotation(arn, versionId);
      }
      // A day between rounds, so each rotation retires the previous token as in the steady state.
      sim.clock.advance(DAY_MS);
    }
  } finally {
    sm.destroy();
    await Promise.all([sim.close(), standIn.close()]);
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return Math.ceil(sorted[Math.floor(sorted.length / 2)] ?? 0);
  };
  return {
    createSecret: median(samples.createSecret),
    setSecret: median(samples.setSecret),
    testSecret: median(samples.testSecret),
    finishSecret: median(samples.finishSecret),
  };
}
