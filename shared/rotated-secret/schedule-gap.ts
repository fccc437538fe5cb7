// The longest time a Secrets Manager schedule can leave between two rotations, for every caller that needs it: the
// rotator (how long a token must live), the CLI (when the next rotation is due) and the Secrets Manager stand-in
// (NextRotationDate). One computation, so that a schedule the service's rules accept is one the rotator can measure.
//
// Secrets Manager's cron() is EventBridge's six-field form: minutes hours day-of-month month day-of-week year, with
// day-of-week 1-7 = SUN-SAT (Quartz numbering, not Unix 0-6), N/S meaning "from N every S", L, W, # and ?. Croner
// reads it once three things are adapted: a seconds field is prepended, `alternativeWeekdays` makes 1-7 = SUN-SAT,
// and N/S becomes N-MAX/S (croner 11 refuses a numeric start without a range). A day-of-week `L` alone (the last day
// of the week) becomes 7, Saturday.

import { Cron } from 'croner';
import { DAY_MS, HOUR_MS } from '../time/duration.js';

const YEAR_MS = 366 * DAY_MS;
const MINUTE_MS = 60_000;
/**
 * Bounds the walk over firing days (and, for a pattern whose hours and minutes this module cannot read, over fire
 * times). The walk covers at least a year and at least two gaps after the first fire (a schedule that fires every four
 * years, such as 29 February, needs that): at most 367 steps for a daily pattern.
 */
const MAX_STEPS = 20_000;
/** The largest value of each field, for N/S → N-MAX/S. */
const FIELD_MAX = ['59', '23', '31', '12', '7', '9999'] as const;

export type ScheduleGap =
  | { readonly kind: 'gap'; readonly ms: number }
  /** A cron that has no fire time after now (such as 31 February). */
  | { readonly kind: 'never' }
  | { readonly kind: 'unreadable' };

/** The croner pattern (seven fields) for the body of an AWS cron(...) expression; undefined when it is not six fields. */
export function cronerPattern(body: string): string | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const adapted = fields.map((field, index) =>
    field
      .split(',')
      .map((part) => {
        if (index === 4 && part.toUpperCase() === 'L') return '7';
        const step = /^([^*/-]+)\/(\d+)$/.exec(part);
        return step === null ? part : `${step[1]}-${FIELD_MAX[index]}/${step[2]}`;
      })
      .join(','),
  );
  return `0 ${adapted.join(' ')}`;
}

/** A croner job for an AWS cron(...) body, or undefined when croner cannot read it. */
export function parseAwsCron(body: string): Cron | undefined {
  const pattern = cronerPattern(body);
  if (pattern === undefined) return undefined;
  try {
    return new Cron(pattern, { mode: '7-part', alternativeWeekdays: true, utcOffset: 0, paused: true });
  } catch {
    return undefined;
  }
}

/** The fire times after `from`, for tests and messages. */
export function fireTimes(body: string, from: Date, count: number): Date[] {
  return parseAwsCron(body)?.nextRuns(count, from) ?? [];
}

/**
 * The times of day (ms after midnight UTC, ascending) at which a croner pattern fires on each day it fires at all:
 * the minute and hour fields do not depend on the day, so every firing day has the same ones. Undefined when a field
 * is not the plain `*`, N, N-M, N-M/S or list of them that AWS allows there (the caller then walks fire times).
 */
export function firingTimesOfDay(pattern: string): number[] | undefined {
  const [, minute, hour] = pattern.split(' ');
  const minutes = fieldValues(minute, 59);
  const hours = fieldValues(hour, 23);
  if (minutes === undefined || hours === undefined) return undefined;
  return hours.flatMap((h) => minutes.map((m) => h * HOUR_MS + m * MINUTE_MS)).sort((a, b) => a - b);
}

function fieldValues(field: string | undefined, max: number): number[] | undefined {
  if (field === undefined) return undefined;
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (match === null) return undefined;
    const low = match[1] === '*' ? 0 : Number(match[2]);
    const high = match[1] === '*' ? max : match[3] !== undefined ? Number(match[3]) : match[4] !== undefined ? max : low;
    const step = match[4] === undefined ? 1 : Number(match[4]);
    if (low > high || high > max || step < 1) return undefined;
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

/** The largest step between consecutive times of day from `from` on (0 when there is at most one). */
function largestStepWithinDay(times: readonly number[], from = 0): number {
  let largest = 0;
  for (let i = 1; i < times.length; i += 1) {
    const earlier = times[i - 1] as number;
    if (earlier >= from) largest = Math.max(largest, (times[i] as number) - earlier);
  }
  return largest;
}

const startOfDay = (ms: number): number => ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);

/**
 * The largest gap between now and the first fire time and between consecutive fire times, walking at least a year
 * and at least two gaps past the first fire. Every firing day fires at the same times of day (`times`), so the walk
 * goes from firing day to firing day: the gaps within a day are known from `times`, and between two firing days the
 * gap runs from the last time of one to the first of the next (one croner step per firing day, not per fire time).
 * A pattern firing every day needs no walk at all. Without `times` (or if croner disagrees with them) it walks every
 * fire time, as croner sees them.
 */
export function largestCronGapMs(cron: Cron, now: Date, times?: readonly number[]): number | undefined {
  const first = cron.nextRun(now);
  if (first === null) return undefined;
  const firstMs = first.getTime();
  if (times === undefined || times.length === 0) return largestFireTimeGapMs(cron, now, first);
  const earliest = times[0] as number;
  const latest = times.at(-1) as number;
  const withinDay = largestStepWithinDay(times);
  if (firesEveryDay(cron)) return Math.max(firstMs - now.getTime(), withinDay, DAY_MS - latest + earliest);
  const end = now.getTime() + YEAR_MS;
  let largest = Math.max(firstMs - now.getTime(), largestStepWithinDay(times, firstMs - startOfDay(firstMs)));
  let lastOfDay = startOfDay(firstMs) + latest;
  let gaps = 0;
  for (let i = 0; i < MAX_STEPS && (lastOfDay <= end || gaps < 2); i += 1) {
    const next = cron.nextRun(new Date(lastOfDay));
    if (next === null) break;
    const day = startOfDay(next.getTime());
    // Croner and `times` must agree that a firing day starts at the earliest time; if not, trust croner's walk.
    if (next.getTime() - day !== earliest) return largestFireTimeGapMs(cron, now, first);
    largest = Math.max(largest, next.getTime() - lastOfDay, withinDay);
    gaps += 1;
    lastOfDay = day + latest;
  }
  return largest;
}

/** True when the day fields leave every day in: day-of-month and day-of-week `*` or `?`, month and year `*`. */
function firesEveryDay(cron: Cron): boolean {
  const [, , , dayOfMonth, month, dayOfWeek, year] = (cron.getPattern() ?? '').split(' ');
  const any = (field: string | undefined) => field === '*' || field === '?';
  return any(dayOfMonth) && any(dayOfWeek) && month === '*' && year === '*';
}

/** The walk over every fire time, for a pattern whose times of day are not known. */
function largestFireTimeGapMs(cron: Cron, now: Date, first: Date): number {
  const end = now.getTime() + YEAR_MS;
  let previous = first;
  let largest = previous.getTime() - now.getTime();
  let gaps = 0;
  for (let i = 0; i < MAX_STEPS && (previous.getTime() <= end || gaps < 2); i += 1) {
    const next: Date | null = cron.nextRun(previous);
    if (next === null) break;
    largest = Math.max(largest, next.getTime() - previous.getTime());
    gaps += 1;
    previous = next;
  }
  return largest;
}

/** The largest gap a rate(...) or cron(...) expression leaves between two rotations (the window not included). */
export function scheduleGap(expression: string, now: Date): ScheduleGap {
  const text = expression.trim();
  const rate = /^rate\(\s*(\d+)\s+(hours?|days?)\s*\)$/i.exec(text);
  if (rate !== null) {
    const unit = (rate[2] as string).toLowerCase().startsWith('hour') ? HOUR_MS : DAY_MS;
    return { kind: 'gap', ms: Number(rate[1]) * unit };
  }
  const cron = /^cron\((.*)\)$/i.exec(text);
  if (cron === null) return { kind: 'unreadable' };
  const job = parseAwsCron(cron[1] as string);
  if (job === undefined) return { kind: 'unreadable' };
  const ms = largestCronGapMs(job, now, firingTimesOfDay(cronerPattern(cron[1] as string) as string));
  return ms === undefined ? { kind: 'never' } : { kind: 'gap', ms };
}
