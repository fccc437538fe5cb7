// The Lambda handler as a plain function of its dependencies: tag the log context, then dispatch. The middy wrapper
// (functions/rotate.ts) adds the Powertools context and the abort signal.

import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { dispatch } from './dispatch.js';
import { withInvocationSummary } from './telemetry/invocation.js';
import { describeError, type RotationLogger } from './telemetry/logging.js';
import { redactError, registerSecretValue } from '../../shared/redaction/redact.js';
import type { RotationDeps, RotationEvent } from './context.js';

export type RotationHandler = (
  event: RotationEvent,
  context: Context,
  options: { signal: AbortSignal },
) => Promise<void>;

export function rotate(deps: RotationDeps): RotationHandler {
  return async (event, _context, { signal }) => {
    registerSecretValue(event.RotationToken, { anyLength: true });
    // Only these three fields of the event are ever logged; RotationToken never is.
    deps.logger.appendKeys({
      step: String(event.Step),
      secretArn: String(event.SecretId),
      versionId: String(event.ClientRequestToken),
    });
    deps.logger.info('Rotation step started');
    try {
      await withInvocationSummary(deps, event, (invocationDeps) => dispatch(event, invocationDeps, signal));
    } catch (error) {
      // Lambda reports errorMessage and the stack as they are: blank any secret a service echoed into them.
      redactError(error);
      throw error;
    }
    // After middy's early timeout the invocation has already been reported as failed; a late end is not a success.
    if (signal.aborted) {
      deps.logger.warn('Rotation step ran past its time limit; it was reported as failed and its late end changes nothing');
      return;
    }
    deps.logger.info('Rotation step succeeded');
  };
}

/** Logs every failure once, including middy's early timeout (which never reaches the handler's own code). */
export function logFailures(logger: RotationLogger): MiddlewareObj<RotationEvent> {
  return {
    onError: (request) => {
      redactError(request.error);
      logger.error('Rotation step failed', describeError(request.error));
    },
  };
}
