// Token lifetimes from the real schedule (issue 8, section 3): the interval is the longest time the schedule can
// leave between two rotations (largest gap between fire times over a year, plus the rotation window).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecretValueError } from '../../functions/rotation/errors.js';
import { mintLifetime } from '../../functions/rotation/steps/create-secret/lifetime.js';
import {
  ASSUMED_INTERVAL_MS,
  defaultTokenLifetimeMs,
  lifetimeMarginMs,
  type RotationInterval,
  rotationInterval as measure,
} from '../../shared/rotated-secret/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-12-01T08:00:00Z');
const WHERE = 'Secret arn:aws:secretsmanager:us-east-1:123456789012:secret:s (AWSCURRENT)';

/** The interval, for schedules the rotator can read. */
function rotationInterval(...args: Parameters<typeof measure>): RotationInterval {
  const measured = measure(...args);
  if (!measured.ok) throw new Error(measured.problem);
  return measured.value;
}

/** The lifetime the rotator mints with. */
const tokenLifetimeMs = (...args: Parameters<typeof mintLifetime>) => mintLifetime(...args).ms;

describe('the rotation interval', () => {
  it.each([
    ['AutomaticallyAfterDays 30 (+ a day window)', { AutomaticallyAfterDays: 30 }, 31 * DAY],
    ['rate(12 hours) (+ 1 h window)', { ScheduleExpression: 'rate(12 hours)' }, 13 * HOUR],
    ['rate(1 day)', { ScheduleExpression: 'rate(1 day)' }, 2 * DAY],
    ['rate(10 days) with Duration 3h', { ScheduleExpression: 'rate(10 days)', Duration: '3h' }, 10 * DAY + 3 * HOUR],
    ['twice a month: the 15th → 1st gap is 17 days (Dec 15 → Jan 1)', { ScheduleExpression: 'cron(0 16 1,15 * ? *)' }, 17 * DAY + DAY],
    ['monthly, last day (L): 31 days', { ScheduleExpression: 'cron(0 10 L * ? *)' }, 31 * DAY + DAY],
    ['monthly, first Monday (2#1): up to 35 days', { ScheduleExpression: 'cron(0 10 ? * 2#1 *)' }, 35 * DAY + DAY],
    ['monthly, last Friday (6L): up to 35 days', { ScheduleExpression: 'cron(0 10 ? * 6L *)' }, 35 * DAY + DAY],
    ['monthly, weekday nearest the 15th (15W)', { ScheduleExpression: 'cron(0 10 15W * ? *)' }, 32 * DAY + DAY],
    ['weekdays only: the weekend gap is 3 days', { ScheduleExpression: 'cron(0 10 ? * MON-FRI *)' }, 3 * DAY + DAY],
    ['every 4 hours (+ 1 h window)', { ScheduleExpression: 'cron(0 */4 * * ? *)', Duration: '1h' }, 5 * HOUR],
    ['quarterly', { ScheduleExpression: 'cron(0 0 1 1,4,7,10 ? *)' }, 92 * DAY + DAY],
    ['no schedule', undefined, ASSUMED_INTERVAL_MS],
  ])('%s', (_name, rules, ms) => {
    expect(rotationInterval(rules, NOW).ms).toBe(ms);
  });

  it('a monthly cron is a month, not a day (it used to give 3-day tokens)', () => {
    const lifetime = tokenLifetimeMs(undefined, { ScheduleExpression: 'cron(0 10 1 * ? *)' }, NOW, WHERE);
    expect(lifetime).toBeGreaterThan(60 * DAY);
  });

  it('refuses a schedule it cannot read, naming ScheduleExpression', () => {
    expect(() => tokenLifetimeMs(undefined, { ScheduleExpression: 'whenever' }, NOW, WHERE)).toThrow(/ScheduleExpression/);
    expect(() => tokenLifetimeMs(undefined, { ScheduleExpression: 'cron(0 10 * *)' }, NOW, WHERE)).toThrow(/ScheduleExpression/);
  });

  it('is never shorter than any gap between consecutive fire times (property, daily-to-monthly crons)', () => {
    const cronArb = fc.record({
      hour: fc.integer({ min: 0, max: 23 }),
      days: fc.uniqueArray(fc.integer({ min: 1, max: 28 }), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(cronArb, ({ hour, days }) => {
        const sorted = [...days].sort((a, b) => a - b);
        const interval = rotationInterval({ ScheduleExpression: `cron(0 ${hour} ${sorted.join(',')} * ? *)` }, NOW);
        // Largest gap between listed days within a month, and across months (the last day to the first of the next,
        // in a 31-day month): the interval must cover both, plus the day window.
        const within = Math.max(0, ...sorted.slice(1).map((d, i) => d - sorted[i]!));
        const across = 31 - sorted.at(-1)! + sorted[0]!;
        expect(interval.ms).toBe(Math.max(within, across) * DAY + DAY);
      }),
      { numRuns: 50 },
    );
  });
});

describe('the token lifetime', () => {
  it('defaults to two intervals plus a day', () => {
    expect(tokenLifetimeMs(undefined, { AutomaticallyAfterDays: 7 }, NOW, WHERE)).toBe(2 * 8 * DAY + DAY);
    expect(defaultTokenLifetimeMs({ ms: 13 * HOUR, source: '' })).toBe(50 * HOUR);
  });

  it('takes a configured lifetime that outlives the interval plus the margin', () => {
    expect(tokenLifetimeMs(20 * DAY, { AutomaticallyAfterDays: 7 }, NOW, WHERE)).toBe(20 * DAY);
  });

  it('refuses a configured lifetime that does not outlive the interval plus the margin, naming tokenLifetime', () => {
    const rules = { ScheduleExpression: 'cron(0 10 1 * ? *)' };
    const minimum = rotationInterval(rules, NOW).ms + lifetimeMarginMs(rotationInterval(rules, NOW));
    for (const configured of [3 * 60_000, 30 * DAY, minimum]) {
      let error: unknown;
      try {
        tokenLifetimeMs(configured, rules, NOW, WHERE);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SecretValueError);
      expect((error as SecretValueError).field).toBe('tokenLifetime');
      expect((error as Error).message).toMatch(/tokenLifetime: must outlive the longest time between two rotations/);
    }
    expect(tokenLifetimeMs(minimum + 1, rules, NOW, WHERE)).toBe(minimum + 1);
  });
});
