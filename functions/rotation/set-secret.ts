// setSecret: a Vault API access token is active from the moment it is minted, so there is nothing to apply.

import type { StepContext } from './types.js';

export async function setSecret(ctx: StepContext): Promise<void> {
  ctx.deps.logger.info('setSecret: nothing to do in Vault (the new token is active from birth)');
}
