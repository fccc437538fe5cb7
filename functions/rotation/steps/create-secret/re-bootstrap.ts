// The message for the one failure a person must fix by hand: the current token no longer works and nothing else can
// mint. It spells out the exact commands, with this secret's ARN and the stuck version id filled in. The new token
// never goes on a command line (shell history, ps): it is read into a file made with umask 077, and jq edits the
// current value in place, so every other field (revokePrevious, tokenLifetime, clientId, …) is kept. The last step
// retires the hand-made token: it has no name of this secret, so the rotator never revokes it, and it may never
// expire; left alone it breaks "only AWSCURRENT's and AWSPREVIOUS's tokens are active".

import { RotationError } from '../../errors.js';
import type { RotatedSecretConfig } from '../../../../shared/rotated-secret/index.js';
import type { StepContext } from '../../context.js';

export function reBootstrapError(
  ctx: StepContext,
  config: RotatedSecretConfig,
  userId: string | undefined,
  cause: unknown,
): RotationError {
  const arn = ctx.secretArn;
  // The CLI's --secret-name takes the name, never an ARN.
  const name = ctx.description.Name ?? 'SECRET_NAME';
  const sentences = (...parts: string[]) => parts.join(' ');
  const storeCommand = [
    `umask 077 && read -rs -p 'New token: ' VAT_TOKEN && echo`,
    `&& aws secretsmanager get-secret-value --secret-id ${arn} --query SecretString --output text`,
    `| VAT_TOKEN="$VAT_TOKEN" jq '.accessToken = env.VAT_TOKEN | del(.tokenId, .expiresAt, .userId)' > vat-secret.json`,
    '&& unset VAT_TOKEN',
    `&& aws secretsmanager put-secret-value --secret-id ${arn} --secret-string file://vat-secret.json --version-stages AWSCURRENT;`,
    'rm -f vat-secret.json',
  ].join(' ');
  const cliCommand = [
    `vault-api-token bootstrap --update --secret-name ${name} --vault-dns ${config.vaultDns}`,
    '--token-stdin --revoke-bootstrap-token --bootstrap-token-id ID',
  ].join(' ');
  return new RotationError(
    [
      sentences(
        `The current token in secret ${arn} (AWSCURRENT) is no longer accepted by Vault ${config.vaultDns}.`,
        'Likely causes: it expired or was deleted;',
        "the Vault is a sandbox that was refreshed (Vault copies production's tokens into it, replacing the sandbox's own);",
        'the Vault was promoted from pre-production to production (Vault copies no tokens);',
        'or the user was converted to VeevaID (Vault deletes their tokens and mints none for a VeevaID user: store a token of another user).',
        'The secret has no credentialsSecretArn to mint a new one with. Nothing was minted. To re-bootstrap:',
      ),
      sentences(
        `1. In Vault ${config.vaultDns}, sign in as ${userId === undefined ? 'the token owner' : `user ${userId}`}`,
        'and create an API access token (user profile > API Access Tokens).',
      ),
      sentences(
        '2. Store it as the current value, keeping every other field and dropping tokenId, expiresAt and userId',
        '(the token is typed at a prompt, never on a command line):',
      ),
      `   ${storeCommand}`,
      sentences(
        '3. Remove the stuck pending version: aws secretsmanager update-secret-version-stage',
        `--secret-id ${arn} --version-stage AWSPENDING --remove-from-version-id ${ctx.versionId}`,
      ),
      `4. Rotate again: aws secretsmanager rotate-secret --secret-id ${arn}`,
      sentences(
        '5. Once that rotation has succeeded, retire the token you made in step 1:',
        'the rotator never revokes a token it did not name, so it stays active otherwise (possibly forever).',
        "With revokePrevious next-rotation it is AWSPREVIOUS's token until the next rotation, so do this once nothing reads AWSPREVIOUS.",
        'Either delete it in Vault (user profile > API Access Tokens), or let the CLI mint and store a fresh token with it and delete it',
        '(not while AWSPENDING is stuck; it stores the value from its own flags, so give again the options this secret uses):',
        `${cliCommand} (ID: the token's record id on that page).`,
      ),
      'To recover on its own next time, give the secret a credentialsSecretArn.',
    ].join('\n'),
    { cause },
  );
}
