// The Lambda handler as a plain function of its dependencies: tag the log context, then dispatch. The middy wrapper
// (functions/rotate.ts) adds the Powertools context and the abort signal.

import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { dispatch } from './dispatch.js';
import { withInvocationSummary } from './invocation.js';
import { describeError, type RotationLogger } from './logging.js';
import type { RotationDeps, RotationEvent } from './types.js';

export type RotationHandler = (
  event: RotationEvent,
  context: Context,
  options: { signal: AbortSignal },
) => Promise<void>;

export function rotate(deps: RotationDeps): RotationHandler {
  return async (event, _context, { signal }) => {
    // Only these three fields of the event are ever logged; RotationToken never is.
    deps.logger.appendKeys({
      step: String(event.Step),
      secretArn: String(event.SecretId),
      versionId: String(event.ClientRequestToken),
    });
    deps.logger.info('Rotation step started');
    await withInvocationSummary(deps, event, (invocationDeps) => dispatch(event, invocationDeps, signal));
    deps.logger.info('Rotation step succeeded');
  };
}

/** Logs every failure once, including middy's early timeout (which never reaches the handler's own code). */
export function logFailures(logger: RotationLogger): MiddlewareObj<RotationEvent> {
  return {
    onError: (request) => {
      logger.error('Rotation step failed', describeError(request.error));
    },
  };
}
