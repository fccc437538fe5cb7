// How long a minted token lives. A token must outlive the next rotation (consumers use it until then) and, in
// next-rotation mode, the one after (it stays valid as AWSPREVIOUS): the default is two intervals plus a day. The
// interval is the LONGEST time the schedule can leave between two rotations (shared/rotated-secret/schedule-gap.ts: for a
// cron(...) schedule the largest gap between consecutive fire times, so a monthly cron leaves 31 days, not 1), plus
// the rotation window (RotationRules.Duration, else Secrets Manager's default window), since a rotation may run
// anywhere in it.

import type { RotationRulesType } from '@aws-sdk/client-secrets-manager';
import { DAY_MS as DAY, HOUR_MS as HOUR } from '../../shared/time/duration.js';
import { scheduleGap } from '../../shared/rotated-secret/schedule-gap.js';
import { RotationError, SecretValueError } from './errors.js';

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
  const gap = scheduleGap(expression, now);
  if (gap.kind === 'unreadable') throw unreadableSchedule(expression);
  if (gap.kind === 'never') return { ms: ASSUMED_INTERVAL_MS, source: `${expression} (fires no more; assumed 30 days)` };
  return { ms: gap.ms + (window ?? (gap.ms < DAY ? HOUR : DAY)), source: expression };
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
 * Vault's getting-started page says a token "may be valid for up to 90 days" (an inferred cap, docs/assumptions.md):
 * when Vault refuses the DEFAULT lifetime, one more mint is tried with this, if it still outlives the schedule.
 */
/** The shortest lifetime a token may have: the longest gap between rotations plus the margin; it must be exceeded. */
export function minimumLifetimeMs(interval: RotationInterval): number {
  return interval.ms + lifetimeMarginMs(interval);
}

export const PROFILE_CAP_FALLBACK_MS = 90 * DAY;

export interface MintLifetime {
  readonly ms: number;
  /** tokenLifetime was set: it is never shortened behind the operator's back. */
  readonly configured: boolean;
  /** A token must live longer than this (the interval plus the margin). */
  readonly minimumMs: number;
  /** The schedule, as the messages name it. */
  readonly source: string;
  /** The one shorter lifetime to try when Vault refuses `ms` (default lifetimes only), if any outlives the minimum. */
  readonly fallbackMs: number | undefined;
}

/**
 * The lifetime to mint with: the configured one, else the default. A configured lifetime that does not outlive the
 * interval plus the margin is refused: the current token would expire before the next rotation could replace it.
 */
export function mintLifetime(
  configuredMs: number | undefined,
  rules: RotationRulesType | undefined,
  now: Date,
  where: string,
): MintLifetime {
  const interval = rotationInterval(rules, now);
  const minimumMs = minimumLifetimeMs(interval);
  if (configuredMs === undefined) {
    const ms = defaultTokenLifetimeMs(interval);
    const fallbackMs = ms > PROFILE_CAP_FALLBACK_MS && PROFILE_CAP_FALLBACK_MS > minimumMs ? PROFILE_CAP_FALLBACK_MS : undefined;
    return { ms, configured: false, minimumMs, source: interval.source, fallbackMs };
  }
  if (configuredMs <= minimumMs) {
    throw new SecretValueError(
      where,
      'tokenLifetime',
      `must outlive the longest time between two rotations plus a margin: the schedule ${interval.source} can leave up to ${hoursText(interval.ms)} between rotations, so expected more than ${hoursText(minimumMs)} (or leave tokenLifetime out for the default, ${hoursText(defaultTokenLifetimeMs(interval))})`,
    );
  }
  return { ms: configuredMs, configured: true, minimumMs, source: interval.source, fallbackMs: undefined };
}

export function tokenLifetimeMs(
  configuredMs: number | undefined,
  rules: RotationRulesType | undefined,
  now: Date,
  where: string,
): number {
  return mintLifetime(configuredMs, rules, now, where).ms;
}

/** Vault refused every lifetime tried with OPERATION_NOT_ALLOWED while the token cap was not the reason. */
export function lifetimeRefusedError(lifetime: MintLifetime, vaultDns: string, cause: unknown): RotationError {
  const tried = [lifetime.ms, ...(lifetime.fallbackMs === undefined ? [] : [lifetime.fallbackMs])].map(hoursText);
  const what = lifetime.configured ? `tokenLifetime ${tried[0]}` : `the default lifetime ${tried.join(', then ')}`;
  return new RotationError(
    `Vault ${vaultDns} refused to mint a token with ${what} (OPERATION_NOT_ALLOWED, and not for the token cap as far as the rotator can tell): most likely the Vault user's security profile allows shorter API access token lifetimes (often 90 days). Nothing was minted and the secret is unchanged. The schedule ${lifetime.source} needs tokens that live more than ${hoursText(lifetime.minimumMs)}: set tokenLifetime in the secret to a lifetime the profile allows that is longer than that, or, if the profile allows none, rotate more often (RotationRules) or raise the profile's limit; then rotate again.`,
    { cause },
  );
}

function hoursText(ms: number): string {
  const hours = Math.ceil(ms / HOUR);
  return hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`;
}
