// The Lambda entry point (template.yaml: Handler rotate.handler). One deployed function rotates any number of secrets:
// all configuration lives in each secret's value (README, "The secret's value").

import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import middy from '@middy/core';
import { openVaultSession } from '../shared/index.js';
import { logFailures, rotate } from './rotation/handler.js';
import { fleetFromEnvironment } from './rotation/fleet/fleet.js';
import { secretsManagerClientConfig } from './rotation/fleet/secrets-manager-retry.js';
import { redactingJsonReplacer, rotationLoggerFrom } from './rotation/telemetry/logging.js';
import { tuningFromEnvironment } from './rotation/tuning.js';

const logger = new Logger({ serviceName: 'vault-api-token-rotator', jsonReplacerFn: redactingJsonReplacer });
const rotationLogger = rotationLoggerFrom(logger);
// Throttles (a fleet at Secrets Manager's 50 writes per second) are retried with back-off, 6 attempts in all.
const secretsManager = new SecretsManagerClient(secretsManagerClientConfig());

export const handler = middy(
  rotate({
    secretsManager,
    openVaultSession,
    logger: rotationLogger,
    now: () => new Date(),
    tuning: tuningFromEnvironment(process.env),
    // Module scope: one per container, so warm invocations share the burst ledger and password sessions.
    fleet: fleetFromEnvironment(process.env),
  }),
  // Abort Vault and SDK calls 1.5 s before the Lambda timeout, leaving time to log the failure.
  { timeoutEarlyInMillis: 1500 },
)
  .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
  .use(logFailures(rotationLogger));
