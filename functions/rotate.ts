// The Lambda entry point (template.yaml: Handler rotate.handler). One deployed function rotates any number of secrets:
// all configuration lives in each secret's value (README, "The secret's value").

import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import middy from '@middy/core';
import { openVaultSession } from '../shared/index.js';
import { logFailures, rotate } from './rotation/handler.js';
import { fleetFromEnvironment } from './rotation/fleet/fleet.js';
import { secretsManagerClientConfig } from './rotation/fleet/secrets-manager-retry.js';
import { redactingJsonReplacer, rotationLoggerFrom } from './rotation/telemetry/logging.js';
import { tuningFromEnvironment } from './rotation/tuning.js';
import { webIdentityTokenSource } from './rotation/web-identity.js';

const logger = new Logger({ serviceName: 'vault-api-token-rotator', jsonReplacerFn: redactingJsonReplacer });
const rotationLogger = rotationLoggerFrom(logger);
// Lambda gives the function its role's credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN): the only source read, so the SDK's default chain (SSO, INI, STS, IMDS…) is never reached and the
// build leaves it out (scripts/build.mjs, lambdaBuildOptions.external). Throttles (a fleet at Secrets Manager's 50
// writes per second) are retried with back-off, 6 attempts in all.
const secretsManager = new SecretsManagerClient({ ...secretsManagerClientConfig(), credentials: fromEnv() });
// Used only by credentials secrets with an OAuth sign-in of identity "aws-sts"; the STS client loads on first use.
const webIdentityToken = webIdentityTokenSource({ credentials: fromEnv(), region: process.env.AWS_REGION });

export const handler = middy(
  rotate({
    secretsManager,
    openVaultSession,
    webIdentityToken,
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
