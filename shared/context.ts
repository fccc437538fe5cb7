// What every Vault operation needs, passed explicitly: where to go, how to talk, how to retry, and how to get an
// Authorization header (which may lazily open a password session).

import type { VaultOperation } from './errors.js';
import type { Authorization } from './http/authorization.js';
import type { HttpSettings } from './http/request.js';
import { abortedError } from './retry.js';
import type { RetryPolicy, VaultLogger, VaultTarget } from './types.js';

export interface VaultContext {
  readonly target: VaultTarget;
  readonly http: HttpSettings;
  readonly retry: RetryPolicy;
  readonly logger: VaultLogger;
  authorize(operation: VaultOperation, signal: AbortSignal | undefined): Promise<Authorization>;
}

/** `/api/v26.2` + suffix. */
export function apiPath(target: VaultTarget, suffix: string): string {
  return `/api/${target.apiVersion}${suffix}`;
}

/** One signal for "the caller wants this to stop", or undefined when nobody can stop it. */
export function combineSignals(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

export function throwIfAborted(operation: VaultOperation, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(operation);
}
