// Generate an API access token. Minting is not idempotent: a repeated request after a lost answer would leave an
// orphan counting against the 25-token cap. So only failures that prove nothing was created are retried, and every
// ambiguous one becomes VaultMintOutcomeUnknownError carrying the name, which the caller uses to find the orphan.

import { apiPath, throwIfAborted, type VaultContext } from '../context.js';
import {
  VaultAbortedError,
  VaultApiError,
  VaultConfigError,
  VaultMintOutcomeUnknownError,
  VaultTransportError,
} from '../errors.js';
import { formatVaultExpiry } from '../time/expiry.js';
import { validateUserId } from '../ids.js';
import { mentionsVeevaId } from '../http/failure-message.js';
import { vaultRequest } from '../http/request.js';
import { isTransientError, withRetry } from '../retry.js';
import { sandboxPathSegment } from '../target.js';
import { Secret } from '../secret.js';
import { VAULT_TOKEN_PREFIX } from './prefix.js';
import type { MintedToken, MintRequest, MintTarget } from '../types.js';
import { assertVqlSafe } from '../vql.js';

/**
 * Vault refused to mint because the token's user is a VeevaID user (Vault mints none for them). Recognised by Vault's
 * message naming VeevaID, whatever the error type (the refusal's shape is not documented: docs/assumptions.md). Its
 * message already says so; callers must not read it as the token cap or a refused lifetime, and retrying cannot help.
 */
export function isVeevaIdMintRefusal(error: unknown): error is VaultApiError {
  return (
    error instanceof VaultApiError &&
    error.operation === 'mintToken' &&
    error.errors.some((entry) => mentionsVeevaId(entry.message))
  );
}

export async function mintToken(
  context: VaultContext,
  request: MintRequest,
  signal: AbortSignal | undefined,
): Promise<MintedToken> {
  // The name must be findable by VQL later (orphan lookup), so it follows the VQL-safe character rule.
  assertVqlSafe(request.name, 'name');
  const expiresAt = request.expiresAt === undefined ? undefined : formatVaultExpiry(request.expiresAt);
  const path = apiPath(context.target, mintPath(request.target ?? { kind: 'self' }));
  const form: Record<string, string> = { name__v: request.name };
  if (expiresAt !== undefined) form.expiry_date__v = expiresAt;

  throwIfAborted('mintToken', signal);
  const authorization = await context.authorize('mintToken', signal);
  const response = await withRetry(
    {
      operation: 'mintToken',
      policy: context.retry,
      logger: context.logger,
      signal,
      shouldRetry: provesNothingCreated,
    },
    async (attempt) => {
      try {
        return await vaultRequest(context.http, {
          operation: 'mintToken',
          method: 'POST',
          path,
          form,
          authorization,
          signal,
          attempt,
        });
      } catch (error) {
        if (mayHaveCreated(error)) throw new VaultMintOutcomeUnknownError(request.name, error);
        throw error;
      }
    },
  );

  const data = response.body.data as Record<string, unknown> | undefined;
  const rawToken = data?.token__sys;
  // Wrapped before anything else so even a malformed value is registered for redaction.
  const token = typeof rawToken === 'string' && rawToken.length > 0 ? new Secret(rawToken) : undefined;
  const id = typeof data?.id === 'string' || typeof data?.id === 'number' ? String(data.id) : undefined;
  if (token === undefined || id === undefined || !token.reveal().startsWith(VAULT_TOKEN_PREFIX)) {
    throw new VaultMintOutcomeUnknownError(
      request.name,
      new Error(`Vault answered ${String(response.body.responseStatus)} without data.id and a ${VAULT_TOKEN_PREFIX}… token`),
    );
  }
  return { id, name: request.name, token, expiresAt };
}

function mintPath(target: MintTarget): string {
  switch (target.kind) {
    case 'self':
      return '/objects/users/me/api_access_token__sys';
    case 'user':
      return `/objects/users/${validateUserId(target.userId, 'target.userId')}/api_access_token__sys`;
    case 'sandbox':
      return `/objects/sandbox/${sandboxPathSegment(target.sandboxName, 'target.sandboxName')}/users/me/api_access_token__sys`;
    default:
      throw new VaultConfigError(
        'target',
        `expected kind self, user or sandbox, got ${String((target as MintTarget).kind)}`,
      );
  }
}


/** Repeating is safe only when Vault said FAILURE (it rejected the request) or the request never left. */
function provesNothingCreated(error: unknown): boolean {
  if (error instanceof VaultApiError) return error.responseStatus === 'FAILURE' && isTransientError(error);
  if (error instanceof VaultTransportError) return !error.requestSent;
  return false;
}

/** Vault may have processed the request: no usable answer, a system error mid-way, or cancelled in flight. */
function mayHaveCreated(error: unknown): boolean {
  if (error instanceof VaultTransportError) return error.requestSent;
  // A 401 means Vault did not accept the credential, so it created nothing, even if the envelope says EXCEPTION.
  if (error instanceof VaultApiError) return error.responseStatus === 'EXCEPTION' && error.httpStatus !== 401;
  return error instanceof VaultAbortedError;
}
