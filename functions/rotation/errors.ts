// Errors the rotator itself raises. Messages are for the person on call and pass through redaction. Names are string
// literals, not constructor.name: the deployed bundle is minified (sam build's esbuild has no keep-names), and Lambda's
// errorType and the log's errorName must still read RotationError / SecretValueError.

import type { ParsedSecretValue, SecretValueParse } from '../../shared/rotated-secret/index.js';
import { redact } from '../../shared/redaction/redact.js';

/** A rotation cannot proceed; the message says why and what to do. */
export class RotationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options?.cause === undefined ? undefined : { cause: options.cause });
  }

  override get name(): string {
    return 'RotationError';
  }
}

/** A secret's value breaks the JSON contract. Names the field and what is expected, never the value. */
export class SecretValueError extends RotationError {
  readonly field: string;

  constructor(where: string, field: string, expectation: string) {
    super(`${where}: ${field}: ${expectation}`);
    this.field = field;
  }

  override get name(): string {
    return 'SecretValueError';
  }
}

/** The parsed value; a value the contract refuses is a SecretValueError naming `where` and the field. */
export function acceptedSecretValue(parsed: SecretValueParse, where: string): ParsedSecretValue {
  if (!parsed.ok) throw new SecretValueError(where, parsed.field, parsed.expectation);
  return parsed.value;
}
