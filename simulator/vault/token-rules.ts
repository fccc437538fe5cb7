// The business rules for a new token, shared by the mint endpoints and the simulator's own issueToken().
import { VaultFailure } from './envelopes.js';
import { activeTokenCount, type SimState, type UserRecord } from './state.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_TOKEN_NAME_LENGTH = 128;

export function checkTokenTarget(user: UserRecord): void {
  if (user.veevaId) {
    throw new VaultFailure(
      'OPERATION_NOT_ALLOWED',
      `Cannot generate API access tokens for user [${user.id}]: VeevaID users cannot have API access tokens`,
    );
  }
}

export function checkTokenName(name: string | undefined): string {
  if (name === undefined || name.trim() === '') {
    throw new VaultFailure('PARAMETER_REQUIRED', 'Missing required parameter [name__v]');
  }
  if (name.length > MAX_TOKEN_NAME_LENGTH) {
    throw new VaultFailure(
      'INVALID_DATA',
      `Invalid value for [name__v]: at most ${MAX_TOKEN_NAME_LENGTH} characters allowed, got ${name.length}`,
    );
  }
  return name;
}

/** `expiresAt` null = no expiry requested. */
export function checkTokenExpiry(state: SimState, expiresAt: number | null): void {
  const now = state.clock.now();
  const { maxExpiryDays, allowNonExpiring } = state.options;
  if (expiresAt === null) {
    if (allowNonExpiring) return;
    throw new VaultFailure(
      'OPERATION_NOT_ALLOWED',
      `[expiry_date__v] is required: the user's security profile does not allow non-expiring API access tokens ` +
        `(maximum lifetime ${maxExpiryDays} days)`,
    );
  }
  if (expiresAt <= now) {
    throw new VaultFailure(
      'INVALID_DATA',
      `Invalid value for [expiry_date__v]: ${new Date(expiresAt).toISOString()} is not in the future`,
    );
  }
  if (expiresAt > now + maxExpiryDays * DAY_MS) {
    throw new VaultFailure(
      'OPERATION_NOT_ALLOWED',
      `[expiry_date__v] ${new Date(expiresAt).toISOString()} exceeds the maximum API access token lifetime of ` +
        `${maxExpiryDays} days allowed by the user's security profile`,
    );
  }
}

// Vault documents the 25-active-token cap but not the error it answers with; OPERATION_NOT_ALLOWED ("business rules
// of the operation not met") is the inferred type (vault-api.md §2.3, §9.1).
export function checkTokenCap(state: SimState, user: UserRecord, vault: string): void {
  const cap = state.options.tokenCap;
  if (activeTokenCount(state, user.id, vault) >= cap) {
    throw new VaultFailure(
      'OPERATION_NOT_ALLOWED',
      `User [${user.id}] already has the maximum of ${cap} active API access tokens in this Vault; ` +
        `delete one before generating another`,
    );
  }
}
