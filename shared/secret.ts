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
    registerSecretValue(value);
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
