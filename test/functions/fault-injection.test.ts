// Randomized fault injection (seeded, reproducible): hundreds of rotations of several secrets through the bundled
// function, each with random Vault and Secrets Manager faults and random repeated steps, and every invariant checked
// after every rotation. Runs on the stand-in (moto cannot inject faults). Reproduce a failure with VAT_FAULT_SEED.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import type { SecretsManagerFault, SecretsManagerOperation } from '../../simulator/secrets-manager-types.js';
import type { SimFault, SimFaultKind, SimOperation } from '../../simulator/vault-simulator-types.js';
import { secretsManagerBackends } from '../support/secrets-manager-backends.js';
import { type BackendFixture, ScenarioWorld, startBackendFixture, USER_PASSWORD } from './support/integration-world.js';

const SEED = Number(process.env.VAT_FAULT_SEED ?? 20261122);
const ROTATIONS = 200;
const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;

const vaultFault: fc.Arbitrary<SimFault> = fc.record({
  operation: fc.constantFrom<SimOperation>('mint', 'query', 'delete', 'whoAmI', 'auth'),
  kind: fc.constantFrom<SimFaultKind>(
    { type: 'vault-error', errorType: 'UNEXPECTED_ERROR' },
    { type: 'vault-error', errorType: 'INSUFFICIENT_ACCESS' },
    { type: 'vault-error', errorType: 'EXCEPTION_OF_SOME_KIND', responseStatus: 'EXCEPTION' },
    { type: 'http-503-html' },
    { type: 'connection-reset' },
    { type: 'lost-answer' },
  ),
  times: fc.integer({ min: 1, max: 3 }),
});

const smOperation = fc.constantFrom<SecretsManagerOperation>(
  'DescribeSecret',
  'GetSecretValue',
  'PutSecretValue',
  'UpdateSecretVersionStage',
);
// Throttling is rarer and shorter: the SDK backs off from it for about a second, which is wall time and nothing else.
const smFault: fc.Arbitrary<SecretsManagerFault> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      operation: smOperation,
      kind: fc.constantFrom<SecretsManagerFault['kind']>('service', 'reset'),
      times: fc.integer({ min: 1, max: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      operation: smOperation,
      kind: fc.constant<SecretsManagerFault['kind']>('throttle'),
      times: fc.integer({ min: 1, max: 2 }),
    }),
  },
);

const plan = fc.record({
  secret: fc.nat(),
  vaultFaults: fc.array(vaultFault, { maxLength: 2 }),
  smFaults: fc.array(smFault, { maxLength: 2 }),
  repeatedSteps: fc.subarray([...STEPS]),
});

const standIn = secretsManagerBackends.find((b) => b.name === 'stand-in')!;

describe(`randomized faults: ${ROTATIONS} rotations, seed ${SEED}`, () => {
  let fixture: BackendFixture;
  let world: ScenarioWorld;
  const outcomes = { succeeded: 0, failed: 0 };

  beforeAll(async () => {
    fixture = await startBackendFixture(standIn);
    // 200 rotations in a few real seconds spend far more of one Vault's 5-minute burst window than a real fleet's
    // share, and the burst gate (rightly) defers them once the window's rest could eat the reserve. This test is about
    // faults, so the Vault's window is made large enough that the gate never decides; the gate has its own tests.
    world = await ScenarioWorld.start(fixture, { burstLimit: 1_000_000 });
  });
  afterAll(async () => {
    await world?.close();
    await fixture?.close();
    console.info(
      `fault injection (seed ${SEED}): ${outcomes.succeeded} rotations succeeded, ${outcomes.failed} failed`,
    );
  });

  it('keeps every invariant after every rotation', { timeout: 600_000 }, async () => {
    const sim = world.simulator;
    const backend = world.backend as SecretsManagerStandIn;
    const userFor = (name: string) => sim.addUser({ userName: `${name}@acme.test`, password: USER_PASSWORD });
    const secrets: { arn: string; mode: 'next-rotation' | 'immediately' | 'never'; pending?: string }[] = [];
    for (const mode of ['next-rotation', 'immediately', 'never'] as const) {
      const user = userFor(`fuzz-${mode}`);
      const issued = sim.issueToken(user.id);
      secrets.push({
        arn: await world.createSecret({ vaultDns: sim.url, accessToken: issued.token, revokePrevious: mode }),
        mode,
      });
    }
    const credsUser = userFor('fuzz-credentials');
    const credentialsSecretArn = await world.credentialsSecret({
      username: credsUser.userName,
      password: USER_PASSWORD,
    });
    secrets.push({
      arn: await world.createSecret({
        vaultDns: sim.url,
        accessToken: sim.issueToken(credsUser.id).token,
        credentialsSecretArn,
      }),
      mode: 'next-rotation',
    });

    let repeated: readonly string[] = [];
    world.invoke = async (event) => {
      await fixture.invoke(event);
      if (repeated.includes(event.Step)) await fixture.invoke(event);
    };

    for (const [index, step] of fc.sample(plan, { seed: SEED, numRuns: ROTATIONS }).entries()) {
      const secret = secrets[step.secret % secrets.length]!;
      repeated = step.repeatedSteps;
      for (const fault of step.vaultFaults) sim.injectFault(fault);
      for (const fault of step.smFaults) backend.injectFault(fault);
      world.errors.length = 0;
      world.output.clear();

      const result = await world.rotate(secret.arn, secret.pending ? { clientRequestToken: secret.pending } : {});
      secret.pending = result.succeeded ? undefined : result.versionId;
      outcomes[result.succeeded ? 'succeeded' : 'failed'] += 1;

      sim.clearFaults();
      backend.clearFaults();
      try {
        await world.check(secret.arn, { revokePrevious: secret.mode, rotationCompleted: result.succeeded });
      } catch (error) {
        throw new Error(`invariant broken after rotation #${index} (seed ${SEED}, plan ${JSON.stringify(step)})`, {
          cause: error,
        });
      }
    }
    // Faults are bounded and the service retries, so most rotations get through; none may break an invariant.
    expect(outcomes.succeeded).toBeGreaterThan(ROTATIONS / 2);
  });
});
