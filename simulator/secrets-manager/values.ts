// A version's value as the protocol carries it: SecretString, or SecretBinary as base64 text; never both.
import { Secret } from '../../shared/secret.js';
import { invalidParameter } from './errors.js';
import type { StoredValue } from './model.js';

export interface ValueFields {
  readonly SecretString?: string | undefined;
  readonly SecretBinary?: string | undefined;
}

/** Undefined when the request carries no value (allowed for CreateSecret, not for PutSecretValue). */
export function storedValueFrom(fields: ValueFields): StoredValue | undefined {
  const hasString = fields.SecretString !== undefined && fields.SecretString !== '';
  const hasBinary = fields.SecretBinary !== undefined && fields.SecretBinary !== '';
  if (hasString && hasBinary) {
    throw invalidParameter('You must provide either SecretString or SecretBinary, but not both.');
  }
  if (hasString) return { kind: 'string', secret: new Secret(fields.SecretString as string) };
  if (hasBinary) return { kind: 'binary', secret: new Secret(fields.SecretBinary as string) };
  return undefined;
}

export function sameValue(a: StoredValue, b: StoredValue): boolean {
  return a.kind === b.kind && a.secret.reveal() === b.secret.reveal();
}

/** The response members that carry the value: the one place the stand-in reveals a stored secret. */
export function valueResponseFields(value: StoredValue): { SecretString: string } | { SecretBinary: string } {
  return value.kind === 'string' ? { SecretString: value.secret.reveal() } : { SecretBinary: value.secret.reveal() };
}
