// How long a minted token lives. A token must outlive the next rotation (consumers keep using it until then) and, in
// next-rotation mode, the one after (it stays valid as AWSPREVIOUS): so the default is two intervals plus a day.

import type { RotationRulesType } from '@aws-sdk/client-secrets-manager';
import type { VaultLogger } from '../../shared/types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Used when the secret has no rotation schedule (on-demand rotation only). */
export const ASSUMED_INTERVAL_MS = 30 * DAY;

export interface RotationInterval {
  readonly ms: number;
  /** How it was derived, for the log line. */
  readonly source: string;
}

export function rotationInterval(rules: RotationRulesType | undefined): RotationInterval {
  if (rules?.AutomaticallyAfterDays !== undefined && rules.AutomaticallyAfterDays > 0) {
    return { ms: rules.AutomaticallyAfterDays * DAY, source: `AutomaticallyAfterDays ${rules.AutomaticallyAfterDays}` };
  }
  const expression = rules?.ScheduleExpression?.trim();
  if (expression) {
    const rate = /^rate\(\s*(\d+)\s+(hours?|days?)\s*\)$/i.exec(expression);
    if (rate) {
      const unit = rate[2]!.toLowerCase().startsWith('hour') ? HOUR : DAY;
      return { ms: Number(rate[1]) * unit, source: expression };
    }
    // A cron schedule can fire at any cadence; Secrets Manager allows at most one rotation per day window.
    if (/^cron\(/i.test(expression)) return { ms: DAY, source: `${expression} (assumed daily)` };
  }
  return { ms: ASSUMED_INTERVAL_MS, source: 'no rotation schedule (assumed 30 days)' };
}

export function defaultTokenLifetimeMs(interval: RotationInterval): number {
  return 2 * interval.ms + DAY;
}

/** The lifetime to mint with: the configured one, else the default; warns when it cannot outlive the interval. */
export function tokenLifetimeMs(
  configuredMs: number | undefined,
  rules: RotationRulesType | undefined,
  logger: VaultLogger,
): number {
  const interval = rotationInterval(rules);
  if (configuredMs === undefined) return defaultTokenLifetimeMs(interval);
  if (configuredMs <= interval.ms) {
    logger.warn(
      'tokenLifetime is not longer than the rotation interval: the current token may expire before the next rotation replaces it',
      { tokenLifetimeMs: configuredMs, rotationIntervalMs: interval.ms, rotationSchedule: interval.source },
    );
  }
  return configuredMs;
}
