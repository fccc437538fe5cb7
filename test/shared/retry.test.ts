import { describe, expect, it, vi } from 'vitest';
import {
  VaultAbortedError,
  VaultApiError,
  VaultAuthDefaultingError,
  VaultConfigError,
  VaultTransportError,
} from '../../shared/index.js';
import { backoffDelay, isTransientError, resolveRetryPolicy, withRetry } from '../../shared/retry.js';
import { captureLogger } from './support/capture-logger.js';

function apiError(type: string, responseStatus = 'FAILURE'): VaultApiError {
  return new VaultApiError({
    operation: 'listTokens',
    message: `${type}`,
    type,
    responseStatus,
    httpStatus: 200,
    executionId: 'e1',
    errors: [{ type, message: type }],
    retryable: false,
  });
}

function transport(reason: VaultTransportError['reason'], httpStatus?: number): VaultTransportError {
  return new VaultTransportError({ operation: 'listTokens', message: reason, reason, httpStatus });
}

describe('isTransientError', () => {
  it.each([
    ['UNEXPECTED_ERROR'],
    ['RACE_CONDITION'],
    ['CONFIGURATION_MODE_ENABLED'],
    ['API_LIMIT_EXCEEDED'],
    ['OPERATION_IN_PROGRESS'],
  ])('retries %s', (type) => {
    expect(isTransientError(apiError(type))).toBe(true);
  });

  it('retries any EXCEPTION envelope', () => {
    expect(isTransientError(apiError('SOMETHING_NEW', 'EXCEPTION'))).toBe(true);
  });

  it.each([
    ['USERNAME_OR_PASSWORD_INCORRECT'],
    ['USER_LOCKED_OUT'],
    ['PASSWORD_CHANGE_REQUIRED'],
    ['NO_PASSWORD_PROVIDED'],
    ['INACTIVE_USER'],
    ['INVALID_SESSION_ID'],
    ['INSUFFICIENT_ACCESS'],
    ['OPERATION_NOT_ALLOWED'],
    ['METHOD_NOT_SUPPORTED'],
    ['MALFORMED_URL'],
    ['INVALID_DATA'],
    ['PARAMETER_REQUIRED'],
    ['USER_NOT_FOUND'],
  ])('never retries %s', (type) => {
    expect(isTransientError(apiError(type))).toBe(false);
  });

  it('never retries a bad password even if Vault calls it an EXCEPTION', () => {
    expect(isTransientError(apiError('USERNAME_OR_PASSWORD_INCORRECT', 'EXCEPTION'))).toBe(false);
  });

  it.each([
    [transport('network'), true],
    [transport('timeout'), true],
    [transport('not-json', 200), true],
    [transport('http-status', 503), true],
    [transport('http-status', 500), true],
    [transport('http-status', 429), true],
    [transport('http-status', 404), false],
    [transport('http-status', 401), false],
  ])('transport %#', (error, expected) => {
    expect(isTransientError(error)).toBe(expected);
  });

  it.each([
    [new VaultAbortedError('listTokens', 'aborted')],
    [new VaultConfigError('x', 'bad')],
    [new VaultAuthDefaultingError('a', 'b')],
    [new Error('plain')],
    ['a string'],
  ])('does not retry %#', (error) => {
    expect(isTransientError(error)).toBe(false);
  });
});

describe('backoffDelay (full jitter)', () => {
  const policy = { attempts: 10, minDelayMs: 100, maxDelayMs: 1000 };
  it('lies in [0, min(max, min·2^n))', () => {
    for (let retry = 0; retry < 8; retry++) {
      const cap = Math.min(1000, 100 * 2 ** retry);
      expect(backoffDelay(retry, policy, () => 0)).toBe(0);
      expect(backoffDelay(retry, policy, () => 0.999999)).toBe(Math.floor(0.999999 * cap));
      expect(backoffDelay(retry, policy)).toBeLessThan(cap);
    }
  });
});

describe('resolveRetryPolicy', () => {
  it('fills defaults', () => {
    expect(resolveRetryPolicy(undefined)).toEqual({ attempts: 4, minDelayMs: 500, maxDelayMs: 8000 });
  });
  it.each([
    [{ attempts: 0 }, /retry.attempts/],
    [{ attempts: 1.5 }, /retry.attempts/],
    [{ attempts: 11 }, /retry.attempts/],
    [{ minDelayMs: -1 }, /retry.minDelayMs/],
    [{ minDelayMs: 10, maxDelayMs: 5 }, /retry.maxDelayMs/],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, /retry.maxDelayMs/],
  ])('refuses %j', (partial, message) => {
    expect(() => resolveRetryPolicy(partial)).toThrow(message);
  });
});

describe('withRetry', () => {
  const fast = { attempts: 4, minDelayMs: 1, maxDelayMs: 2 };

  it('retries a transient failure and returns the eventual success, logging each retry at warn', async () => {
    const logger = captureLogger();
    let calls = 0;
    const result = await withRetry(
      { operation: 'listTokens', policy: fast, logger, signal: undefined },
      async (attempt) => {
        calls++;
        expect(attempt).toBe(calls);
        if (calls < 3) throw apiError('RACE_CONDITION');
        return 'ok';
      },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    const warnings = logger.lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]?.attributes).toMatchObject({
      operation: 'listTokens',
      attempt: 1,
      reason: 'FAILURE RACE_CONDITION',
    });
    expect(warnings[0]?.attributes?.delayMs).toEqual(expect.any(Number));
  });

  it('stops after the configured number of attempts and throws the last failure', async () => {
    let calls = 0;
    const failure = transport('timeout');
    await expect(
      withRetry({ operation: 'listTokens', policy: fast, logger: captureLogger(), signal: undefined }, async () => {
        calls++;
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(calls).toBe(4);
  });

  it('does not retry a permanent failure', async () => {
    let calls = 0;
    await expect(
      withRetry({ operation: 'auth', policy: fast, logger: captureLogger(), signal: undefined }, async () => {
        calls++;
        throw apiError('USERNAME_OR_PASSWORD_INCORRECT');
      }),
    ).rejects.toMatchObject({ type: 'USERNAME_OR_PASSWORD_INCORRECT' });
    expect(calls).toBe(1);
  });

  it('honours an abort during the backoff wait at once, as VaultAbortedError', async () => {
    const controller = new AbortController();
    let calls = 0;
    const slow = { attempts: 5, minDelayMs: 600_000, maxDelayMs: 600_000 };
    const logger = captureLogger();
    const run = withRetry({ operation: 'whoAmI', policy: slow, logger, signal: controller.signal }, async () => {
      calls++;
      throw transport('network');
    });
    // Abort once the first failure has been logged (the wait has begun); a hanging wait would time the test out.
    await vi.waitFor(() => expect(logger.lines.length).toBeGreaterThan(0));
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(VaultAbortedError);
    expect(calls).toBe(1);
  });

  it('does not start when the signal is already aborted', async () => {
    let calls = 0;
    await expect(
      withRetry(
        { operation: 'whoAmI', policy: fast, logger: captureLogger(), signal: AbortSignal.abort() },
        async () => {
          calls++;
          return 1;
        },
      ),
    ).rejects.toBeInstanceOf(VaultAbortedError);
    expect(calls).toBe(0);
  });

  it('uses a custom classifier', async () => {
    let calls = 0;
    await expect(
      withRetry(
        { operation: 'mintToken', policy: fast, logger: captureLogger(), signal: undefined, shouldRetry: () => false },
        async () => {
          calls++;
          throw transport('timeout');
        },
      ),
    ).rejects.toBeInstanceOf(VaultTransportError);
    expect(calls).toBe(1);
  });
});
