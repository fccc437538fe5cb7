// The Lambda benchmark's reference: the least a rotation function needs — middy and a Secrets Manager client — built
// with the same esbuild options as functions/rotate.ts. One command class is imported so the client is used at all.
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import middy from '@middy/core';

const secretsManager = new SecretsManagerClient({});

export const handler = middy(async (event: { SecretId: string }) => {
  await secretsManager.send(new DescribeSecretCommand({ SecretId: event.SecretId }));
});
