// Vault's expiry_date__v format. A bare date would mean 23:59:59 in the *user's* time zone, so we always send a full
// UTC timestamp, truncated to whole seconds (never rounded up past a security-profile maximum).

import { VaultConfigError } from '../errors.js';

const VAULT_EXPIRY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** `YYYY-MM-DDTHH:MM:SSZ` in UTC. */
export function formatVaultExpiry(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new VaultConfigError('expiresAt', 'expected a valid Date');
  }
  const formatted = `${date.toISOString().slice(0, 19)}Z`;
  if (!VAULT_EXPIRY.test(formatted)) {
    throw new VaultConfigError('expiresAt', `year must be between 0000 and 9999, got ${date.toISOString()}`);
  }
  return formatted;
}

/** `from + durationMs`, truncated to whole seconds: the Date whose formatVaultExpiry is what Vault will store. */
export function expiryAfter(durationMs: number, from: Date = new Date()): Date {
  if (!Number.isSafeInteger(durationMs) || durationMs <= 0) {
    throw new VaultConfigError('duration', `expected a positive whole number of milliseconds, got ${durationMs}`);
  }
  const end = from.getTime() + durationMs;
  return new Date(end - (((end % 1000) + 1000) % 1000));
}
