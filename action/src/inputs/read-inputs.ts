// The action's inputs as the step received them, read through @actions/core. The runner passes every input declared
// in action.yml (its default or ''), and does not enforce `required`: validate-inputs.ts holds every rule.

import type { ActionCore } from '../deps.js';

/** Every input as the step received it (strings, trimmed except the password). */
export interface RawInputs {
  readonly 'vault-dns': string;
  readonly 'api-version': string;
  readonly 'access-token': string;
  readonly username: string;
  readonly password: string;
  readonly 'aws-secret-id': string;
  readonly 'oauth-profile-id': string;
  readonly 'oauth-token-url': string;
  readonly 'oauth-client-id': string;
  readonly 'oauth-scope': string;
  readonly 'oauth-audience': string;
  readonly 'vault-login-url': string;
  readonly 'user-id': string;
  readonly sandbox: string;
  readonly 'expires-in': string;
  readonly 'token-name': string;
  readonly 'client-id': string;
  readonly 'retry-max-attempts': string;
}

export function readRawInputs(core: Pick<ActionCore, 'getInput'>): RawInputs {
  const get = (name: keyof RawInputs) => core.getInput(name);
  return {
    'vault-dns': get('vault-dns'),
    'api-version': get('api-version'),
    'access-token': get('access-token'),
    username: get('username'),
    // Leading or trailing spaces can be part of a password.
    password: core.getInput('password', { trimWhitespace: false }),
    'aws-secret-id': get('aws-secret-id'),
    'oauth-profile-id': get('oauth-profile-id'),
    'oauth-token-url': get('oauth-token-url'),
    'oauth-client-id': get('oauth-client-id'),
    'oauth-scope': get('oauth-scope'),
    'oauth-audience': get('oauth-audience'),
    'vault-login-url': get('vault-login-url'),
    'user-id': get('user-id'),
    sandbox: get('sandbox'),
    'expires-in': get('expires-in'),
    'token-name': get('token-name'),
    'client-id': get('client-id'),
    'retry-max-attempts': get('retry-max-attempts'),
  };
}

export type RevokeInput = { readonly value: boolean } | { readonly problem: string };

/** `revoke` through getBooleanInput, whose own TypeError does not name the accepted values clearly enough. */
export function readRevoke(core: Pick<ActionCore, 'getBooleanInput' | 'getInput'>): RevokeInput {
  try {
    return { value: core.getBooleanInput('revoke') };
  } catch {
    return {
      problem: `revoke: expected true or false (YAML 1.2: true, True, TRUE, false, False, FALSE), got ${quote(core.getInput('revoke'))}`,
    };
  }
}

/** A received value as messages show it: in double quotes, escaped. Never used for a secret input. */
export function quote(value: unknown): string {
  return JSON.stringify(String(value));
}
