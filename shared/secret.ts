import { inspect } from 'node:util';
import { registerSecretValue } from './redaction/redact.js';

const REDACTED = '[REDACTED]';

/**
 * A secret value that refuses to print. `String(s)`, template literals, `JSON.stringify` and `util.inspect` all give
 * `[REDACTED]`; only `reveal()` returns the value, so every place that uses the raw value is greppable.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    if (typeof value !== 'string' || value.length === 0) {
      throw new TypeError('Secret: value must be a non-empty string');
    }
    this.#value = value;
    // Whatever its length: a Secret is known to be one (a short session id is as secret as a long one), and a short
    // value is blanked only where it stands as a whole token, so nothing ordinary is mangled.
    registerSecretValue(value, { anyLength: true });
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }

  get [Symbol.toStringTag](): string {
    return 'Secret';
  }
}

export function isSecret(value: unknown): value is Secret {
  return value instanceof Secret;
}
