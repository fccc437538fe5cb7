// Secrets Manager's rules for a rotation schedule (RotationRulesType, and the user guide's "Schedule expressions"):
// rate() in hours (at least 4) or days (1-1000), or cron() whose minutes are 0, whose year is *, with one of
// day-of-month and day-of-week as ?, and no two rotations less than 4 hours apart; a Duration window of 1h-24h that
// neither reaches the next window nor crosses into the next UTC day. Pure: the Secrets Manager stand-in answers with
// these messages, and the CLI refuses the same input before it changes anything. A cron the rotator's reader
// (schedule-gap.ts) cannot read is refused too, so whatever passes here the rotator can measure.

import { DAY_MS, HOUR_MS } from '../time/duration.js';
import { parseAwsCron, scheduleGap } from './schedule-gap.js';

export const MIN_ROTATION_INTERVAL_HOURS = 4;
export const MAX_ROTATION_DAYS = 1000;
export const MAX_WINDOW_HOURS = 24;

export interface ScheduleShape {
  /** The shortest time between two rotations this schedule allows (a lower bound for a cron, for the window rule). */
  readonly intervalMs: number;
  /** The latest start hour of a window within a UTC day (cron with fixed hours), for the next-day rule. */
  readonly latestStartHour: number | undefined;
  readonly unit: 'hours' | 'days';
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const problem = <T>(text: string): Checked<T> => ({ ok: false, problem: text });

export function checkScheduleExpression(expression: string): Checked<ScheduleShape> {
  const text = expression.trim();
  const rate = /^rate\((\d+) (hour|hours|day|days)\)$/.exec(text);
  if (rate !== null) return checkRate(Number(rate[1]), rate[2] as string);
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron !== null) return checkCron(cron[1] as string);
  return problem(
    'the schedule expression must be rate(N hours), rate(N days) or cron(minutes hours day-of-month month day-of-week year)',
  );
}

function checkRate(n: number, unit: string): Checked<ScheduleShape> {
  if (n < 1) return problem('a rate() value must be a positive whole number');
  if ((unit === 'hour' || unit === 'day') && n !== 1) return problem(`use "${unit}s" with a value other than 1`);
  if ((unit === 'hours' || unit === 'days') && n === 1) return problem(`use "${unit.slice(0, -1)}" with the value 1`);
  if (unit.startsWith('hour')) {
    if (n < MIN_ROTATION_INTERVAL_HOURS) {
      return problem(`rotation can be scheduled at most every ${MIN_ROTATION_INTERVAL_HOURS} hours (got rate(${n} ${unit}))`);
    }
    return ok({ intervalMs: n * HOUR_MS, latestStartHour: undefined, unit: 'hours' });
  }
  if (n > MAX_ROTATION_DAYS) return problem(`a rate() in days must be at most ${MAX_ROTATION_DAYS} days`);
  return ok({ intervalMs: n * DAY_MS, latestStartHour: undefined, unit: 'days' });
}

function checkCron(body: string): Checked<ScheduleShape> {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) return problem('a cron() expression has 6 fields: minutes hours day-of-month month day-of-week year');
  const [minutes, hours, dayOfMonth, , dayOfWeek, year] = fields as [string, string, string, string, string, string];
  if (minutes !== '0') return problem('the minutes field of a cron() schedule must be 0');
  if (year !== '*') return problem('the year field of a cron() schedule must be *');
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return problem('a cron() schedule sets one of day-of-month and day-of-week and gives ? for the other');
  }
  if (parseAwsCron(body) === undefined) {
    return problem(`the cron() expression "${body.trim()}" has a field out of range or not understood`);
  }
  const startHours = hourList(hours);
  if (startHours === undefined) return problem(`the hours field "${hours}" of a cron() schedule is not understood`);
  const gap = smallestGap(startHours);
  if (gap < MIN_ROTATION_INTERVAL_HOURS) {
    return problem(`rotation can be scheduled at most every ${MIN_ROTATION_INTERVAL_HOURS} hours (hours "${hours}")`);
  }
  return ok({
    intervalMs: startHours.length > 1 ? gap * HOUR_MS : DAY_MS,
    latestStartHour: Math.max(...startHours),
    unit: startHours.length > 1 ? 'hours' : 'days',
  });
}

/** The start hours a cron hours field gives: N, a,b,c, a-b, a/N, a-b/N or a star, with or without a step (0-23). */
function hourList(field: string): number[] | undefined {
  const hours = new Set<number>();
  for (const part of field.split(',')) {
    const step = /^(\*|\d{1,2})(?:-(\d{1,2}))?(?:\/(\d{1,2}))?$/.exec(part);
    if (step === null) return undefined;
    const from = step[1] === '*' ? 0 : Number(step[1]);
    const to = step[2] !== undefined ? Number(step[2]) : step[1] === '*' || step[3] !== undefined ? 23 : from;
    const by = step[3] === undefined ? 1 : Number(step[3]);
    if (from > 23 || to > 23 || from > to || by < 1) return undefined;
    for (let hour = from; hour <= to; hour += by) hours.add(hour);
  }
  return [...hours].sort((a, b) => a - b);
}

/** Hours between consecutive starts, wrapping round midnight; 24 for a single start. */
function smallestGap(sorted: readonly number[]): number {
  if (sorted.length <= 1) return 24;
  let gap = 24 - (sorted[sorted.length - 1] as number) + (sorted[0] as number);
  for (let i = 1; i < sorted.length; i += 1) gap = Math.min(gap, (sorted[i] as number) - (sorted[i - 1] as number));
  return gap;
}

/** `Duration` as the service takes it: `Nh`, 1-24 hours, within the schedule's interval and UTC day. */
export function checkWindow(duration: string, schedule: ScheduleShape | undefined): Checked<number> {
  const match = /^(\d{1,2})h$/.exec(duration.trim());
  const hours = match === null ? Number.NaN : Number(match[1]);
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_WINDOW_HOURS) {
    return problem(`the rotation window (Duration) must be 1h to ${MAX_WINDOW_HOURS}h, such as "4h" (got "${duration}")`);
  }
  if (schedule !== undefined && hours * HOUR_MS > schedule.intervalMs) {
    return problem(`the rotation window (Duration ${hours}h) must not reach into the next rotation window`);
  }
  if (schedule?.latestStartHour !== undefined && schedule.latestStartHour + hours > 24) {
    return problem(`the rotation window (Duration ${hours}h) must not cross into the next UTC day`);
  }
  return ok(hours * HOUR_MS);
}

/** AutomaticallyAfterDays, ScheduleExpression and Duration together, as RotateSecret checks them. */
export function checkRotationRules(rules: {
  readonly AutomaticallyAfterDays?: number | undefined;
  readonly ScheduleExpression?: string | undefined;
  readonly Duration?: string | undefined;
}): string | undefined {
  if (rules.AutomaticallyAfterDays !== undefined && rules.ScheduleExpression !== undefined) {
    return 'You cannot specify both rotation frequency and schedule expression together.';
  }
  let schedule: ScheduleShape | undefined;
  if (rules.ScheduleExpression !== undefined) {
    const checked = checkScheduleExpression(rules.ScheduleExpression);
    if (!checked.ok) return `Invalid ScheduleExpression: ${checked.problem}.`;
    schedule = checked.value;
  } else if (rules.AutomaticallyAfterDays !== undefined) {
    const days = rules.AutomaticallyAfterDays;
    if (!Number.isInteger(days) || days < 1 || days > MAX_ROTATION_DAYS) {
      return `AutomaticallyAfterDays must be a whole number from 1 to ${MAX_ROTATION_DAYS}.`;
    }
    schedule = { intervalMs: days * DAY_MS, latestStartHour: undefined, unit: 'days' };
  }
  if (rules.Duration !== undefined) {
    const checked = checkWindow(rules.Duration, schedule);
    if (!checked.ok) return `Invalid Duration: ${checked.problem}.`;
  }
  return undefined;
}

/**
 * The longest time between two rotations of a rules object the service accepted (undefined when there is none, or
 * when a cron fires no more), the window not included: the largest gap between consecutive fire times from `now`.
 */
export function rotationIntervalMs(
  rules: {
    readonly AutomaticallyAfterDays?: number | undefined;
    readonly ScheduleExpression?: string | undefined;
  },
  now: Date = new Date(),
): number | undefined {
  if (rules.AutomaticallyAfterDays !== undefined) return rules.AutomaticallyAfterDays * DAY_MS;
  if (rules.ScheduleExpression === undefined) return undefined;
  if (!checkScheduleExpression(rules.ScheduleExpression).ok) return undefined;
  const gap = scheduleGap(rules.ScheduleExpression, now);
  return gap.kind === 'gap' ? gap.ms : undefined;
}
