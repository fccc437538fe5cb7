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
/**
 * Bounds the walk over fire times. The walk covers at least a year and at least two gaps after the first fire (a
 * schedule that fires every four years, such as 29 February, needs that); a 4-hourly cron takes ~2,200 steps a year.
 */
const MAX_FIRE_TIMES = 20_000;

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
    return new Cron(pattern, { mode: '7-part', alternativeWeekdays: true, timezone: 'UTC', paused: true });
  } catch {
    return undefined;
  }
}

/** The fire times after `from`, for tests and messages. */
export function fireTimes(body: string, from: Date, count: number): Date[] {
  return parseAwsCron(body)?.nextRuns(count, from) ?? [];
}

/**
 * The largest gap between now and the first fire time and between consecutive fire times, walking at least a year
 * and at least two gaps past the first fire.
 */
export function largestCronGapMs(cron: Cron, now: Date): number | undefined {
  const end = now.getTime() + YEAR_MS;
  let previous = cron.nextRun(now);
  if (previous === null) return undefined;
  let largest = previous.getTime() - now.getTime();
  let gaps = 0;
  for (let i = 0; i < MAX_FIRE_TIMES && (previous.getTime() <= end || gaps < 2); i += 1) {
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
  const ms = largestCronGapMs(job, now);
  return ms === undefined ? { kind: 'never' } : { kind: 'gap', ms };
}
