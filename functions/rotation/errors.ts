// Errors the rotator itself raises. Messages are for the person on call and pass through redaction.

import { redact } from '../../shared/redact.js';

/** A rotation cannot proceed; the message says why and what to do. */
export class RotationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options?.cause === undefined ? undefined : { cause: options.cause });
  }

  override get name(): string {
    return this.constructor.name;
  }
}

/** A secret's value breaks the JSON contract. Names the field and what is expected, never the value. */
export class SecretValueError extends RotationError {
  readonly field: string;

  constructor(where: string, field: string, expectation: string) {
    super(`${where}: ${field}: ${expectation}`);
    this.field = field;
  }
}
