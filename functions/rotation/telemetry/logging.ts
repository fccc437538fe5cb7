// Logging for the rotator. Every attribute goes through the shared redaction helper before it reaches a log line, and
// errors are flattened to safe fields (never the raw object, whose cause chain could hold anything).

import type { Logger } from '@aws-lambda-powertools/logger';
import { VaultApiError, VaultError, VaultTransportError } from '../../../shared/errors.js';
import { scrub } from '../secret-values.js';
import type { VaultLogger } from '../../../shared/types.js';

export interface RotationLogger extends VaultLogger {
  error(message: string, attributes?: Record<string, unknown>): void;
  /** Keys added to every later line of this invocation (step, secret ARN, version id). */
  appendKeys(keys: Record<string, string>): void;
}

/** Powertools' JSON replacer hook: a last line of defence for any string that reaches serialisation. */
export function redactingJsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? scrub(value) : value;
}

export function rotationLoggerFrom(logger: Logger): RotationLogger {
  const attrs = (attributes?: Record<string, unknown>) => scrubAttributes(attributes ?? {}) as Record<string, never>;
  return {
    debug: (message, attributes) => logger.debug(scrub(message), attrs(attributes)),
    info: (message, attributes) => logger.info(scrub(message), attrs(attributes)),
    warn: (message, attributes) => logger.warn(scrub(message), attrs(attributes)),
    error: (message, attributes) => logger.error(scrub(message), attrs(attributes)),
    appendKeys: (keys) => logger.appendKeys(keys),
  };
}

/**
 * The logger handed to the Vault client. The client logs every request, with Vault's execution id, at debug; a
 * rotation is rare and those ids are what Veeva support asks for, so they are kept at info.
 */
export function vaultClientLogger(logger: RotationLogger): VaultLogger {
  return {
    debug: (message, attributes) => logger.info(message, attributes),
    info: (message, attributes) => logger.info(message, attributes),
    warn: (message, attributes) => logger.warn(message, attributes),
  };
}

/** Safe, flat description of an error for a log line. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { errorMessage: scrub(String(error)) };
  const out: Record<string, unknown> = { errorName: error.name, errorMessage: scrub(error.message) };
  if (error instanceof VaultError) {
    out.vaultOperation = error.operation;
    out.retryable = error.retryable;
  }
  if (error instanceof VaultApiError) {
    out.vaultErrorType = error.type;
    out.vaultExecutionId = error.executionId;
  }
  if (error instanceof VaultTransportError) {
    out.transportReason = error.reason;
    out.vaultExecutionId = error.executionId;
  }
  const metadata = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
  if (metadata) {
    out.awsHttpStatus = metadata.httpStatusCode;
    out.awsRequestId = metadata.requestId;
  }
  return out;
}

/** Scrubs every string inside a log attribute bag (plain objects and arrays); errors become their name and message. */
export function scrubAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) out[key] = scrubValue(value, 0);
  return out;
}

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 5) return '[…]';
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  if (value instanceof Error) return scrub(`${value.name}: ${value.message}`);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = scrubValue(item, depth + 1);
    return out;
  }
  return value;
}
