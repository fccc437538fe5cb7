// The fleet run (issue 11): V Vault simulators with their shared limits, the Secrets Manager stand-in, N secrets
// (some minting with their Vault's one shared password credentials secret), all rotated at once the way Secrets
// Manager does after `rotate-secret` on everything: each rotation's steps in order, on Lambda-like containers, with a
// reattempt after a wait when a step fails (a deferral included). Returns what the one-line report needs.

import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { limitStats, startVaultSimulator, type VaultSimulator } from '../../simulator/vault-simulator.js';
import type { RotationEvent } from '../../functions/rotation/context.js';
import { ContainerPool } from './containers.js';
import { burstLimitOf, type FleetPlan, planSecrets } from './plan.js';
import { manualTime, scaledTime, type SimTime } from './sim-time.js';

const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
const START = Date.UTC(2026, 5, 1, 2, 0, 0);

export interface FleetReport {
  readonly plan: FleetPlan;
  readonly secrets: number;
  readonly vaults: number;
  readonly rotated: number;
  readonly failed: number;
  /** Rotated, but after the window closed. */
  readonly late: number;
  readonly lowestBurstRemainingPercent: number;
  readonly lowestBurstVault: number;
  readonly throttledResponses: number;
  readonly authLimitRefusals: number;
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
  readonly gbSecondsPerRotation: number;
  readonly vaultCallsPerRotation: number;
  readonly summaries: readonly Record<string, unknown>[];
}

export async function runFleet(plan: FleetPlan): Promise<FleetReport> {
  const realStart = Date.now();
  const sims: VaultSimulator[] = [];
  const standIn = await startSecretsManagerStandIn({ latencyMs: plan.latencyMs });
  const setup = clientFor(standIn);
  let pool: ContainerPool | undefined;
  try {
    for (let v = 0; v < plan.vaults; v += 1) {
      sims.push(
        await startVaultSimulator({
          startTime: START,
          latencyMs: plan.latencyMs,
          burstLimit: burstLimitOf(plan, v),
          authLimitPerMinute: plan.authLimitPerMinute,
          ...(plan.clockScale === undefined ? {} : { clockScale: plan.clockScale }),
        } as Parameters<typeof startVaultSimulator>[0]),
      );
    }
    const time: SimTime =
      plan.clockScale === undefined
        ? manualTime(sims.map((sim) => sim.clock))
        : scaledTime(() => sims[0]!.clock.now(), plan.clockScale);
    const arns = await createSecrets(plan, sims, setup);
    // Set-up calls do not count: the window starts now.
    const baseline = sims.map((sim) => ({ ...limitStats(sim) }));
    for (const sim of sims) sim.clock.advance(5 * 60_000);

    pool = new ContainerPool({
      concurrency: plan.concurrency,
      newClient: () => clientFor(standIn, { maxAttempts: 3 }),
      allowedVaultHosts: '127.0.0.1:*',
      reservePercent: plan.reservePercent,
      now: () => new Date(time.now()),
    });
    const windowEnd = time.now() + plan.windowMs;
    let deferrals = 0;
    let reattempts = 0;
    const otherFailures: string[] = [];
    const idle = () => pool!.idle;

    const rotateOne = async (arn: string): Promise<'rotated' | 'late' | 'failed'> => {
      const versionId = randomUUID();
      await standIn.startRotation(arn, versionId);
      for (let attempt = 1; attempt <= plan.maxAttempts; attempt += 1) {
        try {
          for (const step of STEPS) {
            await pool!.invoke({ Step: step, SecretId: arn, ClientRequestToken: versionId } as RotationEvent);
          }
          await standIn.completeRotation(arn, versionId);
          return time.now() <= windowEnd ? 'rotated' : 'late';
        } catch (error) {
          const reason = (error as { reason?: unknown }).reason;
          if (reason === 'burst-reserve' || reason === 'auth-limit') deferrals += 1;
          else if (otherFailures.length < 20) otherFailures.push(error instanceof Error ? error.message : String(error));
          if (attempt === plan.maxAttempts || time.now() + plan.reattemptDelayMs > windowEnd) return 'failed';
          reattempts += 1;
          await time.sleep(plan.reattemptDelayMs);
        }
      }
      return 'failed';
    };

    const simStart = time.now();
    // Manual time moves only when every rotation waits; the ticker looks for that moment.
    const ticker = plan.clockScale === undefined ? setInterval(() => time.tick(idle), 1) : undefined;
    let outcomes: ('rotated' | 'late' | 'failed')[];
    try {
      outcomes = await Promise.all(arns.map((arn) => rotateOne(arn)));
    } finally {
      if (ticker !== undefined) clearInterval(ticker);
    }
    const simulatedMs = time.now() - simStart;

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
      rotated,
      failed: outcomes.filter((o) => o === 'failed').length,
      late: outcomes.filter((o) => o === 'late').length,
      lowestBurstRemainingPercent: lowest.percent,
      lowestBurstVault: lowest.vault,
      throttledResponses: sum((s) => s.throttledResponses),
      authLimitRefusals: sum((s) => s.authLimitRefusals),
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
      gbSecondsPerRotation: ((pool.stats.billedMs / 1000) * (plan.memoryMb / 1024)) / Math.max(1, rotated),
      vaultCallsPerRotation: vaultCalls / Math.max(1, rotated),
      summaries: pool.stats.summaries,
    };
  } finally {
    pool?.destroy();
    setup.destroy();
    await Promise.all([...sims.map((sim) => sim.close()), standIn.close()]);
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
  // Created a few at a time: the stand-in is one process, like everything else here.
  for (let i = 0; i < planned.length; i += 25) {
    const batch = planned.slice(i, i + 25);
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
