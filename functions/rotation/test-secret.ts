// testSecret: prove the pending token works on vaultDns and belongs to the expected user. Also correct when Secrets
// Manager calls it alone (RotateImmediately=false), where the pending version may carry the current value.

import pRetry from 'p-retry';
import { isInvalidSession } from '../../shared/errors.js';
import { RotationError } from './errors.js';
import { describeError } from './logging.js';
import { parseSecretValue } from './secret-value.js';
import { AWSPENDING, getSecretString } from './secrets-store.js';
import type { StepContext } from './types.js';
import { sessionOpener } from './vault-sessions.js';

export async function testSecret(ctx: StepContext): Promise<void> {
  const { deps, secretArn, versionId, signal } = ctx;
  const pendingString = await getSecretString(
    deps.secretsManager,
    { SecretId: secretArn, VersionId: versionId, VersionStage: AWSPENDING },
    signal,
  );
  const { config } = parseSecretValue(pendingString, `Secret ${secretArn} (AWSPENDING version ${versionId})`);
  if (config.accessToken === undefined) {
    throw new RotationError(`Secret ${secretArn} (AWSPENDING version ${versionId}) has no accessToken to test.`);
  }
  const opener = sessionOpener(ctx, config);
  try {
    const session = await opener.open(config.vaultDns, { kind: 'token', token: config.accessToken });
    const { propagationAttempts, propagationDelayMs } = deps.tuning;
    const user = await pRetry(() => session.whoAmI({ signal, expectedUserId: config.userId }), {
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
    if (isInvalidSession(error)) {
      throw new RotationError(
        `testSecret: Vault ${config.vaultDns} does not accept the pending token of secret ${secretArn} (version ${versionId}) after ${deps.tuning.propagationAttempts} tries. If the token was revoked, remove AWSPENDING from that version and rotate again.`,
        { cause: error },
      );
    }
    deps.logger.debug('testSecret failed', describeError(error));
    throw error;
  } finally {
    await opener.closeAll();
  }
}
