// How long a minted token lives. A token must outlive the next rotation (consumers use it until then) and, in
// next-rotation mode, the one after (it stays valid as AWSPREVIOUS): the default is two intervals plus a day. The
// interval is the LONGEST time the schedule can leave between two rotations: for a cron(...) schedule the largest gap
// between consecutive fire times over the coming year (a monthly cron leaves 31 days, not 1), plus the rotation
// window (RotationRules.Duration, else Secrets Manager's default window), since a rotation may run anywhere in it.

import type { RotationRulesType } from '@aws-sdk/client-secrets-manager';
import { Cron } from 'croner';
import { RotationError, SecretValueError } from './errors.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR = 366 * DAY;
/** Bounds the walk over fire times (Secrets Manager allows at most one rotation per 4 hours: ~2,200 a year). */
const MAX_FIRE_TIMES = 10_000;

/** Used when the secret has no rotation schedule (on-demand rotation only). */
export const ASSUMED_INTERVAL_MS = 30 * DAY;

export interface RotationInterval {
  readonly ms: number;
  /** How it was derived, for messages and the log line. */
  readonly source: string;
}

export function rotationInterval(rules: RotationRulesType | undefined, now: Date): RotationInterval {
  const window = windowMs(rules?.Duration);
  if (rules?.AutomaticallyAfterDays !== undefined && rules.AutomaticallyAfterDays > 0) {
    const days = rules.AutomaticallyAfterDays;
    return { ms: days * DAY + (window ?? DAY), source: `AutomaticallyAfterDays ${days}` };
  }
  const expression = rules?.ScheduleExpression?.trim();
  if (!expression) return { ms: ASSUMED_INTERVAL_MS, source: 'no rotation schedule (assumed 30 days)' };
  const rate = /^rate\(\s*(\d+)\s+(hours?|days?)\s*\)$/i.exec(expression);
  if (rate) {
    const unit = rate[2]!.toLowerCase().startsWith('hour') ? HOUR : DAY;
    return { ms: Number(rate[1]) * unit + (window ?? (unit === HOUR ? HOUR : DAY)), source: expression };
  }
  const cron = /^cron\((.*)\)$/i.exec(expression);
  if (cron) {
    const gap = largestCronGap(cron[1]!, now, expression);
    if (gap === undefined) return { ms: ASSUMED_INTERVAL_MS, source: `${expression} (fires no more; assumed 30 days)` };
    return { ms: gap + (window ?? (gap < DAY ? HOUR : DAY)), source: expression };
  }
  throw unreadableSchedule(expression);
}

/** Secrets Manager's cron: minutes hours day-of-month month day-of-week year; day-of-week 1-7 is SUN-SAT. */
function largestCronGap(fields: string, now: Date, expression: string): number | undefined {
  const parts = fields.trim().split(/\s+/);
  if (parts.length !== 6) throw unreadableSchedule(expression);
  let cron: Cron;
  try {
    cron = new Cron(`0 ${parts.join(' ')}`, {
      mode: '7-part',
      alternativeWeekdays: true,
      timezone: 'UTC',
      paused: true,
    });
  } catch {
    throw unreadableSchedule(expression);
  }
  const end = now.getTime() + YEAR;
  let previous = cron.nextRun(now);
  if (previous === null) return undefined;
  let largest = previous.getTime() - now.getTime();
  for (let i = 0; i < MAX_FIRE_TIMES && previous.getTime() <= end; i += 1) {
    const next: Date | null = cron.nextRun(previous);
    if (next === null) break;
    largest = Math.max(largest, next.getTime() - previous.getTime());
    previous = next;
  }
  return largest;
}

function windowMs(duration: string | undefined): number | undefined {
  const hours = /^(\d+)h$/i.exec(duration?.trim() ?? '');
  return hours ? Number(hours[1]) * HOUR : undefined;
}

function unreadableSchedule(expression: string): RotationError {
  return new RotationError(
    `RotationRules.ScheduleExpression "${expression}" is not a rate(N hours|days) or six-field cron(...) expression the rotator can read, so it cannot tell how long tokens must live. Fix the schedule.`,
  );
}

export function defaultTokenLifetimeMs(interval: RotationInterval): number {
  return 2 * interval.ms + DAY;
}

/** A token must outlive the longest gap between rotations by this much (time for retries; capped by the interval). */
export function lifetimeMarginMs(interval: RotationInterval): number {
  return Math.min(DAY, interval.ms);
}

/**
 * The lifetime to mint with: the configured one, else the default. A configured lifetime that does not outlive the
 * interval plus the margin is refused: the current token would expire before the next rotation could replace it.
 */
export function tokenLifetimeMs(
  configuredMs: number | undefined,
  rules: RotationRulesType | undefined,
  now: Date,
  where: string,
): number {
  const interval = rotationInterval(rules, now);
  if (configuredMs === undefined) return defaultTokenLifetimeMs(interval);
  const minimum = interval.ms + lifetimeMarginMs(interval);
  if (configuredMs <= minimum) {
    throw new SecretValueError(
      where,
      'tokenLifetime',
      `must outlive the longest time between two rotations plus a margin: the schedule ${interval.source} can leave up to ${hoursText(interval.ms)} between rotations, so expected more than ${hoursText(minimum)} (or leave tokenLifetime out for the default, ${hoursText(defaultTokenLifetimeMs(interval))})`,
    );
  }
  return configuredMs;
}

function hoursText(ms: number): string {
  const hours = Math.ceil(ms / HOUR);
  return hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`;
}
