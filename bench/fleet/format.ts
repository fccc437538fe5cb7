// The fleet run's one line (issue 11), then its time and Lambda cost per rotation.
import type { FleetReport } from './run-fleet.js';

export function fleetLine(report: FleetReport): string {
  const p = report.lowestBurstRemainingPercent;
  return [
    `fleet: ${report.secrets} secrets on ${report.vaults} Vaults`,
    `${report.rotated} rotated, ${report.failed + report.late} failed`,
    `lowest burst remaining ${p.toFixed(1)}% (reserve ${report.plan.reservePercent}%)`,
    `${report.throttledResponses} throttled responses`,
    `${report.authLimitRefusals} auth-limit refusals`,
    `${report.deferrals} deferrals, ${report.reattempts} reattempts`,
    `${report.signIns} sign-ins for ${report.sharedCredentialsSecrets} secrets on shared credentials`,
    `${report.containers} containers, ${report.warmInvocations} of ${report.invocations} invocations warm`,
  ].join(' · ');
}

export function fleetCostLine(report: FleetReport): string {
  const minutes = report.simulatedMs / 60_000;
  return [
    `time: ${minutes.toFixed(1)} simulated minutes (window ${report.plan.windowMs / 3_600_000} h), ${(report.realMs / 1000).toFixed(1)} s real`,
    `Lambda ${report.gbSecondsPerRotation.toFixed(3)} GB-s per rotation at ${report.plan.memoryMb} MB`,
    `${report.vaultCallsPerRotation.toFixed(1)} Vault calls per rotation`,
  ].join(' · ');
}

/** Whether the run met the goals: everything rotated in the window, nothing throttled or refused, P ≥ Q. */
export function fleetGoalsMet(report: FleetReport): boolean {
  return (
    report.failed + report.late === 0 &&
    report.rotated === report.secrets &&
    report.throttledResponses === 0 &&
    report.authLimitRefusals === 0 &&
    report.lowestBurstRemainingPercent >= report.plan.reservePercent
  );
}
