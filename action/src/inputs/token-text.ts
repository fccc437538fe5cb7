// The one rule for the text of a Vault token the action is given, whether as the access-token input or as the
// accessToken of the aws-secret-id secret.

import { VAULT_TOKEN_PREFIX } from '../../../shared/tokens/prefix.js';

/**
 * A token goes into the Authorization header, which cannot hold a line break or control character: the request would
 * fail before leaving the runner. A Vault token is one unbroken line, so any whitespace inside is an input error;
 * and it starts with `veeva-vault-`, which the Vault client checks too (under its own field name, not the input's).
 * An empty value is not this rule's business: whether a token is required is decided with the other inputs.
 */
export function tokenTextProblem(value: string, name: string): string | undefined {
  if (/[\r\n]/.test(value)) {
    return `${name}: contains a line break; a Vault API token is one line, so check the secret (its value is not shown)`;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
  if (/[\s\u0000-\u001f\u007f]/.test(value)) {
    return `${name}: contains whitespace or a control character; a Vault API token has neither, so check the secret (its value is not shown)`;
  }
  if (value !== '' && !value.startsWith(VAULT_TOKEN_PREFIX)) {
    return `${name}: does not start with "${VAULT_TOKEN_PREFIX}" as every Vault API access token does, so check the secret (its value is not shown)`;
  }
  return undefined;
}
