// X-VaultAPI-ClientID: Vault logs it, and with Client ID Filtering on, rejects requests whose id is not registered.
// Vault's documented format: at most 100 characters of letters, digits, '.', '_' and '-'.

import { VaultConfigError } from './errors.js';

export const DEFAULT_CLIENT_ID = 'vault-api-token';

const CLIENT_ID_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

export function parseClientId(clientId: unknown): string {
  if (clientId === undefined) return DEFAULT_CLIENT_ID;
  if (typeof clientId !== 'string' || !CLIENT_ID_PATTERN.test(clientId)) {
    const got = typeof clientId === 'string' ? `"${clientId}" (${clientId.length} chars)` : typeof clientId;
    throw new VaultConfigError('clientId', `expected 1–100 characters of A-Z a-z 0-9 . _ -, got ${got}`);
  }
  return clientId;
}
