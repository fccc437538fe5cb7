// Who the new token belongs to, checked before anything is revoked or minted, and what a credential Vault no longer
// accepts means at each point of createSecret.

import { isInvalidSession } from '../../../../shared/errors.js';
import type { TokenRecord } from '../../../../shared/types.js';
import { RotationError, SecretValueError } from '../../errors.js';
import { describeError } from '../../telemetry/logging.js';
import { reBootstrapError } from './re-bootstrap.js';
import type { RotatedSecretConfig } from '../../../../shared/rotated-secret/index.js';
import type { StepContext } from '../../context.js';
import type { RotationSessions } from '../../fleet/sessions.js';

/**
 * The user the new token belongs to, checked against the secret before anything is revoked or minted: forUserId when
 * set; else the minting credential's own user, which must be the stored userId. The current token's row in Vault's
 * list proves that without a call when the current token is the minter.
 */
export async function verifiedOwner(
  ctx: StepContext,
  config: RotatedSecretConfig,
  sessions: RotationSessions,
  listed: readonly TokenRecord[] | undefined,
): Promise<string> {
  if (config.forUserId !== undefined) return config.forUserId;
  const expected = config.userId;
  const provenByRow =
    expected !== undefined &&
    !sessions.mintsWithCredentials &&
    config.tokenId !== undefined &&
    listed?.some((row) => row.id === config.tokenId && row.userId === expected) === true;
  if (provenByRow) return expected;
  let actual: string;
  try {
    actual = (await sessions.minter.whoAmI({ signal: ctx.signal })).userId;
  } catch (error) {
    throw minterError(ctx, config, sessions, expected, error);
  }
  if (expected !== undefined && actual !== expected) {
    throw new SecretValueError(
      `Secret ${ctx.secretArn} (AWSCURRENT)`,
      'userId',
      `must be the Vault user the tokens belong to: the ${sessions.mintsWithCredentials ? 'credentials secret' : 'current token'} belongs to user ${actual}, not user ${expected}. Nothing was revoked or minted. Correct userId (or remove it: the rotator fills it in), then rotate again.`,
    );
  }
  return actual;
}

/** The current token failed: if it is no longer accepted and the credentials secret can mint, carry on without it. */
export function fallBackFromCurrent(
  ctx: StepContext,
  config: RotatedSecretConfig,
  sessions: RotationSessions,
  owner: string | undefined,
  error: unknown,
): undefined {
  if (!isInvalidSession(error)) throw error;
  if (!sessions.mintsWithCredentials) throw reBootstrapError(ctx, config, owner, error);
  ctx.deps.logger.warn('The current token is no longer accepted by Vault; minting with the credentials secret', {
    ...describeError(error),
  });
  return undefined;
}

/** An invalid session of the minting credential: re-bootstrap by hand, or fix the credentials secret. */
export function minterError(
  ctx: StepContext,
  config: RotatedSecretConfig,
  sessions: RotationSessions,
  owner: string | undefined,
  error: unknown,
): unknown {
  if (!isInvalidSession(error)) return error;
  if (!sessions.mintsWithCredentials) return reBootstrapError(ctx, config, owner, error);
  return new RotationError(
    `Vault ${config.parentVaultDns ?? config.vaultDns} did not accept the credentials in ${config.credentialsSecretArn} (invalid session): the token there expired or was revoked. Put a valid token or username/password in that secret, then rotate again.`,
    { cause: error },
  );
}
