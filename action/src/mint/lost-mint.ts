// A mint whose answer was lost may still have created a token nobody holds. With the parent credential still open,
// find it by its (unique) name and requested expiry, revoke it, and fail the step with a message that says what
// happened and what was cleaned up. The step always fails: the job never got a token.

import type { VaultMintOutcomeUnknownError } from '../../../shared/errors.js';
import { formatVaultExpiry } from '../../../shared/index.js';
import type { CallOptions, MintTarget, TokenRecord, VaultSession } from '../../../shared/types.js';
import { describeFailure } from '../job-log/failure-text.js';

export interface LostMint {
  readonly name: string;
  readonly expiresAt: Date;
  readonly target: MintTarget;
  /** The user the token would belong to, when known. */
  readonly userId: string;
}

export async function recoverLostMint(
  session: VaultSession,
  error: VaultMintOutcomeUnknownError,
  lost: LostMint,
  options: CallOptions = {},
): Promise<Error> {
  const why = `Minting token "${lost.name}" got no usable answer from Vault (${describeFailure(error.cause)}), so a token may have been created anyway.`;
  if (lost.target.kind === 'sandbox') {
    return new Error(
      `${why} It would live in sandbox "${lost.target.sandboxName}", which this action cannot search: look for an active token named "${lost.name}" there and delete it (it expires at ${formatVaultExpiry(lost.expiresAt)} in any case).`,
    );
  }
  try {
    const records = await session.listTokens({
      name: lost.name,
      ...(lost.userId === '' ? {} : { userId: lost.userId }),
      activeOnly: true,
    }, options);
    const ours = records.filter((record) => sameExpiry(record, lost.expiresAt));
    if (ours.length === 0)
      return new Error(`${why} No active token with that name exists, so none was left behind. Re-run the job.`);
    const outcomes = await session.revokeTokens(
      ours.map((record) => record.id),
      options,
    );
    const failed = outcomes.filter((outcome) => outcome.outcome === 'failed');
    if (failed.length === 0) {
      return new Error(
        `${why} It had been created (${ours.map((r) => r.id).join(', ')}) and is now revoked, so nothing is left behind. Re-run the job.`,
      );
    }
    return new Error(
      `${why} It had been created and could not be revoked (${failed.map((f) => `${f.id}: ${'errorType' in f ? `${f.errorType} ${f.message}` : ''}`).join('; ')}); delete token "${lost.name}" in Vault (it expires at ${formatVaultExpiry(lost.expiresAt)} in any case).`,
    );
  } catch (cleanupError) {
    return new Error(
      `${why} Looking for it failed too (${describeFailure(cleanupError)}); check Vault for an active token named "${lost.name}" and delete it (it expires at ${formatVaultExpiry(lost.expiresAt)} in any case).`,
    );
  }
}

/** Same instant, whatever ISO form VQL answers with; a record without expiry cannot be ours. */
function sameExpiry(record: TokenRecord, expiresAt: Date): boolean {
  return record.expiresAt !== undefined && Date.parse(record.expiresAt) === expiresAt.getTime();
}
