// The main step's entry: the real @actions/core, process and network go in; the step itself is mint/main-step.ts.

import { maskSecret } from './job-log/mask-secret.js';
import { watchCancellation } from './mint/cancellation.js';
import { githubIdToken } from './mint/id-token.js';
import { runMainStep } from './mint/main-step.js';
import { actionsCore as core, realDeps } from './real-deps.js';

const cancellation = watchCancellation(process, (signal) =>
  core.info(`Received ${signal}: the job is being cancelled; finishing or abandoning the mint, then cleaning up.`),
);

// Exported so a test can await the whole step.
export default runMainStep(core, () => {
  const deps = realDeps(core);
  return {
    ...deps,
    getIDToken: githubIdToken(deps.env, deps.fetch, (value) => maskSecret(deps.core, value)),
    cancellation,
  };
}).finally(() => cancellation.dispose());
