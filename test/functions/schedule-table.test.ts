// One table of schedules for the service's rules (shared/rotated-secret/schedule.ts) and the rotator's interval
// (shared/rotated-secret/lifetime.ts): whatever the rules accept, the rotator must measure without throwing, and the
// measurement (shared/rotated-secret/schedule-gap.ts) is the one the CLI and the Secrets Manager stand-in use too.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mintLifetime } from '../../functions/rotation/steps/create-secret/lifetime.js';
import {
  checkRotationRules,
  checkScheduleExpression,
  fireTimes,
  rotationInterval as measure,
  rotationIntervalMs,
} from '../../shared/rotated-secret/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-12-01T08:00:00Z');
const WHERE = 'Secret arn:aws:secretsmanager:us-east-1:123456789012:secret:s (AWSCURRENT)';
const tokenLifetimeMs = (...args: Parameters<typeof mintLifetime>) => mintLifetime(...args).ms;
/** The interval with the window, for schedules the rotator can read. */
const rotationInterval = (...args: Parameters<typeof measure>) => {
  const measured = measure(...args);
  if (!measured.ok) throw new Error(measured.problem);
  return measured.value;
};

/** [expression, largest gap between rotations (window not included)]. */
const ACCEPTED: readonly (readonly [string, number])[] = [
  ['rate(4 hours)', 4 * HOUR],
  ['rate(90 days)', 90 * DAY],
  ['cron(0 0/6 * * ? *)', 6 * HOUR],
  ['cron(0 2/8 * * ? *)', 8 * HOUR], // 2, 10, 18, then 2 the next day
  ['cron(0 */4 * * ? *)', 4 * HOUR],
  ['cron(0 8 1/2 * ? *)', 2 * DAY], // 31 Dec → 1 Jan is one day; the largest is two
  ['cron(0 8 1 1/3 ? *)', 92 * DAY],
  ['cron(0 8 1 JAN/6 ? *)', 184 * DAY],
  ['cron(0 8 ? * 2/2 *)', 3 * DAY], // MON, WED, FRI: Friday → Monday
  ['cron(0 8 ? * MON/2 *)', 3 * DAY],
  ['cron(0 8 ? * MON-FRI *)', 3 * DAY],
  ['cron(0 8 ? * L *)', 7 * DAY],
  ['cron(0 8 ? * 6#3 *)', 35 * DAY],
  ['cron(0 8 LW * ? *)', 33 * DAY], // Friday 26 February → Wednesday 31 March
  ['cron(0 10 1 * ? *)', 31 * DAY],
  ['cron(0 8 29 2 ? *)', 1461 * DAY],
];

describe('one table: accepted by the service rules ⇒ measured by the rotator', () => {
  it.each(ACCEPTED)('%s', (expression, gap) => {
    const rules = { ScheduleExpression: expression };
    expect(checkRotationRules(rules)).toBeUndefined();
    expect(() => tokenLifetimeMs(undefined, rules, NOW, WHERE)).not.toThrow();
    const window = rotationInterval(rules, NOW).ms - gap;
    expect(window === HOUR || window === DAY).toBe(true);
    expect(rotationIntervalMs(rules, NOW)).toBe(gap);
  });

  it('honours Duration as the window', () => {
    const rules = { ScheduleExpression: 'cron(0 8 1 * ? *)', Duration: '3h' };
    expect(checkRotationRules(rules)).toBeUndefined();
    expect(rotationInterval(rules, NOW).ms).toBe(31 * DAY + 3 * HOUR);
  });

  it('counts AWS day-of-week 1-7 as SUN-SAT (2 is Monday, 7 and L Saturday)', () => {
    const weekday = (expression: string) => fireTimes(expression, NOW, 3).map((d) => d.getUTCDay());
    expect(weekday('0 8 ? * 2 *')).toEqual([1, 1, 1]);
    expect(weekday('0 8 ? * 1 *')).toEqual([0, 0, 0]);
    expect(weekday('0 8 ? * 7 *')).toEqual([6, 6, 6]);
    expect(weekday('0 8 ? * L *')).toEqual([6, 6, 6]);
    expect(weekday('0 8 ? * MON *')).toEqual([1, 1, 1]);
    expect(weekday('0 8 ? * 6L *')).toEqual([5, 5, 5]); // last Friday
    expect(weekday('0 8 ? * 2#1 *')).toEqual([1, 1, 1]);
    expect(fireTimes('0 8 ? * 2#1 *', NOW, 1)[0]?.getUTCDate()).toBeLessThanOrEqual(7);
  });

  it('property: AWS day-of-week lists, ranges and steps fire on exactly the days AWS means (JS day = AWS day - 1)', () => {
    const dow = fc.oneof(
      fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }).map((days) => ({ text: days.join(','), days })),
      fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 })).map(([start, by]) => {
        const days: number[] = [];
        for (let d = start; d <= 7; d += by) days.push(d);
        return { text: `${start}/${by}`, days };
      }),
      fc.integer({ min: 1, max: 7 }).map((by) => {
        const days: number[] = [];
        for (let d = 1; d <= 7; d += by) days.push(d);
        return { text: `*/${by}`, days };
      }),
    );
    fc.assert(
      fc.property(dow, ({ text, days }) => {
        const fired = new Set(fireTimes(`0 8 ? * ${text} *`, NOW, 21).map((d) => d.getUTCDay()));
        expect([...fired].sort()).toEqual(days.map((d) => d - 1).sort());
      }),
      { numRuns: 60 },
    );
  });

  it('a schedule firing less than once a year is measured past its first fire (29 February: four years)', () => {
    const interval = rotationInterval({ ScheduleExpression: 'cron(0 8 29 2 ? *)' }, NOW);
    expect(interval.ms).toBe(1461 * DAY + DAY);
  });

  it('property: every generated cron the rules accept is measured, and never below a gap between its fire times', () => {
    const value = (min: number, max: number) => fc.integer({ min, max }).map(String);
    const step = (min: number, max: number) =>
      fc.oneof(
        value(min, max),
        fc.tuple(value(min, max), fc.integer({ min: 1, max: max - min + 1 })).map(([n, s]) => `${n}/${s}`),
        fc.integer({ min: 1, max: max - min + 1 }).map((s) => `*/${s}`),
        fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
      );
    const days = fc.oneof(
      fc.tuple(step(1, 31), fc.constant('?')),
      fc.tuple(fc.constantFrom('L', 'LW', '15W'), fc.constant('?')),
      fc.tuple(fc.constant('?'), fc.oneof(step(1, 7), fc.constantFrom('MON-FRI', 'L', '6L', 'SUN#2', '2#5'))),
    );
    const cron = fc
      .tuple(step(0, 23), days, fc.oneof(fc.constant('*'), step(1, 12)))
      .map(([hours, [dom, dow], month]) => `cron(0 ${hours} ${dom} ${month} ${dow} *)`);
    fc.assert(
      fc.property(cron, (expression) => {
        const rules = { ScheduleExpression: expression };
        fc.pre(checkRotationRules(rules) === undefined);
        const gap = rotationIntervalMs(rules, NOW);
        const fires = fireTimes(expression.slice(5, -1), NOW, 12);
        if (fires.length === 0) return;
        expect(() => rotationInterval(rules, NOW)).not.toThrow();
        expect(gap).toBeDefined();
        // Every gap that starts within the coming year (the walk covers at least that).
        for (let i = 1; i < fires.length && fires[i - 1]!.getTime() <= NOW.getTime() + 365 * DAY; i += 1) {
          expect(gap!).toBeGreaterThanOrEqual(fires[i]!.getTime() - fires[i - 1]!.getTime());
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the rules refuse what the rotator cannot read', () => {
    expect(checkScheduleExpression('cron(0 8 32 * ? *)').ok).toBe(false);
    expect(checkScheduleExpression('cron(0 8 ? * FUNDAY *)').ok).toBe(false);
  });
});
