// Bounded exponential backoff with full jitter, for transient failures only. p-retry owns the loop, the attempt
// bound and abort checks; we supply the delay ourselves (inside shouldRetry) because p-retry's own jitter is not
// "full jitter" (random between 0 and the exponential cap), which spreads a fleet of retrying rotations best.

import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';
import {
  VaultAbortedError,
  VaultApiError,
  VaultConfigError,
  VaultError,
  type VaultOperation,
  VaultTransportError,
} from './errors.js';
import type { RetryPolicy, VaultLogger } from './types.js';

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, minDelayMs: 500, maxDelayMs: 8000 };

/** Vault error types worth another try: the request was valid, Vault was busy or briefly unavailable. */
const TRANSIENT_TYPES = new Set([
  'UNEXPECTED_ERROR',
  'RACE_CONDITION',
  'CONFIGURATION_MODE_ENABLED',
  'API_LIMIT_EXCEEDED',
  'OPERATION_IN_PROGRESS',
]);

/**
 * Never retried, named here so nobody adds them by accident: repeating a bad password walks the account into a
 * lockout after five tries, and the others need a person.
 */
export const NEVER_RETRIED_TYPES: ReadonlySet<string> = new Set([
  'USERNAME_OR_PASSWORD_INCORRECT',
  'USER_LOCKED_OUT',
  'PASSWORD_CHANGE_REQUIRED',
  'NO_PASSWORD_PROVIDED',
  'INACTIVE_USER',
  'INVALID_SESSION_ID',
  'INSUFFICIENT_ACCESS',
]);

export function isTransientVaultFailure(responseStatus: string, type: string): boolean {
  if (NEVER_RETRIED_TYPES.has(type)) return false;
  return responseStatus === 'EXCEPTION' || TRANSIENT_TYPES.has(type);
}

/** True for failures a repeat may cure: network trouble, timeouts, 5xx/429, maintenance pages, busy Vault. */
export function isTransientError(error: unknown): boolean {
  if (error instanceof VaultTransportError) {
    if (error.reason !== 'http-status' || error.httpStatus === undefined) return true;
    return error.httpStatus >= 500 || error.httpStatus === 429 || error.httpStatus === 408;
  }
  // A 401 is an invalid credential whatever its envelope says (see isInvalidSession): repeating cannot cure it.
  if (error instanceof VaultApiError) {
    return error.httpStatus !== 401 && isTransientVaultFailure(error.responseStatus, error.type);
  }
  return false;
}

export function resolveRetryPolicy(partial: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...partial };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1 || policy.attempts > 10) {
    throw new VaultConfigError('retry.attempts', `expected a whole number from 1 to 10, got ${policy.attempts}`);
  }
  if (!Number.isFinite(policy.minDelayMs) || policy.minDelayMs < 0) {
    throw new VaultConfigError('retry.minDelayMs', `expected a number ≥ 0, got ${policy.minDelayMs}`);
  }
  if (!Number.isFinite(policy.maxDelayMs) || policy.maxDelayMs < policy.minDelayMs || policy.maxDelayMs > 300_000) {
    throw new VaultConfigError(
      'retry.maxDelayMs',
      `expected a number between minDelayMs (${policy.minDelayMs}) and 300000, got ${policy.maxDelayMs}`,
    );
  }
  return policy;
}

/** Full jitter: uniform in [0, min(max, min·2^retry)). */
export function backoffDelay(retryIndex: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** retryIndex);
  return Math.floor(random() * cap);
}

export interface RetryContext {
  readonly operation: VaultOperation;
  readonly policy: RetryPolicy;
  readonly logger: VaultLogger;
  /** The caller's signal: when it fires, stop at once (no further attempt, no waiting). */
  readonly signal: AbortSignal | undefined;
  /** Which failures to repeat; default isTransientError. */
  readonly shouldRetry?: (error: unknown) => boolean;
}

/** Runs `attempt(n)` (n from 1) until it succeeds, a failure is not retryable, or the policy's attempts run out. */
export async function withRetry<T>(context: RetryContext, attempt: (attemptNumber: number) => Promise<T>): Promise<T> {
  const { operation, policy, logger, signal } = context;
  const shouldRetry = context.shouldRetry ?? isTransientError;
  try {
    return await pRetry(attempt, {
      retries: policy.attempts - 1,
      minTimeout: 0,
      maxTimeout: 0,
      signal,
      shouldRetry: async ({ error, attemptNumber, retriesConsumed }) => {
        if (!shouldRetry(error)) return false;
        const delayMs = backoffDelay(retriesConsumed, policy);
        logger.warn('Vault request failed; retrying', {
          operation,
          attempt: attemptNumber,
          nextAttempt: attemptNumber + 1,
          maxAttempts: policy.attempts,
          reason: describeFailure(error),
          delayMs,
        });
        await sleep(delayMs, undefined, { signal });
        return true;
      },
    });
  } catch (error) {
    if (error instanceof VaultError) throw error;
    if (signal?.aborted) throw abortedError(operation);
    throw error;
  }
}

export function abortedError(operation: VaultOperation): VaultAbortedError {
  return new VaultAbortedError(operation, `${operation} was cancelled by the caller's abort signal.`);
}

function describeFailure(error: unknown): string {
  if (error instanceof VaultApiError) return `${error.responseStatus} ${error.type}`;
  if (error instanceof VaultTransportError) {
    return error.httpStatus === undefined ? error.reason : `${error.reason} ${error.httpStatus}`;
  }
  return error instanceof Error ? error.name : typeof error;
}
