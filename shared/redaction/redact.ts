// The one redaction helper. Everything that turns client state into text (error messages, log attributes) passes
// through here, so a secret that slipped into a Vault error message or a cause is still blanked.

const REDACTED = '[REDACTED]';

/** Vault token values always start with this prefix; anything shaped like one is blanked even if never registered. */
const TOKEN_PATTERN = /veeva-vault-[A-Za-z0-9._~+/=-]+/g;

/** Values this process has seen as secrets (passwords, session ids, tokens). Held only to blank them. */
const known = new Set<string>();
/** Values shorter than LONG registered with anyLength, each as a whole-token pattern. */
const short = new Map<string, RegExp>();
const LONG = 8;

/**
 * Register a secret value so redact() blanks it. A value of 8 characters or more is blanked wherever it appears.
 * A shorter one is ignored unless `anyLength` says it is known to be a secret (a password the user typed, which
 * Vault may echo back): it is then blanked only where it stands as a whole token, not next to a letter or digit, so
 * a 1-character password blanks that character where it stands alone but not inside every word.
 */
export function registerSecretValue(value: string, options: { readonly anyLength?: boolean } = {}): void {
  if (value.length >= LONG) known.add(value);
  else if (value.length > 0 && options.anyLength === true && !short.has(value)) {
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    short.set(value, new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g'));
  }
}

export function redact(text: string): string {
  let out = text.replace(TOKEN_PATTERN, REDACTED);
  for (const value of known) {
    if (out.includes(value)) out = out.split(value).join(REDACTED);
  }
  for (const [value, pattern] of short) {
    if (out.includes(value)) out = out.replace(pattern, REDACTED);
  }
  return out;
}

/** Redacts every string inside a log attribute bag (shallow objects and arrays), leaving other values as they are. */
export function redactAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) out[key] = redactValue(value);
  return out;
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value instanceof Error) return redact(`${value.name}: ${value.message}`);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return redactAttributes(value as Record<string, unknown>);
  }
  return value;
}
