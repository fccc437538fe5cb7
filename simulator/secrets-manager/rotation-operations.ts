// RotateSecret and CancelRotateSecret, plus the two things the service does on its own around a rotation (start it
// with a value-less AWSPENDING placeholder; drop AWSPENDING once finishSecret has succeeded). The stand-in never
// invokes a Lambda: the rotation driver does, the way the service would.
import { randomUUID } from 'node:crypto';
import { checkRotationRules } from '../../shared/rotated-secret/index.js';
import { invalidParameter, rotationIncomplete, ServiceError } from './errors.js';
import { AWSCURRENT, AWSPENDING, detachLabel, holderOf } from './labels.js';
import { existingSecret, liveSecret } from './lookup.js';
import type { RotationRules, Store, StoredSecret } from './model.js';
import type { RequestOf } from './requests.js';

export interface BeginRotation {
  readonly secretId: string;
  readonly clientRequestToken: string;
  readonly lambdaArn: string | undefined;
  readonly rules: RotationRules | undefined;
  /** False (RotateImmediately=false): record the configuration only; the stand-in cannot run the test itself. */
  readonly createPending: boolean;
  /** The service's reattempt: AWSPENDING already on `clientRequestToken` is taken over instead of refused. */
  readonly reattemptSameToken: boolean;
}

export function beginRotation(store: Store, begin: BeginRotation): StoredSecret {
  const secret = liveSecret(store, begin.secretId);
  const rules = validRules(begin.rules);
  const lambdaArn = begin.lambdaArn ?? secret.rotation.lambdaArn;
  if (lambdaArn === undefined) {
    throw new ServiceError(
      'InvalidRequestException',
      "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured and you didn't include such an ARN as a parameter in this call.",
    );
  }
  const pending = holderOf(secret, AWSPENDING);
  const unfinished = pending !== undefined && !pending.stages.has(AWSCURRENT);
  const reattempt = unfinished && begin.reattemptSameToken && pending.id === begin.clientRequestToken;
  if (unfinished && !reattempt) throw rotationIncomplete();
  if (begin.createPending && !reattempt && secret.versions.has(begin.clientRequestToken)) {
    throw new ServiceError(
      'ResourceExistsException',
      `You can't use ClientRequestToken ${begin.clientRequestToken} because that value is already in use for a version of secret ${secret.arn}.`,
    );
  }

  Object.assign(secret.rotation, { configured: true, enabled: true, lambdaArn, rules: rules ?? secret.rotation.rules });
  if (!begin.createPending || reattempt) return secret;
  // AWSPENDING left on the current version is a legal end state of an earlier rotation; it moves to the new one.
  if (pending !== undefined) detachLabel(pending, AWSPENDING);
  secret.versions.set(begin.clientRequestToken, {
    id: begin.clientRequestToken,
    value: undefined,
    stages: new Set([AWSPENDING]),
    createdAt: new Date(),
  });
  return secret;
}

/** The service refuses a schedule it cannot keep (more often than every 4 hours, a window over 24 h, …). */
function validRules(rules: RotationRules | undefined): RotationRules | undefined {
  if (rules === undefined) return undefined;
  const problem = checkRotationRules(rules);
  if (problem !== undefined) throw invalidParameter(problem);
  return rules;
}

export function rotateSecret(store: Store, request: RequestOf<'RotateSecret'>) {
  const createPending = request.RotateImmediately !== false;
  const clientRequestToken = request.ClientRequestToken ?? randomUUID();
  const secret = beginRotation(store, {
    secretId: request.SecretId,
    clientRequestToken,
    lambdaArn: request.RotationLambdaARN,
    rules: request.RotationRules,
    createPending,
    reattemptSameToken: false,
  });
  if (createPending) store.rotationStarted?.(secret, clientRequestToken);
  return { ARN: secret.arn, Name: secret.name, ...(createPending ? { VersionId: clientRequestToken } : {}) };
}

export function cancelRotateSecret(store: Store, request: RequestOf<'CancelRotateSecret'>) {
  const secret = liveSecret(store, request.SecretId);
  if (secret.rotation.lambdaArn === undefined) {
    throw new ServiceError(
      'InvalidRequestException',
      "You tried to cancel rotation on a secret that doesn't have a Lambda function ARN configured.",
    );
  }
  // Labels stay as they are, as in AWS: a cancelled rotation's AWSPENDING must be cleaned up by the operator.
  secret.rotation.enabled = false;
  const pending = holderOf(secret, AWSPENDING);
  return { ARN: secret.arn, Name: secret.name, ...(pending === undefined ? {} : { VersionId: pending.id }) };
}

/** After a successful finishSecret the service removes AWSPENDING; a version it left as AWSCURRENT was rotated. */
export function completeRotation(store: Store, secretId: string, clientRequestToken: string): void {
  const secret = existingSecret(store, secretId);
  const version = secret.versions.get(clientRequestToken);
  if (version === undefined) {
    throw new ServiceError(
      'ResourceNotFoundException',
      `Version ${clientRequestToken} is not a version of secret ${secret.arn}; there is no rotation to complete.`,
    );
  }
  detachLabel(version, AWSPENDING);
  if (version.stages.has(AWSCURRENT)) secret.rotation.lastRotatedAt = new Date();
}
