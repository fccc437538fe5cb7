import * as core from '@actions/core';
import { watchCancellation } from './cancellation.js';
import { realDeps } from './entry-deps.js';
import { failureText } from './failure.js';
import { run } from './mint.js';

const cancellation = watchCancellation(process, (signal) =>
  core.info(`Received ${signal}: the job is being cancelled; finishing or abandoning the mint, then cleaning up.`),
);

// Exported so a test can await the whole step.
export default Promise.resolve()
  .then(() => run({ ...realDeps(core), cancellation }))
  .catch((error: unknown) => core.setFailed(failureText(error)))
  .finally(() => cancellation.dispose());
