// The checks every step makes first (as in AWS's rotation templates), then the step itself.

import { createSecret } from './create-secret.js';
import { RotationError } from './errors.js';
import { finishSecret } from './finish-secret.js';
import { AWSCURRENT, AWSPENDING, describeSecret } from './secrets-store.js';
import { setSecret } from './set-secret.js';
import { testSecret } from './test-secret.js';
import type { RotationDeps, RotationEvent, RotationStep, StepContext } from './types.js';

const STEPS: Record<RotationStep, (ctx: StepContext) => Promise<void>> = {
  createSecret,
  setSecret,
  testSecret,
  finishSecret,
};

export async function dispatch(event: RotationEvent, deps: RotationDeps, signal: AbortSignal): Promise<void> {
  const step = Object.hasOwn(STEPS, event.Step) ? STEPS[event.Step] : undefined;
  if (step === undefined) {
    throw new RotationError(
      `Unknown rotation step "${String(event.Step)}": expected createSecret, setSecret, testSecret or finishSecret.`,
    );
  }
  const description = await describeSecret(deps.secretsManager, event.SecretId, signal);
  const secretArn = description.ARN ?? event.SecretId;
  const versionId = event.ClientRequestToken;
  if (description.RotationEnabled === false) {
    throw new RotationError(`Secret ${secretArn} is not enabled for rotation.`);
  }
  const stages = description.VersionIdsToStages?.[versionId];
  if (stages === undefined) {
    throw new RotationError(
      `Secret version ${versionId} has no stage for rotation of secret ${secretArn} (it is not a version of this secret).`,
    );
  }
  if (stages.includes(AWSCURRENT)) {
    deps.logger.info('The version is already AWSCURRENT: rotation already finished; nothing to do');
    return;
  }
  if (!stages.includes(AWSPENDING)) {
    throw new RotationError(
      `Secret version ${versionId} of secret ${secretArn} is not set as AWSPENDING for rotation (its stages: ${stages.join(', ') || 'none'}).`,
    );
  }
  await step({ deps, event, secretArn, versionId, description, signal });
}
