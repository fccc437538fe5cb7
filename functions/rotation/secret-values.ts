// Every secret value this process has held (tokens, passwords of any length, RotationToken), so that a log line or an
// error that echoes one — Vault or AWS quoting a value back inside a message — is blanked by value. The shared
// redaction blanks anything shaped like a token and values of 8+ characters; this also covers short passwords.
// Process-wide rather than per invocation: an invocation abandoned at the time limit may still log while the next
// one runs. Bounded: the oldest values go first.

import { redact } from '../../shared/redaction/redact.js';

const REDACTED = '[REDACTED]';
const MAX_VALUES = 500;
const held = new Set<string>();
let pattern: RegExp | undefined;

export function rememberSecret(value: string | undefined): void {
  if (typeof value !== 'string' || value.length === 0) return;
  held.delete(value);
  held.add(value);
  if (held.size > MAX_VALUES) held.delete(held.values().next().value as string);
  pattern = undefined;
}

/** `text` with every held secret value and every token-shaped string blanked, in one pass. */
export function scrub(text: string): string {
  if (held.size > 0) {
    pattern ??= new RegExp(
      [...held]
        .sort((a, b) => b.length - a.length)
        .map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    text = text.replace(pattern, REDACTED);
  }
  return redact(text);
}

/** Blanks held secrets in an error's message and stack, down its cause chain, before it leaves the handler. */
export function scrubError(error: unknown): void {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth += 1) {
    try {
      current.message = scrub(current.message);
      if (current.stack !== undefined) current.stack = scrub(current.stack);
    } catch {
      // A frozen or exotic error: its text is scrubbed again wherever it is logged.
    }
    current = current.cause;
  }
}
