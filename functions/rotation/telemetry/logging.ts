// Logging for the rotator. Every message and attribute goes through the shared redaction store before it reaches a log line, and
// errors are flattened to safe fields (never the raw object, whose cause chain could hold anything).

import type { Logger } from '@aws-lambda-powertools/logger';
import { VaultApiError, VaultError, VaultTransportError } from '../../../shared/errors.js';
import { redact, redactAttributes } from '../../../shared/redaction/redact.js';
import type { VaultLogger } from '../../../shared/types.js';

export interface RotationLogger extends VaultLogger {
  error(message: string, attributes?: Record<string, unknown>): void;
  /** Keys added to every later line of this invocation (step, secret ARN, version id). */
  appendKeys(keys: Record<string, string>): void;
}

/** Powertools' JSON replacer hook: a last line of defence for any string that reaches serialisation. */
export function redactingJsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? redact(value) : value;
}

export function rotationLoggerFrom(logger: Logger): RotationLogger {
  const attrs = (attributes?: Record<string, unknown>) => redactAttributes(attributes ?? {}) as Record<string, never>;
  return {
    debug: (message, attributes) => logger.debug(redact(message), attrs(attributes)),
    info: (message, attributes) => logger.info(redact(message), attrs(attributes)),
    warn: (message, attributes) => logger.warn(redact(message), attrs(attributes)),
    error: (message, attributes) => logger.error(redact(message), attrs(attributes)),
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
  if (!(error instanceof Error)) return { errorMessage: redact(String(error)) };
  const out: Record<string, unknown> = { errorName: error.name, errorMessage: redact(error.message) };
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
