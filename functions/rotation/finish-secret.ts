// finishSecret: move AWSCURRENT to the new version. Revocation never depends on this step running to the end: a
// retried finish returns early once the token is current, so in next-rotation mode the demoted token is revoked by
// the next rotation's sweep, and in immediately mode a failed revoke here is caught by that same sweep.

import { describeError } from './logging.js';
import { parseSecretValue } from './secret-value.js';
import { AWSCURRENT, getSecretString, updateSecretVersionStage, versionWithStage } from './secrets-store.js';
import { revokeTokens } from './sweep.js';
import { tokenIdOf } from './token-references.js';
import type { StepContext } from './types.js';
import { sessionOpener } from './vault-sessions.js';

export async function finishSecret(ctx: StepContext): Promise<void> {
  const { deps, secretArn, versionId, signal } = ctx;
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
  if (previousVersionId === undefined) return;

  try {
    await revokeDemotedIfAsked(ctx, previousVersionId);
  } catch (error) {
    deps.logger.warn(
      'finishSecret: could not revoke the previous token now; the next rotation revokes it (it is no longer referenced)',
      { previousVersionId, ...describeError(error) },
    );
  }
}

async function revokeDemotedIfAsked(ctx: StepContext, previousVersionId: string): Promise<void> {
  const { deps, secretArn, versionId, signal } = ctx;
  const newString = await getSecretString(deps.secretsManager, { SecretId: secretArn, VersionId: versionId }, signal);
  const { config } = parseSecretValue(newString, `Secret ${secretArn} (version ${versionId})`);
  if (config.revokePrevious !== 'immediately' || config.accessToken === undefined) return;

  const oldString = await getSecretString(
    deps.secretsManager,
    { SecretId: secretArn, VersionId: previousVersionId },
    signal,
  );
  const oldTokenId = tokenIdOf(oldString);
  if (oldTokenId === undefined || oldTokenId === config.tokenId) {
    deps.logger.info('finishSecret: the previous version names no token of its own; nothing to revoke');
    return;
  }
  const opener = sessionOpener(ctx, config);
  try {
    const session = await opener.open(config.vaultDns, { kind: 'token', token: config.accessToken });
    await revokeTokens(
      session,
      [{ id: oldTokenId }],
      signal,
      deps.logger,
      'previous token (revokePrevious: immediately)',
    );
  } finally {
    await opener.closeAll();
  }
}
