// finishSecret: move AWSCURRENT to the new version, then (best effort) revoke what the move made stale, so that at
// rest only AWSCURRENT's and AWSPREVIOUS's tokens are active: the token of the version that just lost AWSPREVIOUS
// (next-rotation), the old current's (immediately), and in every mode dead duplicates of the new version's name.
// A retried finish returns early once the version is current; createSecret's sweep is the backstop.

import { describeError } from '../telemetry/logging.js';
import { listAndRevoke } from '../revocation/revoke.js';
import { acceptedSecretValue, RotationError } from '../errors.js';
import {
  AWSCURRENT,
  parseSecretValue,
  type RotatedSecretConfig,
  rotationTokenName,
  secretTokenPrefix,
  versionWithStage,
} from '../../../shared/rotated-secret/index.js';
import { getSecretString, isResourceNotFound, updateSecretVersionStage } from '../secrets-manager.js';
import type { StepContext } from '../context.js';
import { afterPromotion, versionReader, versionsFromDescription, withValue } from '../revocation/versions.js';
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
      'finishSecret: could not revoke the tokens this rotation retired now; the next createSecret revokes them (they are no longer referenced)',
      { previousVersionId, ...describeError(error) },
    );
  }
}

async function revokeRetired(ctx: StepContext, config: RotatedSecretConfig): Promise<void> {
  const { deps, secretArn, versionId, signal } = ctx;
  if (config.accessToken === undefined || config.userId === undefined) return;

  const versions = withValue(afterPromotion(versionsFromDescription(ctx.description), versionId), versionId, {
    state: 'stored',
    tokenId: config.tokenId,
  });
  const prefix = secretTokenPrefix(secretArn);
  const ownName = rotationTokenName(secretArn, versionId);
  const opener = sessionOpener(ctx, config);
  try {
    const session = await opener.open(config.vaultDns, { kind: 'token', token: config.accessToken });
    await listAndRevoke(
      session,
      // `never` keeps stale tokens until they expire: only this version's dead duplicates are looked for.
      config.revokePrevious === 'never' ? { name: ownName } : { namePrefix: prefix },
      {
        versions,
        mode: config.revokePrevious,
        // A rotation that starts after the move mints under a version this description does not list.
        keepUnknownVersions: true,
        owner: config.userId,
        prefix,
        tokenName: (id) => rotationTokenName(secretArn, id),
      },
      signal,
      deps.logger,
      versionReader(ctx),
    );
  } finally {
    await opener.closeAll();
  }
}
