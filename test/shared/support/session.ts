import { openVaultSession, Secret, type VaultClientOptions, type VaultSession } from '../../../shared/index.js';

export const TEST_TOKEN = 'veeva-vault-TESTTOKEN0123456789abcdef';
export const FAST_RETRY = { attempts: 3, minDelayMs: 1, maxDelayMs: 3 } as const;

export function tokenSession(url: string, options: Partial<VaultClientOptions> = {}): VaultSession {
  return openVaultSession(
    { vaultDns: url, retry: FAST_RETRY, requestTimeoutMs: 5000, ...options },
    { kind: 'token', token: new Secret(TEST_TOKEN) },
  );
}
