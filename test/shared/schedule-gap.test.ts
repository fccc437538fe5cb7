// The cron interval is cheap (issue 18): a schedule's largest gap depends only on its expression, and the walk goes
// from firing day to firing day (every firing day fires at the same times of day), or not at all for a pattern that
// fires every day. It must give exactly what the walk over every fire time gives.

import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  cronerPattern,
  firingTimesOfDay,
  largestCronGapMs,
  parseAwsCron,
  scheduleGap,
} from '../../shared/rotated-secret/schedule-gap.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = new Date('2026-12-07T12:34:56Z');

/** The job, its times of day, and a counter of croner steps. */
function prepared(body: string) {
  const job = parseAwsCron(body);
  if (job === undefined) throw new Error(`unreadable: ${body}`);
  const steps = vi.spyOn(job, 'nextRun');
  return { job, times: firingTimesOfDay(cronerPattern(body) as string), steps };
}

describe('firingTimesOfDay', () => {
  it('reads the minute and hour fields as AWS writes them (after N/S → N-MAX/S)', () => {
    expect(firingTimesOfDay(cronerPattern('0 */4 * * ? *')!)).toEqual([0, 4, 8, 12, 16, 20].map((h) => h * HOUR));
    expect(firingTimesOfDay(cronerPattern('15,45 2-3 * * ? *')!)).toEqual([
      2 * HOUR + 15 * MINUTE,
      2 * HOUR + 45 * MINUTE,
      3 * HOUR + 15 * MINUTE,
      3 * HOUR + 45 * MINUTE,
    ]);
    expect(firingTimesOfDay(cronerPattern('0 2/8 * * ? *')!)).toEqual([2, 10, 18].map((h) => h * HOUR));
  });

  it('leaves a field it cannot read to the walk over fire times', () => {
    expect(firingTimesOfDay('0 0 L * * ? *')).toBeUndefined();
    expect(firingTimesOfDay('0 0 9-3 * * ? *')).toBeUndefined();
    expect(firingTimesOfDay('0 0 24 * * ? *')).toBeUndefined();
  });
});

describe('largestCronGapMs', () => {
  it('measures a pattern that fires every day without walking (cron(0 */4 * * ? *): one croner step)', () => {
    const { job, times, steps } = prepared('0 */4 * * ? *');
    expect(largestCronGapMs(job, NOW, times)).toBe(4 * HOUR);
    expect(steps).toHaveBeenCalledTimes(1);
  });

  it('walks a weekly pattern one firing day at a time (about 260 steps a year, not one per fire time)', () => {
    const { job, times, steps } = prepared('0/30 8-17 ? * MON-FRI *');
    expect(largestCronGapMs(job, NOW, times)).toBe(2 * DAY + 14 * HOUR + 30 * MINUTE); // Friday 17:30 → Monday 8:00
    expect(steps.mock.calls.length).toBeLessThan(270);
  });

  it.each([
    '0 */4 * * ? *',
    '0 2/8 * * ? *',
    '10,40 */6 * * ? *',
    '0 8 1/2 * ? *',
    '0 8 1 1/3 ? *',
    '30 1,13 ? * MON-FRI *',
    '0 8 ? * 6#3 *',
    '0 8 LW * ? *',
    '0 23 L * ? *',
    '0 8 29 2 ? *',
    '0 0 1 1 ? 2027-2029',
  ])('gives what the walk over every fire time gives: cron(%s)', (body) => {
    const { job, times } = prepared(body);
    expect(times).toBeDefined();
    expect(largestCronGapMs(job, NOW, times)).toBe(largestCronGapMs(job, NOW));
  });

  it('property: the day walk equals the fire-time walk for generated hours, minutes and days, from any now', () => {
    const value = (min: number, max: number) => fc.integer({ min, max }).map(String);
    const step = (min: number, max: number) =>
      fc.oneof(
        value(min, max),
        fc.tuple(value(min, max), fc.integer({ min: 1, max: max - min + 1 })).map(([n, s]) => `${n}/${s}`),
        fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
      );
    // Sparse enough that the fire-time walk covers its year within its step bound.
    const minutes = fc.oneof(value(0, 59), fc.tuple(value(0, 59), value(0, 59)).map(([a, b]) => `${a},${b}`));
    const days = fc.oneof(
      fc.constant(['*', '?']),
      fc.tuple(step(1, 31), fc.constant('?')),
      fc.tuple(fc.constant('?'), fc.oneof(step(1, 7), fc.constantFrom('MON-FRI', 'L', 'SUN#2'))),
    );
    const now = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(minutes, step(0, 23), days, now, (minute, hour, [dom, dow], from) => {
        const body = `${minute} ${hour} ${dom} * ${dow} *`;
        const job = parseAwsCron(body);
        fc.pre(job !== undefined);
        const times = firingTimesOfDay(cronerPattern(body) as string);
        expect(times).toBeDefined();
        expect(largestCronGapMs(job!, from, times)).toBe(largestCronGapMs(job!, from));
      }),
      { numRuns: 25 },
    );
  });
});

describe('scheduleGap', () => {
  it('gives a 4-hourly cron the same answer as rate(4 hours)', () => {
    expect(scheduleGap('cron(0 */4 * * ? *)', NOW)).toEqual(scheduleGap('rate(4 hours)', NOW));
  });
});
