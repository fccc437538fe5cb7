// Vault record ids that the client splices into a URL path or a VQL literal. They are checked, not escaped: a value
// that is not an id is a mistake (or an injection), and the caller learns which field before anything is sent.
// Messages never repeat the value: a mis-pasted field may hold something secret.

import { VaultConfigError } from './errors.js';

/**
 * Vault user ids are positive integers (`61603`; JSON numbers in /auth). 18 digits is far above any id Vault hands out
 * and still below 2^63, so `1e21`, `1e+21` or a thousand digits are refused rather than sent. The bound is inferred.
 */
export const MAX_USER_ID_DIGITS = 18;

/**
 * Record ids of api_access_token__sys look like `V8T000000002001` or `0PI00000000C002` (15 letters and digits in every
 * documented example); 40 leaves headroom. Quotes, spaces, slashes and the rest cannot be part of one. Inferred.
 */
export const MAX_RECORD_ID_LENGTH = 40;

const USER_ID = new RegExp(`^[1-9][0-9]{0,${MAX_USER_ID_DIGITS - 1}}$`);
const RECORD_ID = new RegExp(`^[A-Za-z0-9]{1,${MAX_RECORD_ID_LENGTH}}$`);

/** A Vault user id as a string of digits; accepts a string or a safe positive integer. Throws naming `field`. */
export function validateUserId(value: unknown, field: string): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !USER_ID.test(text)) {
    throw new VaultConfigError(
      field,
      `expected a numeric Vault user id such as "61603" (1–${MAX_USER_ID_DIGITS} digits, no sign, exponent or leading zero), got ${describe(value)}`,
    );
  }
  return text;
}

/** An api_access_token__sys record id (letters and digits only); accepts a string or a safe positive integer. */
export function validateTokenId(value: unknown, field: string): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? String(value) : value;
  if (typeof text !== 'string' || !RECORD_ID.test(text)) {
    throw new VaultConfigError(
      field,
      `expected a Vault record id such as "V8T000000002001" (1–${MAX_RECORD_ID_LENGTH} letters and digits), got ${describe(value)}`,
    );
  }
  return text;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `${value.length} characters that are not one`;
  if (typeof value === 'number') return 'a number that is not one';
  return value === null ? 'null' : typeof value;
}
