// The optional credentials secret (`credentialsSecretArn`): who mints when the current token should not, or cannot.

import { VAULT_TOKEN_PREFIX } from '../../../shared/tokens/prefix.js';
import * as v from 'valibot';
import { Secret } from '../../../shared/secret.js';
import type { VaultCredentials } from '../../../shared/types.js';
import { SecretValueError } from '../errors.js';
import { registerSecretValue } from '../../../shared/redaction/redact.js';
import { type OAuthCredentials, parseOAuthCredentials } from './oauth-credentials.js';

/** What a credentials secret holds: a Vault credential, or the description of an OAuth sign-in (no Vault credential). */
export type MintingCredentials = VaultCredentials | OAuthCredentials;

const PASSWORD = v.looseObject({
  username: v.pipe(v.string(), v.minLength(1)),
  password: v.pipe(v.string(), v.minLength(1)),
});
const TOKEN = v.looseObject({
  accessToken: v.pipe(v.string(), v.startsWith(VAULT_TOKEN_PREFIX), v.minLength(VAULT_TOKEN_PREFIX.length + 1)),
});

const EXPECTATION =
  'expected a JSON object with "username" and "password" (non-empty strings), with "accessToken" (a Vault API access token starting with "veeva-vault-"), or with "oauth" (an OAuth sign-in, docs/secret-contract.md)';

export function parseCredentialsSecret(secretString: string | undefined, secretArn: string): MintingCredentials {
  const where = `Credentials secret ${secretArn} (AWSCURRENT)`;
  let json: unknown;
  try {
    json = secretString === undefined ? undefined : JSON.parse(secretString);
    const record = (json ?? {}) as { password?: unknown; accessToken?: unknown };
    for (const value of [record.password, record.accessToken]) if (typeof value === 'string') registerSecretValue(value, { anyLength: true });
  } catch {
    json = undefined;
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json) && 'oauth' in json) {
    const record = json as Record<string, unknown>;
    const mixed = ['username', 'password', 'accessToken'].find((field) => field in record);
    if (mixed !== undefined) {
      throw new SecretValueError(where, mixed, 'must be left out when "oauth" describes the sign-in (one way to sign in per credentials secret)');
    }
    return parseOAuthCredentials(record.oauth, where);
  }
  const password = v.safeParse(PASSWORD, json);
  if (password.success) {
    return { kind: 'password', username: password.output.username, password: new Secret(password.output.password) };
  }
  const token = v.safeParse(TOKEN, json);
  if (token.success) return { kind: 'token', token: new Secret(token.output.accessToken) };
  throw new SecretValueError(where, fieldAtFault(json), EXPECTATION);
}

function fieldAtFault(json: unknown): string {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return 'SecretString';
  const record = json as Record<string, unknown>;
  if ('accessToken' in record) return 'accessToken';
  if ('username' in record && !('password' in record)) return 'password';
  if ('password' in record && !('username' in record)) return 'username';
  if ('username' in record) return typeof record.username === 'string' && record.username ? 'password' : 'username';
  return 'SecretString';
}
