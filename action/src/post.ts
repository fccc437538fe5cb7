import * as core from '@actions/core';
import { realDeps } from './entry-deps.js';
import { failureText } from './failure.js';
import { post } from './revoke.js';

// A failure here must not fail the job: the token expires on its own, and the warning says which one.
export default Promise.resolve()
  .then(() => post(realDeps(core)))
  .catch((error: unknown) => core.warning(`Token revocation failed unexpectedly: ${failureText(error)}`));
