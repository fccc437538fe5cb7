import fc from 'fast-check';
import { serialize } from 'tinyduration';
import { describe, expect, it } from 'vitest';
import { expiryAfter, formatVaultExpiry, parseDuration, VaultConfigError } from '../../shared/index.js';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const units = fc.constantFrom(...(Object.keys(UNIT_MS) as (keyof typeof UNIT_MS)[]));

describe('parseDuration', () => {
  it.each([
    ['15m', 15 * 60_000],
    ['1h', 3_600_000],
    ['30d', 30 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['90s', 90_000],
    ['1.5h', 5_400_000],
    ['2 days', 2 * 86_400_000],
    ['PT15M', 15 * 60_000],
    ['pt15m', 15 * 60_000],
    ['P30D', 30 * 86_400_000],
    ['P2W', 14 * 86_400_000],
    ['P1DT12H', 36 * 3_600_000],
    ['PT0.5S', 500],
  ])('%j → %d ms', (text, expected) => {
    expect(parseDuration(text, 'tokenLifetime')).toBe(expected);
  });

  it.each([
    ['30', /expected a positive duration/],
    ['0', /expected a positive duration/],
    ['0m', /expected a positive duration/],
    ['-5m', /expected a positive duration/],
    ['PT0S', /expected a positive duration/],
    ['-P1D', /expected a positive duration/],
    ['P1M', /years and months are ambiguous/],
    ['P1Y', /years and months are ambiguous/],
    ['P', /expected a positive duration/],
    ['soon', /expected a positive duration/],
    ['15 m x', /expected a positive duration/],
    ['1h30m', /expected a positive duration/],
    ['', /expected a positive duration/],
    ['5y', /expected a positive duration/],
  ])('refuses %j', (text, message) => {
    let error: unknown;
    try {
      parseDuration(text, 'tokenLifetime');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(VaultConfigError);
    expect((error as VaultConfigError).field).toBe('tokenLifetime');
    expect((error as Error).message).toMatch(message);
  });

  it('refuses non-strings, naming the field', () => {
    expect(() => parseDuration(30, 'lifetime')).toThrow(/^lifetime: .*got number/);
  });

  it('property: <n><unit> is n times the unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), units, (n, unit) => {
        expect(parseDuration(`${n}${unit}`, 'd')).toBe(n * UNIT_MS[unit]);
      }),
    );
  });

  it('property: ISO-8601 durations from tinyduration round-trip to the same milliseconds', () => {
    const part = fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined });
    fc.assert(
      fc.property(fc.record({ weeks: part, days: part, hours: part, minutes: part, seconds: part }), (duration) => {
        const expected =
          (duration.weeks ?? 0) * UNIT_MS.w +
          (duration.days ?? 0) * UNIT_MS.d +
          (duration.hours ?? 0) * UNIT_MS.h +
          (duration.minutes ?? 0) * UNIT_MS.m +
          (duration.seconds ?? 0) * UNIT_MS.s;
        const text = serialize(duration);
        if (expected === 0) {
          expect(() => parseDuration(text, 'd')).toThrow(VaultConfigError);
        } else {
          expect(parseDuration(text, 'd')).toBe(expected);
        }
      }),
    );
  });

  it('property: bare numbers and negative values are always refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), units, (n, unit) => {
        expect(() => parseDuration(String(n), 'd')).toThrow(VaultConfigError);
        if (n <= 0) expect(() => parseDuration(`${n}${unit}`, 'd')).toThrow(VaultConfigError);
      }),
    );
  });

  it('property: arbitrary text either parses to a positive whole number of ms or throws VaultConfigError', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          const ms = parseDuration(text, 'd');
          expect(Number.isSafeInteger(ms) && ms > 0).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(VaultConfigError);
        }
      }),
    );
  });
});

describe('formatVaultExpiry', () => {
  it('formats in UTC with whole seconds and a Z', () => {
    expect(formatVaultExpiry(new Date('2027-02-18T12:00:00.999Z'))).toBe('2027-02-18T12:00:00Z');
    expect(formatVaultExpiry(new Date('2027-02-18T23:30:00+05:00'))).toBe('2027-02-18T18:30:00Z');
  });

  it('refuses invalid dates and years outside 0000–9999', () => {
    expect(() => formatVaultExpiry(new Date('nope'))).toThrow(/^expiresAt: expected a valid Date/);
    expect(() => formatVaultExpiry('2027-01-01' as unknown as Date)).toThrow(/expiresAt/);
    expect(() => formatVaultExpiry(new Date(Date.UTC(10000, 0, 1)))).toThrow(/year must be between/);
  });

  const dates = fc.date({
    min: new Date('1970-01-01T00:00:00Z'),
    max: new Date('9999-12-31T23:59:59Z'),
    noInvalidDate: true,
  });

  it('property: always YYYY-MM-DDTHH:MM:SSZ, never a bare date, and never later than the input', () => {
    fc.assert(
      fc.property(dates, (date) => {
        const text = formatVaultExpiry(date);
        expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        const parsed = new Date(text).getTime();
        expect(parsed).toBeLessThanOrEqual(date.getTime());
        expect(date.getTime() - parsed).toBeLessThan(1000);
        expect(parsed % 1000).toBe(0);
      }),
    );
  });

  it('property: expiryAfter is whole seconds, at most the duration away and less than a second short', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 400 * UNIT_MS.d }),
        (from, duration) => {
          const expiry = expiryAfter(duration, from);
          const delta = expiry.getTime() - from.getTime();
          expect(expiry.getTime() % 1000).toBe(0);
          expect(delta).toBeLessThanOrEqual(duration);
          expect(duration - delta).toBeLessThan(1000);
          expect(new Date(formatVaultExpiry(expiry)).getTime()).toBe(expiry.getTime());
        },
      ),
    );
  });

  it('expiryAfter refuses non-positive durations', () => {
    expect(() => expiryAfter(0)).toThrow(/duration: expected a positive/);
    expect(() => expiryAfter(1.5)).toThrow(VaultConfigError);
  });
});
