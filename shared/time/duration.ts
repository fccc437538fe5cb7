// One duration syntax for the action and the rotator: short forms (`15m`, `1h`, `30d`, `2w`) through `ms`, and
// ISO-8601 (`PT15M`, `P30D`) through tinyduration. `ms` alone would accept a bare number as milliseconds, which is
// never what a person writing "30" in a config means, so the shape is checked first.

import ms from 'ms';
import { parse as parseIso } from 'tinyduration';
import { VaultConfigError } from '../errors.js';

const SHORT_FORM = /^(\d+(?:\.\d+)?) ?(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)$/i;
const EXPECTED = 'expected a positive duration like 15m, 1h, 30d, 2w or ISO-8601 like PT15M, P30D';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
export const HOUR_MS = 60 * MINUTE;
export const DAY_MS = 24 * HOUR_MS;
const WEEK = 7 * DAY_MS;

/** Milliseconds for a duration text; throws VaultConfigError naming `field` for anything else. */
export function parseDuration(text: unknown, field = 'duration'): number {
  if (typeof text !== 'string') throw new VaultConfigError(field, `${EXPECTED}, got ${typeof text}`);
  const trimmed = text.trim();
  const result = /^p/i.test(trimmed) ? parseIsoDuration(trimmed, field) : parseShortForm(trimmed, field);
  if (!Number.isSafeInteger(result) || result <= 0) {
    throw new VaultConfigError(field, `${EXPECTED}, got "${text}"`);
  }
  return result;
}

function parseShortForm(text: string, field: string): number {
  if (!SHORT_FORM.test(text)) throw new VaultConfigError(field, `${EXPECTED}, got "${text}"`);
  return Math.round(ms(text as ms.StringValue));
}

function parseIsoDuration(text: string, field: string): number {
  let duration: ReturnType<typeof parseIso>;
  try {
    duration = parseIso(text.toUpperCase());
  } catch {
    throw new VaultConfigError(field, `${EXPECTED}, got "${text}"`);
  }
  if (duration.negative) throw new VaultConfigError(field, `must be positive, got "${text}"`);
  if (duration.years || duration.months) {
    // Months and years have no fixed length; a token lifetime must be exact.
    throw new VaultConfigError(field, `years and months are ambiguous; use days or weeks (e.g. P30D), got "${text}"`);
  }
  return Math.round(
    (duration.weeks ?? 0) * WEEK +
      (duration.days ?? 0) * DAY_MS +
      (duration.hours ?? 0) * HOUR_MS +
      (duration.minutes ?? 0) * MINUTE +
      (duration.seconds ?? 0) * SECOND,
  );
}
