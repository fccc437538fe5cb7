// The post step's entry: the real @actions/core, process and network go in; the step itself is revoke/post-step.ts.

import { actionsCore as core, realDeps } from './real-deps.js';
import { runPostStep } from './revoke/post-step.js';

// A cancelled job can interrupt post too: the runner sends SIGINT, SIGTERM 7.5 s later, and kills the step 2.5 s after
// that. Dying at SIGINT would leave the token valid; a revocation takes well under that grace, so it is finished.
const finishFirst = (signal: NodeJS.Signals) => core.info(`Received ${signal}: finishing the revocation first.`);
process.on('SIGINT', finishFirst);
process.on('SIGTERM', finishFirst);

// A failure here must not fail the job: the token expires on its own, and the warning says which one.
export default runPostStep(core, () => realDeps(core)).finally(() => {
  process.off('SIGINT', finishFirst);
  process.off('SIGTERM', finishFirst);
});
