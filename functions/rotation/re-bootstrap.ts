// The message for the one failure a person must fix by hand: the current token no longer works and nothing else can
// mint. It spells out the exact commands, with this secret's ARN and the stuck version id filled in.

import { RotationError } from './errors.js';
import type { RotatedSecretConfig } from './secret-value.js';
import type { StepContext } from './types.js';

export function reBootstrapError(
  ctx: StepContext,
  config: RotatedSecretConfig,
  userId: string | undefined,
  cause: unknown,
): RotationError {
  const arn = ctx.secretArn;
  return new RotationError(
    [
      `The current token in secret ${arn} (AWSCURRENT) is no longer accepted by Vault ${config.vaultDns} (it expired or was revoked), and the secret has no credentialsSecretArn to mint a new one with. Nothing was minted. To re-bootstrap:`,
      `1. In Vault ${config.vaultDns}, sign in as ${userId === undefined ? 'the token owner' : `user ${userId}`} and create an API access token (user profile > API Access Tokens).`,
      `2. Store it as the current value, keeping the other fields and dropping tokenId and expiresAt: aws secretsmanager put-secret-value --secret-id ${arn} --secret-string '{"vaultDns":"${config.vaultDns}","accessToken":"<the new token>"}' --version-stages AWSCURRENT`,
      `3. Remove the stuck pending version: aws secretsmanager update-secret-version-stage --secret-id ${arn} --version-stage AWSPENDING --remove-from-version-id ${ctx.versionId}`,
      `4. Rotate again: aws secretsmanager rotate-secret --secret-id ${arn}`,
      'To recover on its own next time, give the secret a credentialsSecretArn.',
    ].join('\n'),
    { cause },
  );
}
