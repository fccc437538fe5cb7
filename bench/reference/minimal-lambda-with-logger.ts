// A second Lambda reference: the minimal bundle plus Powertools Logger and its middy middleware, which issue 3
// requires, built with the same fixed reference options. It shows how much of the gap to the minimal reference the
// required logger accounts for on its own.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import middy from '@middy/core';

const logger = new Logger({ serviceName: 'bench-reference' });
const secretsManager = new SecretsManagerClient({});

export const handler = middy(async (event: { SecretId: string }) => {
  await secretsManager.send(new DescribeSecretCommand({ SecretId: event.SecretId }));
}).use(injectLambdaContext(logger));
