// The Lambda benchmark's reference: the least a rotation function needs — middy and a Secrets Manager client — built
// with its own fixed options (bench/reference/build-options.ts: ES-module entry points, minified), never the project's.
// One command class is imported so the client is used at all; its credentials come from the SDK's default chain, as
// `new SecretsManagerClient({})` has them.
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import middy from '@middy/core';

const secretsManager = new SecretsManagerClient({});

export const handler = middy(async (event: { SecretId: string }) => {
  await secretsManager.send(new DescribeSecretCommand({ SecretId: event.SecretId }));
});
