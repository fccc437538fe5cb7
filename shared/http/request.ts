// One HTTP exchange with Vault: headers, timeout + caller abort, envelope parsing, one debug line. No retries here
// (see retry.ts) and no knowledge of specific endpoints.

import { VaultAbortedError, VaultApiError, type VaultOperation, VaultTransportError } from '../errors.js';
import { isTransientVaultFailure } from '../retry.js';
import { errorCode, safeCause } from './safe-cause.js';
import type { VaultLogger, VaultResponseObservation } from '../types.js';
import { type Authorization, authorizationHeader } from './authorization.js';
import { operationLabel, vaultFailureMessage } from './failure-message.js';
import { CLOSED_BEFORE_SEND, type HttpAnswer, type HttpFetch } from './http-fetch.js';

export interface HttpSettings {
  readonly origin: string;
  readonly apiVersion: string;
  readonly clientId: string;
  readonly fetch: HttpFetch;
  readonly logger: VaultLogger;
  readonly requestTimeoutMs: number;
  /** VaultClientOptions.onResponse. */
  readonly onResponse?: (observation: VaultResponseObservation) => void;
}

export interface VaultRequest {
  readonly operation: VaultOperation;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Absolute path on the origin, e.g. `/api/v26.2/query` (next_page links may carry a query). */
  readonly path: string;
  readonly authorization?: Authorization;
  /** Sent as application/x-www-form-urlencoded. */
  readonly form?: Readonly<Record<string, string>>;
  /** Sent as application/json. */
  readonly json?: unknown;
  /** The caller's signal (already combined with the session's); the per-request timeout is added here. */
  readonly signal?: AbortSignal;
  readonly attempt?: number;
}

/** A SUCCESS or WARNING envelope. */
export interface VaultResponse {
  readonly body: Readonly<Record<string, unknown>>;
  readonly httpStatus: number;
  readonly executionId: string | undefined;
}

const UNAUTHORIZED = 401;

/**
 * Failures that prove the request never reached a server: the connection could not be made, Node refused to build the
 * request (a header value or path it will not send), or a pooled connection was found closed before anything was
 * written on it (node-http-fetch.ts).
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_UNESCAPED_CHARACTERS',
  'ERR_INVALID_URL',
  CLOSED_BEFORE_SEND,
]);

export async function vaultRequest(settings: HttpSettings, request: VaultRequest): Promise<VaultResponse> {
  const { operation, method } = request;
  const logPath = request.path.split('?')[0] ?? request.path;
  const where = `${method} ${logPath}`;
  const timeout = AbortSignal.timeout(settings.requestTimeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;

  const headers: Record<string, string> = {
    Accept: 'application/json',
    'X-VaultAPI-ClientID': settings.clientId,
  };
  if (request.authorization) headers.Authorization = authorizationHeader(request.authorization);
  let body: string | undefined;
  if (request.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  } else if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(request.json);
  }

  let response: HttpAnswer;
  let text: string;
  try {
    // Never follow a redirect: the allowlist (ALLOWED_VAULT_HOSTS) vets only settings.origin, and fetch would resend
    // the body (the password form on /auth) and the Authorization header to wherever Location points.
    response = await settings.fetch(`${settings.origin}${request.path}`, {
      method,
      headers,
      body,
      signal,
      redirect: 'manual',
    });
    text = await response.text();
  } catch (error) {
    throw exchangeFailure(error, { operation, where, timeout, settings, callerSignal: request.signal });
  }

  const executionId = response.headers.get('X-VaultAPI-ExecutionId') ?? undefined;
  const envelope = parseEnvelope(text);
  settings.logger.debug('Vault request', {
    operation,
    method,
    path: logPath,
    status: response.status,
    responseStatus: envelope?.responseStatus,
    executionId,
    burstLimit: numericHeader(response, 'X-VaultAPI-BurstLimit'),
    burstLimitRemaining: numericHeader(response, 'X-VaultAPI-BurstLimitRemaining'),
    responseDelayMs: numericHeader(response, 'X-VaultAPI-ResponseDelay'),
    attempt: request.attempt ?? 1,
  });

  observe(settings, response, operation, envelope);

  const status = envelope?.responseStatus;
  if (status === 'FAILURE' || status === 'EXCEPTION') {
    throw apiFailure(envelope as Envelope, { operation, settings, httpStatus: response.status, executionId });
  }
  // A Veeva source says an expired or deleted token may get HTTP 401 rather than the documented HTTP 200 +
  // INVALID_SESSION_ID. Whatever the body, it means the same: the credential is not accepted. It must not look like a
  // transient transport failure (retried) or, for a mint, like a lost answer (outcome unknown).
  if (response.status === UNAUTHORIZED) throw unauthorized({ operation, where, httpStatus: response.status, executionId });
  if (response.status >= 300 && response.status <= 399) {
    // Not retried (isTransientError: only 5xx/429/408 are). Location is left out: the fix is the Vault DNS setting,
    // and a redirect target is not worth echoing into logs.
    throw new VaultTransportError({
      operation,
      reason: 'http-status',
      httpStatus: response.status,
      executionId,
      message: `${operationLabel(operation)} failed: Vault answered HTTP ${response.status} (a redirect) to ${where}; redirects are never followed. Set the Vault DNS to the host Vault serves the API on.`,
    });
  }
  if (response.status < 200 || response.status > 299) {
    const contentType = response.headers.get('content-type') ?? 'no content type';
    throw new VaultTransportError({
      operation,
      reason: 'http-status',
      httpStatus: response.status,
      executionId,
      message: `${operationLabel(operation)} failed: Vault answered HTTP ${response.status} (${contentType}) to ${where}, not a Vault API answer — likely maintenance, an outage or a proxy error. Try again later.`,
    });
  }
  if (status !== 'SUCCESS' && status !== 'WARNING') {
    const contentType = response.headers.get('content-type') ?? 'no content type';
    throw new VaultTransportError({
      operation,
      reason: 'not-json',
      httpStatus: response.status,
      executionId,
      message: `${operationLabel(operation)} failed: the answer to ${where} (HTTP ${response.status}, ${contentType}) is not a Vault JSON envelope with responseStatus — likely a maintenance page or a proxy in the way.`,
    });
  }
  return { body: envelope as Envelope, httpStatus: response.status, executionId };
}

type Envelope = Record<string, unknown> & { responseStatus?: unknown };

function parseEnvelope(text: string): Envelope | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Envelope) : undefined;
  } catch {
    return undefined;
  }
}

function apiFailure(
  envelope: Envelope,
  context: { operation: VaultOperation; settings: HttpSettings; httpStatus: number; executionId: string | undefined },
): VaultApiError {
  const responseStatus = String(envelope.responseStatus);
  const errors = Array.isArray(envelope.errors)
    ? envelope.errors.map((entry: unknown) => ({
        type: stringField(entry, 'type') ?? 'UNKNOWN',
        message: stringField(entry, 'message') ?? '',
      }))
    : [];
  const fallbackType = typeof envelope.errorType === 'string' ? envelope.errorType : 'UNKNOWN';
  const type = errors[0]?.type ?? fallbackType;
  return new VaultApiError({
    operation: context.operation,
    type,
    responseStatus,
    httpStatus: context.httpStatus,
    executionId: context.executionId,
    errors,
    // A 401 is never transient, whatever the envelope says: repeating the same credential cannot help.
    retryable: context.httpStatus !== UNAUTHORIZED && isTransientVaultFailure(responseStatus, type),
    message: vaultFailureMessage({
      operation: context.operation,
      responseStatus,
      type,
      vaultMessage: errors[0]?.message ?? '',
      apiVersion: context.settings.apiVersion,
      executionId: context.executionId,
    }),
  });
}

/** HTTP 401 without a FAILURE envelope: reported as INVALID_SESSION_ID (httpStatus 401 tells the two apart). */
function unauthorized(context: {
  operation: VaultOperation;
  where: string;
  httpStatus: number;
  executionId: string | undefined;
}): VaultApiError {
  const execution = context.executionId ? ` (Vault execution id ${context.executionId})` : '';
  return new VaultApiError({
    operation: context.operation,
    type: 'INVALID_SESSION_ID',
    responseStatus: 'FAILURE',
    httpStatus: context.httpStatus,
    executionId: context.executionId,
    errors: [],
    retryable: false,
    message: `${operationLabel(context.operation)} failed: Vault answered HTTP 401 Unauthorized to ${context.where}, taken as INVALID_SESSION_ID. The token or session is invalid, expired or deleted. Provide a current credential.${execution}`,
  });
}

function exchangeFailure(
  error: unknown,
  context: {
    operation: VaultOperation;
    where: string;
    timeout: AbortSignal;
    settings: HttpSettings;
    callerSignal: AbortSignal | undefined;
  },
): Error {
  const { operation, where } = context;
  if (context.callerSignal?.aborted) {
    return new VaultAbortedError(operation, `${operationLabel(operation)} was cancelled (${where}).`);
  }
  if (context.timeout.aborted) {
    return new VaultTransportError({
      operation,
      reason: 'timeout',
      message: `${operationLabel(operation)} failed: no answer to ${where} within ${context.settings.requestTimeoutMs} ms.`,
    });
  }
  const code = errorCode(error);
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  return new VaultTransportError({
    operation,
    reason: 'network',
    requestSent: !notSent,
    cause: safeCause(error),
    message: `${operationLabel(operation)} failed: network error on ${where} to ${context.settings.origin}${code ? ` (${code})` : ''}. Check connectivity, DNS and any HTTPS proxy.`,
  });
}

function stringField(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}

function observe(settings: HttpSettings, response: HttpAnswer, operation: VaultOperation, envelope: Envelope | undefined) {
  if (settings.onResponse === undefined) return;
  const failed = envelope?.responseStatus === 'FAILURE' || envelope?.responseStatus === 'EXCEPTION';
  const firstError = failed && Array.isArray(envelope?.errors) ? envelope.errors[0] : undefined;
  try {
    settings.onResponse({
      host: new URL(settings.origin).host,
      operation,
      httpStatus: response.status,
      burstLimit: numericHeader(response, 'X-VaultAPI-BurstLimit'),
      burstLimitRemaining: numericHeader(response, 'X-VaultAPI-BurstLimitRemaining'),
      responseDelayMs: numericHeader(response, 'X-VaultAPI-ResponseDelay'),
      errorType: failed ? (stringField(firstError, 'type') ?? 'UNKNOWN') : undefined,
    });
  } catch {
    // An observer must not change the outcome of a request.
  }
}

/**
 * A count header: a non-negative integer that arithmetic cannot overflow, or nothing. `Number('')` is 0 and
 * `Number('1e308')` is finite, so a blank header would read as "no calls left" and a huge one would push the reserve
 * computation to Infinity; a value that is not plainly a count says nothing.
 */
export function countHeader(value: string | null): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

function numericHeader(response: HttpAnswer, name: string): number | undefined {
  return countHeader(response.headers.get(name));
}
