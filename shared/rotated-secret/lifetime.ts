// How long a token of a rotated secret lives: the one rule the rotator mints by and the CLI's bootstrap checks
// --token-lifetime against. A token must outlive the next rotation (consumers use it until then) and, in
// next-rotation mode, the one after (it stays valid as AWSPREVIOUS): the default is two intervals plus a day. The
// interval is the LONGEST time the schedule can leave between two rotations (schedule-gap.ts: for a cron(...)
// schedule the largest gap between consecutive fire times, so a monthly cron leaves 31 days, not 1), plus the rotation
// window (RotationRules.Duration, else Secrets Manager's default window), since a rotation may run anywhere in it.

import type { RotationRulesType } from '@aws-sdk/client-secrets-manager';
import { DAY_MS, HOUR_MS } from '../time/duration.js';
import type { Checked } from './schedule.js';
import { scheduleGap } from './schedule-gap.js';

/** Used when the secret has no rotation schedule (on-demand rotation only). */
export const ASSUMED_INTERVAL_MS = 30 * DAY_MS;

export interface RotationInterval {
  readonly ms: number;
  /** How it was derived, for messages and the log line. */
  readonly source: string;
}

/** The longest time between two rotations under `rules`, window included; a problem when the schedule is unreadable. */
export function rotationInterval(rules: RotationRulesType | undefined, now: Date): Checked<RotationInterval> {
  const window = windowMs(rules?.Duration);
  if (rules?.AutomaticallyAfterDays !== undefined && rules.AutomaticallyAfterDays > 0) {
    const days = rules.AutomaticallyAfterDays;
    return measured(days * DAY_MS + (window ?? DAY_MS), `AutomaticallyAfterDays ${days}`);
  }
  const expression = rules?.ScheduleExpression?.trim();
  if (!expression) return measured(ASSUMED_INTERVAL_MS, 'no rotation schedule (assumed 30 days)');
  const gap = scheduleGap(expression, now);
  if (gap.kind === 'unreadable') return { ok: false, problem: unreadableSchedule(expression) };
  if (gap.kind === 'never') return measured(ASSUMED_INTERVAL_MS, `${expression} (fires no more; assumed 30 days)`);
  return measured(gap.ms + (window ?? (gap.ms < DAY_MS ? HOUR_MS : DAY_MS)), expression);
}

function measured(ms: number, source: string): Checked<RotationInterval> {
  return { ok: true, value: { ms, source } };
}

function windowMs(duration: string | undefined): number | undefined {
  const hours = /^(\d+)h$/i.exec(duration?.trim() ?? '');
  return hours ? Number(hours[1]) * HOUR_MS : undefined;
}

function unreadableSchedule(expression: string): string {
  return [
    `RotationRules.ScheduleExpression "${expression}" is not a rate(N hours|days) or six-field cron(...) expression`,
    'the rotator can read, so it cannot tell how long tokens must live. Fix the schedule.',
  ].join(' ');
}

export function defaultTokenLifetimeMs(interval: RotationInterval): number {
  return 2 * interval.ms + DAY_MS;
}

/** A token must outlive the longest gap between rotations by this much (time for retries; capped by the interval). */
export function lifetimeMarginMs(interval: RotationInterval): number {
  return Math.min(DAY_MS, interval.ms);
}

/** The shortest lifetime a token may have: the longest gap between rotations plus the margin; it must be exceeded. */
export function minimumLifetimeMs(interval: RotationInterval): number {
  return interval.ms + lifetimeMarginMs(interval);
}

export type TokenLifetime =
  | {
      readonly ok: true;
      readonly ms: number;
      /** A lifetime was configured: it is never shortened behind the operator's back. */
      readonly configured: boolean;
      readonly minimumMs: number;
    }
  /** A configured lifetime that does not outlive the interval plus the margin. */
  | { readonly ok: false; readonly minimumMs: number; readonly defaultMs: number };

/**
 * The lifetime of the next token: the configured one (tokenLifetime, --token-lifetime), else the default. A configured
 * lifetime that does not outlive the interval plus the margin is refused: the current token would expire before the
 * next rotation could replace it.
 */
export function tokenLifetime(configuredMs: number | undefined, interval: RotationInterval): TokenLifetime {
  const minimumMs = minimumLifetimeMs(interval);
  if (configuredMs === undefined) return { ok: true, ms: defaultTokenLifetimeMs(interval), configured: false, minimumMs };
  if (configuredMs <= minimumMs) return { ok: false, minimumMs, defaultMs: defaultTokenLifetimeMs(interval) };
  return { ok: true, ms: configuredMs, configured: true, minimumMs };
}
