// testSecret: prove the pending token works on vaultDns and belongs to the expected user. Also correct when Secrets
// Manager calls it alone (RotateImmediately=false), where the pending version may carry the current value.

import { setTimeout as delay } from 'node:timers/promises';
import pRetry from 'p-retry';
import { isInvalidSession, VaultUserMismatchError } from '../../../shared/errors.js';
import { acceptedSecretValue, RotationError } from '../errors.js';
import { describeError } from '../telemetry/logging.js';
import { AWSPENDING, parseSecretValue } from '../../../shared/rotated-secret/index.js';
import { getSecretString, updateSecretVersionStage } from '../secrets-manager.js';
import type { StepContext } from '../context.js';
import { sessionOpener } from '../fleet/sessions.js';

export async function testSecret(ctx: StepContext): Promise<void> {
  const { deps, secretArn, versionId, signal } = ctx;
  const pendingString = await getSecretString(
    deps.secretsManager,
    { SecretId: secretArn, VersionId: versionId, VersionStage: AWSPENDING },
    signal,
  );
  const { config } = acceptedSecretValue(
    parseSecretValue(pendingString),
    `Secret ${secretArn} (AWSPENDING version ${versionId})`,
  );
  if (config.accessToken === undefined) {
    throw new RotationError(`Secret ${secretArn} (AWSPENDING version ${versionId}) has no accessToken to test.`);
  }
  const opener = sessionOpener(ctx, config);
  try {
    const session = await opener.open(config.vaultDns, { kind: 'token', token: config.accessToken });
    const { propagationAttempts, propagationDelayMs } = deps.tuning;
    const askWhoAmI = () => session.whoAmI({ signal, expectedUserId: config.userId });
    const user = await pRetry(() => confirmingMismatch(ctx, askWhoAmI), {
      retries: Math.max(0, propagationAttempts - 1),
      minTimeout: propagationDelayMs,
      factor: 2,
      randomize: false,
      signal,
      // A brand-new token may take a moment to be accepted everywhere; anything else is a real failure.
      shouldRetry: ({ error }) => isInvalidSession(error),
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        if (isInvalidSession(error) && retriesLeft > 0) {
          deps.logger.info('testSecret: the pending token is not accepted yet; trying again', { attemptNumber });
        }
      },
    });
    deps.logger.info('testSecret: the pending token works', { userId: user.userId, tokenId: config.tokenId });
  } catch (error) {
    if (isInvalidSession(error) || error instanceof VaultUserMismatchError) {
      const why = isInvalidSession(error)
        ? `Vault ${config.vaultDns} does not accept the pending token after ${deps.tuning.propagationAttempts} tries (it expired or was revoked)`
        : `the pending token belongs to another Vault user than its userId`;
      throw await abandonPending(ctx, why, error);
    }
    deps.logger.debug('testSecret failed', describeError(error));
    throw error;
  } finally {
    await opener.closeAll();
  }
}

/**
 * A pending version is abandoned only when it provably can never pass. One answer naming another user is not proof
 * (seen once on a bootstrap rotation and in the steady state, then never again), so a mismatch is asked again after
 * the propagation delay: the same mismatch twice is an answer; the right user the second time is a pass; any other
 * failure of the second question is handled as that failure would be on the first.
 */
async function confirmingMismatch<T>(ctx: StepContext, ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (!(error instanceof VaultUserMismatchError)) throw error;
    ctx.deps.logger.warn('testSecret: Vault named another user for the pending token; asking once more before giving up', {
      expectedUserId: error.expectedUserId,
    });
    await delay(ctx.deps.tuning.propagationDelayMs, undefined, { signal: ctx.signal });
    return await ask();
  }
}

/**
 * A pending version that can never pass this test (its value cannot be replaced: Secrets Manager refuses a second
 * value for a version id) would block every later rotation. Taking AWSPENDING off it lets the next rotation start
 * afresh; its token, if alive, is then a token of a version no label references, which the next finishSecret revokes. Nothing
 * is revoked here: a false "not accepted" (a token still propagating) must not kill a token a finish may promote.
 */
async function abandonPending(ctx: StepContext, why: string, cause: unknown): Promise<RotationError> {
  const { deps, secretArn, versionId, signal } = ctx;
  const what = `testSecret: ${why} (secret ${secretArn}, version ${versionId}).`;
  try {
    await updateSecretVersionStage(
      deps.secretsManager,
      { SecretId: secretArn, VersionStage: AWSPENDING, RemoveFromVersionId: versionId },
      signal,
    );
    deps.logger.warn('testSecret: removed AWSPENDING from a version that can never pass; the next rotation starts afresh');
    return new RotationError(
      `${what} AWSPENDING was removed from that version, so the next rotation starts afresh and mints a new token; nothing else to do unless it fails again.`,
      { cause },
    );
  } catch (error) {
    deps.logger.warn('testSecret: could not remove AWSPENDING from the failed version', describeError(error));
    return new RotationError(
      `${what} Removing AWSPENDING from it failed too; remove it by hand (aws secretsmanager update-secret-version-stage --secret-id ${secretArn} --version-stage AWSPENDING --remove-from-version-id ${versionId}), then rotate again.`,
      { cause },
    );
  }
}
