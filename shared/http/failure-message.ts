// Turns a Vault FAILURE/EXCEPTION into a message the person on call can act on. Vault's own message is kept (it is
// the most specific text there is, though not contractual), and the error type decides the advice.

import type { VaultOperation } from '../errors.js';

const OPERATION_LABEL: Record<VaultOperation, string> = {
  auth: 'Signing in to Vault',
  endSession: 'Ending the Vault session',
  mintToken: 'Generating an API access token',
  whoAmI: 'Validating the credential (Validate Session User)',
  listTokens: 'Listing API access tokens (VQL)',
  revokeTokens: 'Deleting API access tokens',
  findSandbox: 'Looking up the sandbox (Retrieve Sandboxes)',
  configure: 'Configuring the Vault client',
};

/**
 * Vault's text names VeevaID. Vault documents that it mints no API access token for a VeevaID user ("You cannot
 * generate access tokens for VeevaID users") but not the error type or message of that refusal (docs/assumptions.md):
 * the refusal is recognised by its message, whatever the type.
 */
export function mentionsVeevaId(text: string): boolean {
  return /\bveeva\s?-?id\b/i.test(text);
}

const VEEVAID_ADVICE =
  'Vault mints no API access tokens for VeevaID users (and deleted this user’s tokens when the user was converted to VeevaID): use an integration user that is not a VeevaID user.';

function advice(type: string, operation: VaultOperation, apiVersion: string): string {
  switch (type) {
    case 'INSUFFICIENT_ACCESS':
      if (operation === 'findSandbox') {
        return 'The user may not list this Vault’s sandboxes; that needs an administrator’s permission on sandbox Vaults.';
      }
      return operation === 'auth'
        ? 'The user may not use the API.'
        : 'The user lacks a permission this needs: the Vault API permission (VaultActions_API_Access), or admin rights to act on other users’ tokens.';
    case 'METHOD_NOT_SUPPORTED':
      return `This endpoint does not exist in API version ${apiVersion}; the token endpoints need v26.2 or later. Set apiVersion accordingly.`;
    case 'MALFORMED_URL':
      return `Vault does not know this resource at API version ${apiVersion}; check apiVersion and vaultDns.`;
    case 'OPERATION_NOT_ALLOWED':
      return operation === 'mintToken'
        ? 'Vault refused the token: a user may hold at most 25 active tokens (revoke unused ones), the expiry may exceed the security profile’s maximum lifetime (choose a shorter one), the profile requires an expiry, or the user is a VeevaID user (Vault mints none for them).'
        : 'Vault’s business rules do not allow this operation.';
    case 'INVALID_SESSION_ID':
      return 'The token or session is invalid, expired or deleted. Provide a current credential.';
    case 'USERNAME_OR_PASSWORD_INCORRECT':
      return 'Check the user name and password. Not retried: five failed sign-ins lock the account.';
    case 'USER_LOCKED_OUT':
      return 'The account is locked after failed sign-ins; an administrator must unlock it.';
    case 'PASSWORD_CHANGE_REQUIRED':
      return 'The user must change the password in Vault before signing in through the API.';
    case 'NO_PASSWORD_PROVIDED':
      return 'No password was sent; provide one.';
    case 'INACTIVE_USER':
      return 'The user is inactive or does not exist in this Vault.';
    case 'USER_NOT_FOUND':
      return 'No Vault user has that id; check the user id.';
    case 'API_LIMIT_EXCEEDED':
      return 'Vault’s API rate limit was hit; wait for the window to reset (about a minute for sign-ins).';
    case 'CONFIGURATION_MODE_ENABLED':
      return 'The Vault is in Configuration Mode; try again when the administrators have finished.';
    case 'RACE_CONDITION':
    case 'OPERATION_IN_PROGRESS':
      return 'Another operation was updating the same record; try again.';
    case 'INVALID_DATA':
    case 'PARAMETER_REQUIRED':
      return 'Vault rejected the request data; check the values sent (e.g. the token name and expiry date).';
    case 'UNEXPECTED_ERROR':
      return 'Vault had an unexpected error; try again, and quote the execution id to Veeva Support if it persists.';
    default:
      return 'See the Vault error type and message.';
  }
}

export function vaultFailureMessage(init: {
  operation: VaultOperation;
  responseStatus: string;
  type: string;
  vaultMessage: string;
  apiVersion: string;
  executionId: string | undefined;
}): string {
  const quoted = init.vaultMessage ? ` "${init.vaultMessage}"` : '';
  const execution = init.executionId ? ` (Vault execution id ${init.executionId})` : '';
  if (init.operation === 'mintToken' && mentionsVeevaId(init.vaultMessage)) {
    return `${OPERATION_LABEL[init.operation]} failed: Vault refused to mint for a VeevaID user: it answered ${init.responseStatus} ${init.type}${quoted}. ${VEEVAID_ADVICE}${execution}`;
  }
  return `${OPERATION_LABEL[init.operation]} failed: Vault answered ${init.responseStatus} ${init.type}${quoted}. ${advice(init.type, init.operation, init.apiVersion)}${execution}`;
}

export function operationLabel(operation: VaultOperation): string {
  return OPERATION_LABEL[operation];
}
