// finishSecret: move AWSCURRENT to the new version, then (best effort) revoke what the move made stale, so that at
// rest only AWSCURRENT's and AWSPREVIOUS's tokens are active: the token of the version that just lost AWSPREVIOUS
// (next-rotation), the old current's (immediately), dead duplicates in every mode, and what earlier attempts left
// behind (its one query lists all this secret's tokens, which lets createSecret skip its sweep in the steady state).
// A retried finish returns early once the version is current; the next finishSecret (or a createSecret that sweeps)
// revokes what this one could not.

import { describeError } from '../telemetry/logging.js';
import { revokeAsPolicySays } from '../revocation/revoke.js';
import { isOwnedRow } from '../revocation/policy.js';
import type { TokenRecord } from '../../../shared/types.js';
import { acceptedSecretValue, RotationError } from '../errors.js';
import {
  AWSCURRENT,
  parseSecretValue,
  type RotatedSecretConfig,
  rotationTokenName,
  secretTokenPrefix,
  versionWithStage,
} from '../../../shared/rotated-secret/index.js';
import { describeSecret, getSecretString, isResourceNotFound, updateSecretVersionStage } from '../secrets-manager.js';
import type { StepContext } from '../context.js';
import { afterPromotion, versionsFromDescription, withValue } from '../revocation/versions.js';
import { sessionOpener } from '../fleet/sessions.js';

export async function finishSecret(ctx: StepContext): Promise<void> {
  const { deps, secretArn, versionId, signal } = ctx;
  // Read first: a version createSecret never filled must not become AWSCURRENT (a stale or out-of-order event).
  let newString: string | undefined;
  try {
    newString = await getSecretString(deps.secretsManager, { SecretId: secretArn, VersionId: versionId }, signal);
  } catch (error) {
    if (!isResourceNotFound(error)) throw error;
  }
  const unfilled = () =>
    new RotationError(`finishSecret: version ${versionId} of secret ${secretArn} holds no accessToken; it is not made AWSCURRENT.`);
  // No value at all is the same case as a value without a token: say so before parsing (which would blame JSON).
  if (newString === undefined) throw unfilled();
  const { config } = acceptedSecretValue(parseSecretValue(newString), `Secret ${secretArn} (version ${versionId})`);
  if (config.accessToken === undefined) throw unfilled();
  const previousVersionId = versionWithStage(ctx.description, AWSCURRENT);
  await updateSecretVersionStage(
    deps.secretsManager,
    {
      SecretId: secretArn,
      VersionStage: AWSCURRENT,
      MoveToVersionId: versionId,
      ...(previousVersionId === undefined ? {} : { RemoveFromVersionId: previousVersionId }),
    },
    signal,
  );
  deps.logger.info('finishSecret: AWSCURRENT moved to the new version', { previousVersionId });

  try {
    await revokeRetired(ctx, config);
  } catch (error) {
    deps.logger.warn(
      'finishSecret: could not revoke the tokens this rotation retired now; the next finishSecret revokes them (they are no longer referenced)',
      { previousVersionId, ...describeError(error) },
    );
  }
}

async function revokeRetired(ctx: StepContext, config: RotatedSecretConfig): Promise<void> {
  const { deps, secretArn, versionId, signal } = ctx;
  if (config.accessToken === undefined || config.userId === undefined) return;

  const stored = { state: 'stored', tokenId: config.tokenId } as const;
  const prefix = secretTokenPrefix(secretArn);
  const ownName = rotationTokenName(secretArn, versionId);
  const tokenName = (id: string) => rotationTokenName(secretArn, id);
  const owner = config.userId;
  const opener = sessionOpener(ctx, config);
  try {
    const session = await opener.open(config.vaultDns, { kind: 'token', token: config.accessToken });
    // One query lists ALL this secret's tokens of the user (`never` keeps stale tokens until they expire: only this
    // version's dead duplicates are looked for). It is what lets createSecret skip its sweep in the steady state.
    const filter = config.revokePrevious === 'never' ? { name: ownName } : { namePrefix: prefix };
    const listed = await session.listTokens({ ...filter, userId: owner }, { signal });
    // Judged by the labels taken before the move, as they are after it. A token named for a version those labels do
    // not list is either a leftover (a version that lost its labels: a finish that could not revoke, an abandoned
    // pending version; DescribeSecret lists only labelled versions) or a newer rotation's, started after the move.
    // Only then are the labels read again, AFTER the listing: a token the query returned was minted after its version
    // was created with AWSPENDING, so a version unlabelled now can no longer be stored or promoted by any step.
    const known = (row: TokenRecord) => Object.keys(ctx.versions.labelled).some((id) => tokenName(id) === row.name);
    const unknown = listed.filter((row) => isOwnedRow(row, owner, prefix) && !known(row));
    const relabelled = unknown.length > 0;
    const labels = relabelled
      ? versionsFromDescription(await describeSecret(deps.secretsManager, secretArn, signal))
      : afterPromotion(ctx.versions.labelled, versionId);
    await revokeAsPolicySays(
      session,
      {
        versions: withValue(labels, versionId, stored),
        listed,
        mode: config.revokePrevious,
        owner,
        prefix,
        tokenName,
        keepUnknownVersions: !relabelled,
      },
      signal,
      deps.logger,
      ctx.versions.read,
    );
  } finally {
    await opener.closeAll();
  }
}
