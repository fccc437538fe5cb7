// One family of errors for everything the client does. Messages are written for the person on call: what failed,
// where, and what to do. They never contain a token, password or session id (the constructors run them through
// redaction as a last line of defence).

import { redact } from './redaction/redact.js';

/** The Vault operation an error belongs to, as named in logs and messages. */
export type VaultOperation =
  | 'auth'
  | 'endSession'
  | 'mintToken'
  | 'whoAmI'
  | 'listTokens'
  | 'revokeTokens'
  | 'findSandbox'
  | 'configure';

export abstract class VaultError extends Error {
  abstract readonly retryable: boolean;
  readonly operation: VaultOperation;

  constructor(operation: VaultOperation, message: string, options?: { cause?: unknown }) {
    super(redact(message), options?.cause === undefined ? undefined : { cause: options.cause });
    this.operation = operation;
  }

  // Each class returns its name as a literal: bundlers without keep-names (sam build's esbuild) rename classes, so
  // `this.constructor.name` would read `Te` in the deployed Lambda. A prototype getter, so it is not an own property.
  override get name(): string {
    return 'VaultError';
  }
}

/** Bad input to the client (a DNS with a path, a version like `26.2`, a client id with spaces, …). Names the field. */
export class VaultConfigError extends VaultError {
  override get name(): string {
    return 'VaultConfigError';
  }

  readonly retryable = false;
  readonly field: string;

  constructor(field: string, message: string) {
    super('configure', `${field}: ${message}`);
    this.field = field;
  }
}

/**
 * Vault answered with responseStatus FAILURE or EXCEPTION (normally HTTP 200); `type` is the first errors[].type. An
 * HTTP 401 without such an envelope is one too: type INVALID_SESSION_ID, responseStatus FAILURE, httpStatus 401.
 */
export class VaultApiError extends VaultError {
  override get name(): string {
    return 'VaultApiError';
  }

  readonly retryable: boolean;
  readonly type: string;
  readonly responseStatus: string;
  readonly httpStatus: number;
  readonly executionId: string | undefined;
  /** All errors[] entries, messages redacted. */
  readonly errors: readonly { readonly type: string; readonly message: string }[];

  constructor(init: {
    operation: VaultOperation;
    message: string;
    type: string;
    responseStatus: string;
    httpStatus: number;
    executionId: string | undefined;
    errors: readonly { type: string; message: string }[];
    retryable: boolean;
  }) {
    super(init.operation, init.message);
    this.type = init.type;
    this.responseStatus = init.responseStatus;
    this.httpStatus = init.httpStatus;
    this.executionId = init.executionId;
    this.errors = init.errors.map((e) => ({ type: e.type, message: redact(e.message) }));
    this.retryable = init.retryable;
  }
}

/** No usable Vault answer: network error, timeout, non-2xx, or a body that is not a JSON envelope (maintenance page). */
export class VaultTransportError extends VaultError {
  override get name(): string {
    return 'VaultTransportError';
  }

  readonly retryable = true;
  readonly reason: 'network' | 'timeout' | 'http-status' | 'not-json';
  readonly httpStatus: number | undefined;
  readonly executionId: string | undefined;
  /**
   * False only when the request provably never reached Vault (connection refused, DNS failure), so even a
   * non-idempotent call like a mint is safe to repeat. True whenever Vault may have processed it.
   */
  readonly requestSent: boolean;

  constructor(init: {
    operation: VaultOperation;
    message: string;
    reason: 'network' | 'timeout' | 'http-status' | 'not-json';
    httpStatus?: number;
    executionId?: string;
    requestSent?: boolean;
    cause?: unknown;
  }) {
    super(init.operation, init.message, { cause: init.cause });
    this.reason = init.reason;
    this.httpStatus = init.httpStatus;
    this.executionId = init.executionId;
    this.requestSent = init.requestSent ?? true;
  }
}

/** The caller's AbortSignal fired (e.g. the Lambda is about to time out). Never retried. */
export class VaultAbortedError extends VaultError {
  override get name(): string {
    return 'VaultAbortedError';
  }

  readonly retryable = false;
}

/** /auth succeeded but for another Vault (auth defaulting). The session is ended and never used. */
export class VaultAuthDefaultingError extends VaultError {
  override get name(): string {
    return 'VaultAuthDefaultingError';
  }

  readonly retryable = false;
  readonly expectedHost: string;
  readonly actualHost: string;

  constructor(expectedHost: string, actualHost: string) {
    super(
      'auth',
      `Vault signed in to ${actualHost} instead of ${expectedHost} (authentication defaulting: the user cannot sign in to ${expectedHost}, or that DNS is wrong). The session was ended and not used. Check vaultDns and that the user is active in that Vault.`,
    );
    this.expectedHost = expectedHost;
    this.actualHost = actualHost;
  }
}

/** Validate Session User answered for a different user than expected. */
export class VaultUserMismatchError extends VaultError {
  override get name(): string {
    return 'VaultUserMismatchError';
  }

  readonly retryable = false;
  readonly expectedUserId: string;
  readonly actualUserId: string;

  constructor(expectedUserId: string, actualUserId: string) {
    super('whoAmI', `The credential belongs to Vault user ${actualUserId}, but user ${expectedUserId} was expected.`);
    this.expectedUserId = expectedUserId;
    this.actualUserId = actualUserId;
  }
}

/**
 * A mint request may have succeeded but its answer was lost (timeout, reset, 5xx, non-JSON). It is NOT retried
 * blindly: the caller can find the orphan with listTokens({ name: tokenName }) and revoke it.
 */
export class VaultMintOutcomeUnknownError extends VaultError {
  override get name(): string {
    return 'VaultMintOutcomeUnknownError';
  }

  readonly retryable = false;
  readonly tokenName: string;

  constructor(tokenName: string, cause: unknown) {
    super(
      'mintToken',
      `The mint request for token "${tokenName}" got no usable answer, so a token may have been created anyway. Look it up by that name and revoke it before minting again.`,
      { cause },
    );
    this.tokenName = tokenName;
  }
}

export function isVaultErrorOfType(error: unknown, type: string): error is VaultApiError {
  return error instanceof VaultApiError && error.type === type;
}

/**
 * The credential is unknown, expired or deleted: Vault's documented INVALID_SESSION_ID, or an HTTP 401 (which a Veeva
 * source reports for an expired or deleted token). Callers treat both alike.
 */
export function isInvalidSession(error: unknown): error is VaultApiError {
  return error instanceof VaultApiError && (error.type === 'INVALID_SESSION_ID' || error.httpStatus === 401);
}
