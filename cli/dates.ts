// One date format in everything the command prints, tables and --json alike: ISO 8601 UTC to the second,
// `2026-12-07T12:00:55Z`, the form Vault uses for expiry dates. (toISOString's `.000Z` and epoch milliseconds
// appeared side by side before.)

/** ISO 8601 to the second; a string that is not a date is returned as it is, undefined stays undefined. */
export function isoDate(value: number | Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) return typeof value === 'string' ? value : undefined;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A copy of `record` with each `…At` field (a date by this project's naming) as isoDate() prints it. */
export function withIsoDates<T extends object>(record: T): T {
  const copy = { ...record } as Record<string, unknown>;
  for (const [key, value] of Object.entries(copy)) {
    if (key.endsWith('At') && (typeof value === 'string' || typeof value === 'number')) copy[key] = isoDate(value);
  }
  return copy as T;
}
