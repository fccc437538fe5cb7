// Reading fields out of Vault's JSON without trusting its shape. Ids come back as numbers in some answers and strings
// in others; picklists as a string or a one-element array.

import { type VaultOperation, VaultTransportError } from '../errors.js';
import { operationLabel } from '../http/failure-message.js';

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A string or number as a string; the first element of an array; otherwise undefined. */
export function asIdString(value: unknown): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  if (typeof single === 'string' && single.length > 0) return single;
  if (typeof single === 'number' && Number.isFinite(single)) return String(single);
  return undefined;
}

export function asOptionalString(value: unknown): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return typeof single === 'string' && single.length > 0 ? single : undefined;
}

/** Vault said SUCCESS but the answer lacks what the documented shape promises. */
export function malformedAnswer(
  operation: VaultOperation,
  what: string,
  executionId: string | undefined,
): VaultTransportError {
  return new VaultTransportError({
    operation,
    reason: 'not-json',
    executionId,
    message: `${operationLabel(operation)} failed: Vault's answer lacks ${what}${executionId ? ` (Vault execution id ${executionId})` : ''}.`,
  });
}
