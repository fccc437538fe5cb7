import * as core from '@actions/core';
import { realDeps } from './entry-deps.js';
import { describeFailure } from './failure.js';
import { run } from './mint.js';

// Exported so a test can await the whole step.
export default Promise.resolve()
  .then(() => run(realDeps(core)))
  .catch((error: unknown) => core.setFailed(describeFailure(error)));
