// setSecret: a Vault API access token is active from the moment it is minted, so there is nothing to apply (and so
// nothing to check first: the dispatcher skips DescribeSecret for it).

import type { RotationLogger } from '../telemetry/logging.js';

export function setSecret(logger: RotationLogger): void {
  logger.info('setSecret: nothing to do in Vault (the new token is active from birth)');
}
