// The checks every step makes first (as in AWS's rotation templates), then the step itself. setSecret has nothing to
// do for a Vault token, so it is answered before DescribeSecret: checking the staging of a step that changes nothing
// would only cost a call.

import { createSecret } from './steps/create-secret/create-secret.js';
import { RotationError } from './errors.js';
import { finishSecret } from './steps/finish-secret.js';
import { AWSCURRENT, AWSPENDING, stagesOf } from '../../shared/rotated-secret/index.js';
import { describeSecret } from './secrets-manager.js';
import { setSecret } from './steps/set-secret.js';
import { testSecret } from './steps/test-secret.js';
import type { RotationDeps, RotationEvent, RotationStep, StepContext } from './context.js';

const STEPS: Record<Exclude<RotationStep, 'setSecret'>, (ctx: StepContext) => Promise<void>> = {
  createSecret,
  testSecret,
  finishSecret,
};

/** Secrets Manager's ClientRequestToken: 32-64 characters (a UUID in practice), here without spaces or controls. */
const CLIENT_REQUEST_TOKEN = /^[\x21-\x7e]{32,64}$/;

export async function dispatch(event: RotationEvent, deps: RotationDeps, signal: AbortSignal): Promise<void> {
  const stepName = event.Step as string;
  const step = Object.hasOwn(STEPS, stepName) ? STEPS[stepName as keyof typeof STEPS] : undefined;
  if (step === undefined && stepName !== 'setSecret') {
    throw new RotationError(
      `Unknown rotation step "${String(event.Step)}": expected createSecret, setSecret, testSecret or finishSecret.`,
    );
  }
  const versionId = event.ClientRequestToken;
  if (typeof versionId !== 'string' || !CLIENT_REQUEST_TOKEN.test(versionId)) {
    throw new RotationError(
      'The event\'s ClientRequestToken is not a secret version id: expected 32-64 printable characters without spaces (a UUID). Nothing was done.',
    );
  }
  if (typeof event.SecretId !== 'string' || event.SecretId.length === 0) {
    throw new RotationError("The event's SecretId is missing: expected the secret's ARN. Nothing was done.");
  }
  if (step === undefined) {
    setSecret(deps.logger);
    return;
  }
  const description = await describeSecret(deps.secretsManager, event.SecretId, signal);
  const secretArn = description.ARN ?? event.SecretId;
  if (description.RotationEnabled === false) {
    throw new RotationError(`Secret ${secretArn} is not enabled for rotation.`);
  }
  const stages = stagesOf(description, versionId);
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
