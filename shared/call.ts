// The common shape of an idempotent Vault call: authorize once (a password sign-in is never repeated by the retry
// loop), then send the request with bounded retries for transient failures.

import { throwIfAborted, type VaultContext } from './context.js';
import type { VaultOperation } from './errors.js';
import type { Authorization } from './http/authorization.js';
import { type VaultRequest, type VaultResponse, vaultRequest } from './http/request.js';
import { withRetry } from './retry.js';

export type RequestSpec = Omit<VaultRequest, 'operation' | 'authorization' | 'signal' | 'attempt'>;

export async function callVault(
  context: VaultContext,
  operation: VaultOperation,
  spec: RequestSpec,
  signal: AbortSignal | undefined,
  authorization?: Authorization,
): Promise<VaultResponse> {
  throwIfAborted(operation, signal);
  const auth = authorization ?? (await context.authorize(operation, signal));
  return withRetry({ operation, policy: context.retry, logger: context.logger, signal }, (attempt) =>
    vaultRequest(context.http, { ...spec, operation, authorization: auth, signal, attempt }),
  );
}
