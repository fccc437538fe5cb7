// The fleet run's one line (issue 18), then its modelled cost.
import type { FleetReport } from './run-fleet.js';

/** Lambda's arm64 price per GB-second (us-east-1 list price, first tier). */
export const ARM64_USD_PER_GB_SECOND = 0.0000133334;

export function fleetLine(report: FleetReport): string {
  const p = report.lowestBurstRemainingPercent;
  return [
    `fleet: ${report.secrets} secrets on ${report.vaults} Vaults`,
    `${report.offered} offered at once, up to ${report.concurrency} concurrent invocations`,
    `${report.rotated} rotated, ${report.failed + report.late} failed`,
    `lowest burst remaining ${p.toFixed(1)}% (reserve ${report.plan.reservePercent}%)`,
    `${report.throttledResponses} delayed or throttled Vault responses`,
    `${report.authLimitRefusals} auth-limit refusals`,
    `${report.secretsManagerThrottles} Secrets Manager throttles`,
    `${report.lambdaThrottles} Lambda throttles`,
  ].join(' · ');
}

export function fleetCostLine(report: FleetReport): string {
  const cpu = report.stepCpuMs;
  const plan = report.plan;
  const dollars = report.gbSecondsPerRotation * ARM64_USD_PER_GB_SECOND;
  return [
    `cost (modelled): ${report.gbSecondsPerRotation.toFixed(3)} GB-s per rotation at ${plan.memoryMb} MB (template MemorySize), ≈ $${dollars.toFixed(7)} at the arm64 list price`,
    `= measured CPU per step (createSecret ${cpu.createSecret} ms, setSecret ${cpu.setSecret}, testSecret ${cpu.testSecret}, finishSecret ${cpu.finishSecret}; simulators included) + assumed latency per call (Secrets Manager ${plan.secretsManagerLatencyMs} ms, Vault ${plan.vaultLatencyMs} ms, +${plan.burstDelayMs} ms past the burst limit)`,
    `${report.vaultCallsPerRotation.toFixed(1)} Vault calls per rotation`,
    `busiest second ${report.busiestWriteSecond} of 50 Secrets Manager writes`,
    `${report.invocations} invocations (${report.warmInvocations} warm, ${report.containers} containers), ${report.deferrals} deferrals, ${report.signIns} sign-ins for ${report.sharedCredentialsSecrets} secrets on shared credentials`,
    `${(report.simulatedMs / 60_000).toFixed(1)} simulated minutes (window ${plan.windowMs / 3_600_000} h, other integrations ${plan.otherTrafficPercent}% of each burst limit), ${(report.realMs / 1000).toFixed(1)} s real`,
  ].join(' · ');
}

/** The goal: O = N ≥ 1,000 (for the bench), F = T = A = S = 0 and P ≥ Q. */
export function fleetGoalsMet(report: FleetReport): boolean {
  return (
    report.offered === report.secrets &&
    report.failed + report.late === 0 &&
    report.rotated === report.secrets &&
    report.throttledResponses === 0 &&
    report.authLimitRefusals === 0 &&
    report.secretsManagerThrottles === 0 &&
    report.lowestBurstRemainingPercent >= report.plan.reservePercent
  );
}
