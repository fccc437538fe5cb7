// The one redaction store. Everything that turns state into text (error messages, stacks, log lines and their
// attributes) passes through here, so a secret that a service echoed into a message or a cause is still blanked.
//
// Process-wide rather than per invocation: an invocation abandoned at the Lambda time limit may still log while the
// next one runs, and the CLI and the action are one process anyway.
//
// Bounded, newest kept: a warm container that rotates thousands of secrets must not keep every value it ever held and
// scan for all of them on every line. One rotation holds about a dozen values (RotationToken, the current, pending and
// minted tokens, the credentials secret's password and token, session ids); a container runs one invocation at a
// time, plus at most one abandoned at the time limit. 500 is dozens of rotations' worth of values, far more than any
// message can still echo, and small enough that one compiled pattern per change keeps a log line cheap. A value used
// again moves back to the newest end.

const REDACTED = '[REDACTED]';

/** Vault token values always start with this prefix; anything shaped like one is blanked even if never registered. */
const TOKEN_PATTERN = /veeva-vault-[A-Za-z0-9._~+/=-]+/g;

/** How many registered values are kept (see above). */
export const MAX_REMEMBERED_SECRETS = 500;

/** Values this long are blanked wherever they appear; shorter ones only where they stand as a whole token. */
const LONG = 8;

/** Registered values, oldest first (a Set keeps insertion order). */
const remembered = new Set<string>();
let pattern: RegExp | undefined;

/**
 * Register a secret value so redact() blanks it. A value of 8 characters or more is blanked wherever it appears.
 * A shorter one is ignored unless `anyLength` says it is known to be a secret (a password the user typed, a
 * RotationToken, which a service may echo back): it is then blanked only where it stands as a whole token, not next
 * to a letter or digit — the one rule for short secrets, so a 1-character password blanks that character where it
 * stands alone but never mangles an ordinary word that merely contains it. Matching ignores case.
 */
export function registerSecretValue(value: string | undefined, options: { readonly anyLength?: boolean } = {}): void {
  if (typeof value !== 'string' || value.length === 0) return;
  if (value.length < LONG && options.anyLength !== true) return;
  if (remembered.has(value)) remembered.delete(value);
  else pattern = undefined;
  remembered.add(value);
  if (remembered.size > MAX_REMEMBERED_SECRETS) remembered.delete(remembered.values().next().value as string);
}

function rememberedPattern(): RegExp | undefined {
  if (remembered.size === 0) return undefined;
  pattern ??= new RegExp(
    [...remembered]
      .sort((a, b) => b.length - a.length)
      .map((value) => {
        const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        return value.length >= LONG ? escaped : `(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`;
      })
      .join('|'),
    // Ignoring case: a value can come back case-folded (a host name is lower-cased by URL parsing, so a password
    // pasted into vaultDns by mistake returns in lower case inside the allowlist error).
    'gi',
  );
  return pattern;
}

/**
 * `text` with every token-shaped string and every registered secret value blanked. Token shapes first: a registered
 * value that is part of a token (a short password "vault") must not break the token's shape and leave its tail.
 */
export function redact(text: string): string {
  const out = text.replace(TOKEN_PATTERN, REDACTED);
  const values = rememberedPattern();
  return values === undefined ? out : out.replace(values, REDACTED);
}

/** Redacts every string inside a log attribute bag (plain objects and arrays); errors become their name and message. */
export function redactAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) out[key] = redactValue(value, 0);
  return out;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 5) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Error) return redact(`${value.name}: ${value.message}`);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactValue(item, depth + 1);
    return out;
  }
  return value;
}

/** Blanks secrets in an error's message and stack, down its cause chain, before it leaves the process's hands. */
export function redactError(error: unknown): void {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth += 1) {
    try {
      current.message = redact(current.message);
      if (current.stack !== undefined) current.stack = redact(current.stack);
    } catch {
      // A frozen or exotic error: its text is redacted again wherever it is logged.
    }
    current = current.cause;
  }
}
