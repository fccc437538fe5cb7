// The service's own rotation work, done against moto through its public API. moto cannot be told "start a rotation
// but invoke nothing", and it differs from AWS in ways that matter here, so each step below says what it corrects.
import {
  DescribeSecretCommand,
  type DescribeSecretResponse,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { rotationIncomplete, ServiceError } from './errors.js';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from './labels.js';
import type { RotationRules } from './model.js';
import {
  assertClientRequestToken,
  DEFAULT_ROTATION_LAMBDA_ARN,
  DEFAULT_ROTATION_RULES,
  rulesFromOptions,
  type StartRotationOptions,
} from './rotation-defaults.js';

type Stages = Record<string, string[]>;

async function describe(
  sm: SecretsManagerClient,
  secretId: string,
): Promise<DescribeSecretResponse & { stages: Stages }> {
  const described = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
  return { ...described, stages: described.VersionIdsToStages ?? {} };
}

function holderOf(stages: Stages, label: string): string | undefined {
  return Object.keys(stages).find((id) => stages[id]?.includes(label));
}

export async function startMotoRotation(
  sm: SecretsManagerClient,
  secretId: string,
  clientRequestToken: string,
  options: StartRotationOptions = {},
): Promise<void> {
  assertClientRequestToken('clientRequestToken', clientRequestToken);
  const before = await describe(sm, secretId);
  const pending = holderOf(before.stages, AWSPENDING);
  const unfinished = pending !== undefined && !before.stages[pending]?.includes(AWSCURRENT);
  // moto's own check is inverted (it refuses when AWSPENDING is on AWSCURRENT and silently takes the label from an
  // unfinished rotation), so the service's rule is applied here. The same token is the service's reattempt.
  if (unfinished && pending === clientRequestToken) return;
  if (unfinished) throw rotationIncomplete();
  if (pending !== undefined) {
    await sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: AWSPENDING,
        RemoveFromVersionId: pending,
      }),
    );
  }
  // moto would silently overwrite an existing version with the placeholder.
  if (before.stages[clientRequestToken] !== undefined) {
    throw new ServiceError('ResourceExistsException', `Version ${clientRequestToken} already exists.`);
  }

  const rules = rulesFromOptions(options) ?? (before.RotationRules === undefined ? DEFAULT_ROTATION_RULES : undefined);
  try {
    await sm.send(
      new RotateSecretCommand({
        SecretId: secretId,
        ClientRequestToken: clientRequestToken,
        RotationLambdaARN: options.rotationLambdaArn ?? (before.RotationLambdaARN || DEFAULT_ROTATION_LAMBDA_ARN),
        ...(rules === undefined ? {} : { RotationRules: motoRules(rules) }),
      }),
    );
  } catch (error) {
    // The workaround: moto records the configuration and the value-less AWSPENDING placeholder, then looks the
    // function up to invoke it. No Lambda exists in this moto, so the call fails right there, leaving exactly the
    // state the service leaves before it invokes createSecret (AWSCURRENT untouched, moto's default version too).
    if (!isMissingLambda(error)) throw error;
  }
  const after = await describe(sm, secretId);
  if (!after.stages[clientRequestToken]?.includes(AWSPENDING)) {
    throw new Error(
      `moto did not create the AWSPENDING placeholder ${clientRequestToken}: a Lambda may exist in this moto (it would then have been invoked); use a fresh moto_server.`,
    );
  }
}

function isMissingLambda(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ResourceNotFoundException' &&
    error.message.startsWith('Resource not found for ARN')
  );
}

/** moto keeps only AutomaticallyAfterDays, and enables rotation only when it is set. */
function motoRules(rules: RotationRules): RotationRules {
  if (rules.ScheduleExpression === undefined) return rules;
  const rate = /^rate\((\d+) (hour|hours|day|days)\)$/.exec(rules.ScheduleExpression);
  const days = rate === null ? 1 : Math.max(1, Math.ceil(Number(rate[1]) / (rate[2]?.startsWith('hour') ? 24 : 1)));
  return { AutomaticallyAfterDays: days };
}

export async function completeMotoRotation(
  sm: SecretsManagerClient,
  secretId: string,
  clientRequestToken: string,
): Promise<void> {
  const { stages } = await describe(sm, secretId);
  const labels = stages[clientRequestToken];
  if (labels === undefined) {
    throw new ServiceError(
      'ResourceNotFoundException',
      `Version ${clientRequestToken} is not a version of secret ${secretId}; there is no rotation to complete.`,
    );
  }
  if (!labels.includes(AWSPENDING)) return;
  if (labels.includes(AWSCURRENT) && (await realignDefaultVersion(sm, secretId, clientRequestToken, stages))) return;
  await sm.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretId,
      VersionStage: AWSPENDING,
      RemoveFromVersionId: clientRequestToken,
    }),
  );
}

/**
 * moto answers GetSecretValue without VersionStage from a "default version" that UpdateSecretVersionStage never
 * moves, so after finishSecret plain reads would still return the old value. Re-putting the new version's own value
 * with VersionStages [AWSCURRENT] (moto accepts that on a version still labelled AWSPENDING) makes it moto's default,
 * drops AWSPENDING and leaves AWSPREVIOUS on the old version: the state AWS ends in. Only done when moto's default is
 * the old version that now holds AWSPREVIOUS; returns false when it does not apply.
 */
async function realignDefaultVersion(
  sm: SecretsManagerClient,
  secretId: string,
  versionId: string,
  stages: Stages,
): Promise<boolean> {
  let defaultVersionId: string | undefined;
  try {
    defaultVersionId = (await sm.send(new GetSecretValueCommand({ SecretId: secretId }))).VersionId;
  } catch {
    return false;
  }
  if (defaultVersionId === versionId || defaultVersionId !== holderOf(stages, AWSPREVIOUS)) return false;
  const current = await sm.send(
    new GetSecretValueCommand({ SecretId: secretId, VersionId: versionId, VersionStage: AWSCURRENT }),
  );
  if (current.SecretString === undefined) return false;
  await sm.send(
    new PutSecretValueCommand({
      SecretId: secretId,
      ClientRequestToken: versionId,
      SecretString: current.SecretString,
      VersionStages: [AWSCURRENT],
    }),
  );
  return true;
}
