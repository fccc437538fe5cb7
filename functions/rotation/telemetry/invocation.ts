// Runs one invocation with its summary: the fleet's `current` recorder is set for the Vault answers, DescribeSecret is
// watched for NextRotationDate, the duration is real time (performance.now, as Lambda bills it), and exactly one "Rotation invocation summary" line is logged however the step ends.

import { performance } from 'node:perf_hooks';
import { InvocationRecorder, describingPort, outcomeOf, SUMMARY_MESSAGE } from './invocation-summary.js';
import type { RotationDeps, RotationEvent } from '../context.js';

export async function withInvocationSummary(
  deps: RotationDeps,
  event: RotationEvent,
  run: (deps: RotationDeps) => Promise<void>,
): Promise<void> {
  const recorder = new InvocationRecorder(String(event.Step), String(event.SecretId), performance.now());
  const fleet = deps.fleet;
  fleet.current = recorder;
  try {
    await run({ ...deps, secretsManager: describingPort(deps.secretsManager, recorder) });
    log(deps, recorder.summary('succeeded', performance.now()));
  } catch (error) {
    const outcome = outcomeOf(error);
    const summary = recorder.summary(outcome, performance.now(), error);
    if (outcome === 'deferred') deps.logger.warn(SUMMARY_MESSAGE, { ...summary });
    else deps.logger.error(SUMMARY_MESSAGE, { ...summary });
    throw error;
  } finally {
    if (fleet.current === recorder) fleet.current = undefined;
  }
}

function log(deps: RotationDeps, summary: ReturnType<InvocationRecorder['summary']>): void {
  deps.logger.info(SUMMARY_MESSAGE, { ...summary });
}
