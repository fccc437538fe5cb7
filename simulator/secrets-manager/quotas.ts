// Secrets Manager's documented per-second request quotas, opt-in (StandInOptions.quotas). Past a quota the stand-in
// answers ThrottlingException ("Rate exceeded", HTTP 400), as the service does, and processes nothing. Source: AWS
// Secrets Manager User Guide, "AWS Secrets Manager quotas" (reference.html#reference_limits): PutSecretValue and
// UpdateSecretVersionStage together 50 per second (not adjustable), DescribeSecret and GetSecretValue together 10,000
// per second, RotateSecret 50 per second. How the service counts within a second is not documented; the stand-in
// counts fixed 1-second windows of its clock.
import type { SecretsManagerOperation } from '../secrets-manager-types.js';

export interface QuotaGroup {
  readonly name: string;
  readonly operations: readonly SecretsManagerOperation[];
  readonly perSecond: number;
}

export const SECRETS_MANAGER_QUOTAS: readonly QuotaGroup[] = [
  { name: 'PutSecretValue+UpdateSecretVersionStage', operations: ['PutSecretValue', 'UpdateSecretVersionStage'], perSecond: 50 },
  { name: 'DescribeSecret+GetSecretValue', operations: ['DescribeSecret', 'GetSecretValue'], perSecond: 10_000 },
  { name: 'RotateSecret', operations: ['RotateSecret'], perSecond: 50 },
];

export interface QuotaOptions {
  /** The clock the 1-second windows are counted on (ms); default Date.now. */
  readonly now?: () => number;
  /** Default SECRETS_MANAGER_QUOTAS. */
  readonly groups?: readonly QuotaGroup[];
}

export interface QuotaStats {
  /** Requests answered with ThrottlingException because of a quota, in total and per group. */
  readonly throttles: number;
  readonly byGroup: ReadonlyMap<string, number>;
  /** The most requests a group admitted in one second. */
  readonly busiestSecond: ReadonlyMap<string, number>;
}

export interface QuotaBook {
  /** Counts the request; false when it is over its group's quota (then it must be throttled). */
  admit(operation: SecretsManagerOperation): boolean;
  stats(): QuotaStats;
}

export function createQuotaBook(options: QuotaOptions = {}): QuotaBook {
  const now = options.now ?? Date.now;
  const groups = options.groups ?? SECRETS_MANAGER_QUOTAS;
  const windows = new Map<string, { second: number; count: number }>();
  const byGroup = new Map<string, number>();
  const busiest = new Map<string, number>();
  let throttles = 0;
  return {
    admit(operation) {
      const group = groups.find((g) => g.operations.includes(operation));
      if (group === undefined) return true;
      const second = Math.floor(now() / 1000);
      let window = windows.get(group.name);
      if (window === undefined || window.second !== second) {
        window = { second, count: 0 };
        windows.set(group.name, window);
      }
      if (window.count >= group.perSecond) {
        throttles += 1;
        byGroup.set(group.name, (byGroup.get(group.name) ?? 0) + 1);
        return false;
      }
      window.count += 1;
      busiest.set(group.name, Math.max(busiest.get(group.name) ?? 0, window.count));
      return true;
    },
    stats: () => ({ throttles, byGroup: new Map(byGroup), busiestSecond: new Map(busiest) }),
  };
}
