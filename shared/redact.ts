// The one redaction helper. Everything that turns client state into text (error messages, log attributes) passes
// through here, so a secret that slipped into a Vault error message or a cause is still blanked.

const REDACTED = '[REDACTED]';

/** Vault token values always start with this prefix; anything shaped like one is blanked even if never registered. */
const TOKEN_PATTERN = /veeva-vault-[A-Za-z0-9._~+/=-]+/g;

/** Values this process has seen as secrets (passwords, session ids, tokens). Held only to blank them. */
const known = new Set<string>();

/** Register a secret value so redact() blanks it wherever it appears. Short values are ignored (they over-match). */
export function registerSecretValue(value: string): void {
  if (value.length >= 8) known.add(value);
}

export function redact(text: string): string {
  let out = text.replace(TOKEN_PATTERN, REDACTED);
  for (const value of known) {
    if (out.includes(value)) out = out.split(value).join(REDACTED);
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
