// The fleet run (issues 11 and 18): V Vault simulators with their shared limits and other integrations' traffic,
// the Secrets Manager stand-in enforcing the service's quotas, N secrets (some minting with their Vault's one shared
// password credentials secret), all offered at once as an operator's rotate-all does (RotateSecret on every secret,
// at the quota's pace), then each rotation's steps in order on Lambda-like containers bounded by the function's
// concurrency. A throttled invocation is retried as Lambda retries throttled events; a failed step (a deferral
// included) fails the attempt, and Secrets Manager reattempts the rotation after a wait. Everything runs on one
// simulated clock (virtual-time.ts), so the figures do not depend on the machine's load.

import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, RotateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { DEFAULT_ROTATION_LAMBDA_ARN } from '../../simulator/secrets-manager/rotation-defaults.js';
import {
  limitStats,
  settleBurstWindows,
  startVaultSimulator,
  type VaultSimulator,
} from '../../simulator/vault-simulator.js';
import type { RotationEvent } from '../../functions/rotation/context.js';
import { ContainerPool, countedClient } from './containers.js';
import {
  burstLimitOf,
  type FleetPlan,
  planSecrets,
  seededRandom,
  type StepName,
  throttleRetryDelayMs,
} from './plan.js';
import { orderKey, VirtualTime } from './virtual-time.js';

const STEPS: readonly StepName[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];
const START = Date.UTC(2026, 5, 1, 2, 0, 0);
const BURST_WINDOW_MS = 5 * 60_000;

export interface FleetReport {
  readonly plan: FleetPlan;
  readonly secrets: number;
  readonly vaults: number;
  readonly offered: number;
  readonly concurrency: number;
  readonly rotated: number;
  readonly failed: number;
  /** Rotated, but after the window closed. */
  readonly late: number;
  readonly lowestBurstRemainingPercent: number;
  readonly lowestBurstVault: number;
  /** Vault answers past the burst limit (delayed). */
  readonly throttledResponses: number;
  readonly authLimitRefusals: number;
  readonly secretsManagerThrottles: number;
  readonly lambdaThrottles: number;
  /** The most PutSecretValue + UpdateSecretVersionStage calls the stand-in admitted in one second (quota 50). */
  readonly busiestWriteSecond: number;
  readonly signIns: number;
  readonly sharedCredentialsSecrets: number;
  readonly deferrals: number;
  readonly reattempts: number;
  readonly otherFailures: readonly string[];
  readonly containers: number;
  readonly invocations: number;
  readonly warmInvocations: number;
  readonly simulatedMs: number;
  readonly realMs: number;
  readonly stepCpuMs: Readonly<Record<StepName, number>>;
  readonly gbSecondsPerRotation: number;
  readonly vaultCallsPerRotation: number;
  /** Times the simulated clock had to be moved by its watchdog (a wait it could not see); 0 in a sound run. */
  readonly clockStalls: number;
  readonly summaries: readonly Record<string, unknown>[];
}

type Outcome = 'rotated' | 'late' | 'failed';

/** `measuredCpuMs`: the CPU per step measured on this machine, for the cost only (default: the plan's). */
export async function runFleet(plan: FleetPlan, measuredCpuMs = plan.stepCpuMs): Promise<FleetReport> {
  const realStart = Date.now();
  const time = new VirtualTime(START);
  const stopClock = time.start();
  const sims: VaultSimulator[] = [];
  let standIn: SecretsManagerStandIn | undefined;
  let setup: SecretsManagerClient | undefined;
  let pool: ContainerPool | undefined;
  try {
    for (let v = 0; v < plan.vaults; v += 1) {
      const sim = await startVaultSimulator({
        startTime: START,
        latencyMs: plan.vaultLatencyMs,
        burstLimit: burstLimitOf(plan, v),
        authLimitPerMinute: plan.authLimitPerMinute,
        otherTrafficPercent: plan.otherTrafficPercent,
        burstDelayMs: plan.burstDelayMs,
        burstDelayRealMs: plan.burstDelayMs,
        sleep: time.parkedSleep,
      } as Parameters<typeof startVaultSimulator>[0]);
      time.follow(sim.clock);
      sims.push(sim);
    }
    standIn = await startSecretsManagerStandIn({
      latencyMs: plan.secretsManagerLatencyMs,
      quotas: { now: () => time.now() },
      sleep: time.parkedSleep,
    });
    setup = countedClient(standIn, time, 0);
    const arns = await createSecrets(plan, sims, setup);
    // Set-up is not part of the run: it starts with a fresh burst window.
    await time.sleep(BURST_WINDOW_MS - (time.now() % BURST_WINDOW_MS));
    const baseline = sims.map((sim) => ({ ...limitStats(sim) }));
    const smThrottlesBefore = standIn.quotaStats().throttles;

    pool = new ContainerPool({
      concurrency: plan.concurrency,
      backend: standIn,
      allowedVaultHosts: '127.0.0.1:*',
      reservePercent: plan.reservePercent,
      time,
      stepCpuMs: plan.stepCpuMs,
      billedCpuMs: measuredCpuMs,
    });
    const simStart = time.now();
    const windowEnd = simStart + plan.windowMs;
    let deferrals = 0;
    let reattempts = 0;
    const otherFailures: string[] = [];

    // Waits due at the same moment go in the order of the rotations (the n-th secret), not of the machine's events.
    const invokeStep = async (event: RotationEvent, key: () => string, random: () => number): Promise<void> => {
      for (let retry = 0; ; retry += 1) {
        if ((await pool!.invoke(event, key())) === 'done') return;
        if (time.now() > windowEnd) throw new Error('throttled by Lambda until the rotation window closed');
        await time.sleep(throttleRetryDelayMs(retry, random), key());
      }
    };

    const rotateOne = async (arn: string, versionId: string, index: number): Promise<Outcome> => {
      let nth = 0;
      const key = () => orderKey(index, (nth += 1));
      // Each rotation its own jitter, so that no rotation's draws depend on the others'.
      const random = seededRandom(plan.seed * 100_003 + index);
      for (let attempt = 1; attempt <= plan.maxAttempts; attempt += 1) {
        try {
          for (const step of STEPS) {
            await invokeStep({ Step: step, SecretId: arn, ClientRequestToken: versionId } as RotationEvent, key, random);
          }
          await standIn!.completeRotation(arn, versionId);
          return time.now() <= windowEnd ? 'rotated' : 'late';
        } catch (error) {
          const reason = (error as { reason?: unknown }).reason;
          if (reason === 'burst-reserve' || reason === 'auth-limit') deferrals += 1;
          else if (otherFailures.length < 20) otherFailures.push(error instanceof Error ? error.message : String(error));
          if (attempt === plan.maxAttempts || time.now() + plan.reattemptDelayMs > windowEnd) return 'failed';
          reattempts += 1;
          await time.sleep(plan.reattemptDelayMs, key());
        }
      }
      return 'failed';
    };

    // The operator's rotate-all: RotateSecret on every secret, as fast as its quota allows; each accepted call
    // starts that secret's rotation at once.
    const rotations: Promise<Outcome>[] = [];
    let offered = 0;
    for (let i = 0; i < arns.length; i += plan.offersPerSecond) {
      const batch = arns.slice(i, i + plan.offersPerSecond);
      const secondStart = time.now();
      await Promise.all(
        batch.map(async (arn, j) => {
          const versionId = randomUUID();
          await setup!.send(
            new RotateSecretCommand({
              SecretId: arn,
              ClientRequestToken: versionId,
              RotationLambdaARN: DEFAULT_ROTATION_LAMBDA_ARN,
              RotationRules: { AutomaticallyAfterDays: 30 },
            }),
          );
          offered += 1;
          rotations.push(rotateOne(arn, versionId, i + j));
        }),
      );
      if (i + plan.offersPerSecond < arns.length) await time.sleep(Math.max(0, secondStart + 1000 - time.now()));
    }
    const outcomes = await Promise.all(rotations);
    const simulatedMs = time.now() - simStart;

    for (const sim of sims) settleBurstWindows(sim);
    let lowest = { percent: 100, vault: 0 };
    const after = sims.map((sim) => limitStats(sim));
    after.forEach((stats, v) => {
      const main = stats.lowestBurstRemaining.get('main');
      if (main !== undefined) {
        const percent = (main.remaining / main.limit) * 100;
        if (percent < lowest.percent) lowest = { percent, vault: v };
      }
    });
    const sum = (pick: (s: ReturnType<typeof limitStats>) => number) =>
      after.reduce((total, stats, v) => total + pick(stats) - pick(baseline[v]!), 0);
    const rotated = outcomes.filter((o) => o === 'rotated').length;
    const vaultCalls = pool.stats.summaries.reduce((total, s) => total + Number(s.vaultCalls ?? 0), 0);
    return {
      plan,
      secrets: plan.secrets,
      vaults: plan.vaults,
      offered,
      concurrency: plan.concurrency,
      rotated,
      failed: outcomes.filter((o) => o === 'failed').length,
      late: outcomes.filter((o) => o === 'late').length,
      lowestBurstRemainingPercent: lowest.percent,
      lowestBurstVault: lowest.vault,
      throttledResponses: sum((s) => s.throttledResponses),
      authLimitRefusals: sum((s) => s.authLimitRefusals),
      secretsManagerThrottles: standIn.quotaStats().throttles - smThrottlesBefore,
      lambdaThrottles: pool.stats.throttles,
      busiestWriteSecond: standIn.quotaStats().busiestSecond.get('PutSecretValue+UpdateSecretVersionStage') ?? 0,
      signIns: sum((s) => s.signIns),
      sharedCredentialsSecrets: planSecrets(plan).filter((s) => s.sharedCredentials).length,
      deferrals,
      reattempts,
      otherFailures,
      containers: pool.stats.cold,
      invocations: pool.stats.invocations,
      warmInvocations: pool.stats.warmInvocations,
      simulatedMs,
      realMs: Date.now() - realStart,
      stepCpuMs: measuredCpuMs,
      gbSecondsPerRotation: ((pool.stats.billedMs / 1000) * (plan.memoryMb / 1024)) / Math.max(1, rotated),
      vaultCallsPerRotation: vaultCalls / Math.max(1, rotated),
      clockStalls: time.stalls,
      summaries: pool.stats.summaries,
    };
  } finally {
    pool?.destroy();
    setup?.destroy();
    await Promise.all([...sims.map((sim) => sim.close()), ...(standIn === undefined ? [] : [standIn.close()])]);
    stopClock();
  }
}

/** Every secret gets its own integration user (Vault caps tokens per user); shared ones mint through an admin. */
async function createSecrets(plan: FleetPlan, sims: VaultSimulator[], sm: SecretsManagerClient): Promise<string[]> {
  const credentialsArns: string[] = [];
  for (let v = 0; v < sims.length; v += 1) {
    const sim = sims[v]!;
    const admin = sim.addUser({ userName: `fleet.minter.${v}@acme.test`, password: `fleet-minter-password-${v}`, admin: true });
    const created = await sm.send(
      new CreateSecretCommand({
        Name: `fleet/credentials/vault-${v}`,
        SecretString: JSON.stringify({
          username: admin.userName,
          password: `fleet-minter-password-${v}`,
          usableBy: [`arn:aws:secretsmanager:*:secret:fleet/vault-${v}/*`],
        }),
      }),
    );
    credentialsArns.push(created.ARN!);
  }
  const arns: string[] = [];
  const planned = planSecrets(plan);
  for (let i = 0; i < planned.length; i += 50) {
    const batch = planned.slice(i, i + 50);
    const created = await Promise.all(
      batch.map(async (secret) => {
        const sim = sims[secret.vault]!;
        const user = sim.addUser({ userName: `fleet.integration.${secret.index}@acme.test` });
        const value = secret.sharedCredentials
          ? { vaultDns: sim.url, credentialsSecretArn: credentialsArns[secret.vault], forUserId: user.id }
          : { vaultDns: sim.url, accessToken: sim.issueToken(user.id, { name: 'made in the Vault UI' }).token };
        const out = await sm.send(
          new CreateSecretCommand({
            Name: `fleet/vault-${secret.vault}/secret-${secret.index}`,
            SecretString: JSON.stringify(value),
          }),
        );
        return out.ARN!;
      }),
    );
    arns.push(...created);
  }
  return arns;
}
