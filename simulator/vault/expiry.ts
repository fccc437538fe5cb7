// `expiry_date__v` as Vault documents it: `YYYY-MM-DDTHH:MM:SSZ` (UTC), or a bare `YYYY-MM-DD` meaning 23:59:59 in
// the user's timezone. Every simulated user lives in one fixed zone, so a client that sends a bare date gets a
// visibly different instant than it might expect (America/Denver is UTC-7 in winter, UTC-6 in summer).
import { VaultFailure } from './envelopes.js';

export const USER_TIMEZONE = 'America/Denver';

const FULL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant (ms since epoch) an `expiry_date__v` value names; INVALID_DATA when it is not one of the two forms. */
export function parseExpiryDate(value: string): number {
  const full = FULL.exec(value);
  if (full) {
    const [year, month, day, hour, minute, second] = full.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (isRealDateTime(year, month, day, hour, minute, second)) {
      return Date.UTC(year, month - 1, day, hour, minute, second);
    }
  }
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) {
    const [year, month, day] = dateOnly.slice(1).map(Number) as [number, number, number];
    if (isRealDateTime(year, month, day, 23, 59, 59)) {
      return zonedTimeToUtc(year, month, day, 23, 59, 59, USER_TIMEZONE);
    }
  }
  throw new VaultFailure(
    'INVALID_DATA',
    `Invalid value for [expiry_date__v]: expected YYYY-MM-DDTHH:MM:SSZ (UTC) or YYYY-MM-DD, got [${value}]`,
  );
}

function isRealDateTime(year: number, month: number, day: number, hour: number, minute: number, second: number) {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  return (
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === month - 1 &&
    d.getUTCDate() === day &&
    d.getUTCHours() === hour &&
    d.getUTCMinutes() === minute &&
    d.getUTCSeconds() === second
  );
}

/** The UTC instant at which the wall clock in `timeZone` shows the given local time. */
export function zonedTimeToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  timeZone: string,
): number {
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const firstGuess = asIfUtc - zoneOffsetMs(asIfUtc, timeZone);
  // Near a DST change the offset at the first guess can differ from the offset at the answer; one correction settles it.
  return asIfUtc - zoneOffsetMs(firstGuess, timeZone);
}

/** local wall time minus UTC, in ms, at instant `ms`. */
function zoneOffsetMs(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const localAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return localAsUtc - (ms - (ms % 1000));
}
