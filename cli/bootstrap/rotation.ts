// --rotation-lambda-arn: attach the function with the schedule, rotate at once, and follow the rotation until
// AWSCURRENT moves to the new version (success), the function's log shows an error, or --wait runs out. The secret
// already holds a working token this rotator owns, so a failed rotation leaves a usable, recoverable secret.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeSecretCommand, RotateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsFlags } from '../aws-flags.js';
import { logsClient } from '../aws.js';
import { type CliIo, note } from '../io.js';
import { startProgress } from '../progress.js';
import { latestFunctionError, type LogReading } from './function-log.js';
import type { RotationPlan } from './plan.js';
import { AWSCURRENT, AWSPENDING } from '../../shared/rotated-secret/index.js';

const POLL_MS = 1000;

export async function attachAndFollowRotation(
  io: CliIo,
  sm: SecretsManagerClient,
  aws: AwsFlags,
  secretArn: string,
  plan: RotationPlan,
  /** Aborted by SIGINT/SIGTERM: the following stops (the rotation goes on in Secrets Manager). */
  stop: AbortSignal,
): Promise<boolean> {
  const startedAt = Date.now();
  const versionId = randomUUID();
  try {
    await sm.send(
      new RotateSecretCommand({
        SecretId: secretArn,
        ClientRequestToken: versionId,
        RotationLambdaARN: plan.lambdaArn,
        RotationRules: { ScheduleExpression: plan.scheduleExpression, ...(plan.window === undefined ? {} : { Duration: plan.window }) },
        RotateImmediately: true,
      }),
    );
  } catch (error) {
    note(io, `Rotation was NOT attached: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}.`);
    note(io, 'The secret holds the token just minted; attach rotation with aws secretsmanager rotate-secret once the cause is fixed.');
    return false;
  }
  note(io, `Rotation attached (${plan.scheduleExpression}${plan.window ? `, window ${plan.window}` : ''}); rotating now as version ${versionId}.`);
  if (stop.aborted) {
    note(io, `Not following it (interrupted): it goes on in Secrets Manager; see vault-api-token status --secret-id ${secretArn}`);
    return false;
  }
  const logs = logsClient(aws);
  const progress = startProgress(io, 'Waiting for the rotation to move AWSCURRENT');
  try {
    const outcome = await follow(sm, logs, secretArn, versionId, plan, startedAt, (text) => progress.update(text), stop);
    if (outcome.kind === 'done') {
      progress.succeed(`Rotated: AWSCURRENT is version ${versionId}.`);
      return true;
    }
    if (outcome.kind === 'stopped') {
      progress.fail('Stopped following the rotation (interrupted): it goes on in Secrets Manager.');
      note(io, `See vault-api-token status --secret-id ${secretArn}`);
      return false;
    }
    progress.fail(`Rotation did not finish: ${outcome.reason}.`);
    note(io, `The secret still holds the bootstrap token (version before ${versionId}); AWSPENDING is on ${versionId}.`);
    note(io, `See vault-api-token status --secret-id ${secretArn}; fix the cause and Secrets Manager retries, or run rotate-secret again.`);
    return false;
  } finally {
    logs.destroy();
  }
}

type Outcome = { readonly kind: 'done' } | { readonly kind: 'stopped' } | { readonly kind: 'failed'; readonly reason: string };

async function follow(
  sm: SecretsManagerClient,
  logs: ReturnType<typeof logsClient>,
  secretArn: string,
  versionId: string,
  plan: RotationPlan,
  startedAt: number,
  say: (text: string) => void,
  stop: AbortSignal,
): Promise<Outcome> {
  let logState: LogReading = { kind: 'none' };
  const polls = Math.ceil(plan.waitMs / POLL_MS);
  for (let poll = 0; poll <= polls; poll += 1) {
    if (stop.aborted) return { kind: 'stopped' };
    const described = await sm.send(new DescribeSecretCommand({ SecretId: secretArn }));
    const stages = described.VersionIdsToStages?.[versionId] ?? [];
    if (stages.includes(AWSCURRENT) && !stages.includes(AWSPENDING)) return { kind: 'done' };
    say(stages.includes(AWSCURRENT) ? 'AWSCURRENT moved; waiting for AWSPENDING to clear' : 'Waiting for the rotation to move AWSCURRENT');
    if (logState.kind !== 'unavailable') {
      logState = await latestFunctionError(logs, plan.lambdaArn, startedAt);
      if (logState.kind === 'error') return { kind: 'failed', reason: `the function logged ${logState.message}` };
    }
    if (poll < polls) await sleep(POLL_MS, undefined, { signal: stop }).catch(() => undefined);
  }
  const why = logState.kind === 'unavailable' ? ` (its log could not be read: ${logState.why})` : '';
  return { kind: 'failed', reason: `AWSCURRENT did not move within ${Math.round(plan.waitMs / 1000)} s${why}` };
}
