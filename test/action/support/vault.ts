// A fresh Vault simulator per test, on a fixed clock shared with the action (through its test-only clock variable),
// so expiries are exact and no test depends on the wall clock.

import { afterEach, beforeEach } from 'vitest';
import { openVaultSession } from '../../../shared/index.js';
import { Secret } from '../../../shared/secret.js';
import type { SimTokenRow, VaultSimulator } from '../../../simulator/vault-simulator.js';
import { startVaultSimulator } from '../../../simulator/vault-simulator.js';
import type { NamedSecret } from './masker.js';

export const NOW = Date.parse('2026-06-01T12:00:00Z');

/** The action's clock pinned to NOW, and short retry delays. */
export const TEST_ENV = {
  VAULT_TOKEN_ACTION_TEST_NOW: new Date(NOW).toISOString(),
  VAULT_TOKEN_ACTION_TEST_RETRY_DELAY_MS: '5',
} as const;

export function useVault(): () => VaultSimulator {
  let sim: VaultSimulator | undefined;
  beforeEach(async () => {
    sim = await startVaultSimulator({ startTime: NOW });
  });
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });
  return () => {
    if (!sim) throw new Error('the simulator is not running');
    return sim;
  };
}

export function parentSecrets(sim: VaultSimulator): NamedSecret[] {
  return [
    { label: 'parent token', value: sim.bootstrapToken },
    { label: 'password', value: sim.bootstrapUser.password },
  ];
}

/** Tokens the action minted (anything but the simulator's bootstrap token), active or not. */
export function mintedTokens(
  sim: VaultSimulator,
  filter: { activeOnly?: boolean; vault?: string } = {},
): SimTokenRow[] {
  return sim.tokens(filter).filter((row) => row.id !== sim.bootstrapTokenId);
}

export function mintRequests(sim: VaultSimulator) {
  return sim.requests.filter((entry) => entry.operation === 'mint');
}

/** Deletes a token behind the action's back, as an admin in the Vault UI would. */
export async function deleteToken(sim: VaultSimulator, id: string): Promise<void> {
  const session = openVaultSession({ vaultDns: sim.url }, { kind: 'token', token: new Secret(sim.bootstrapToken) });
  const [outcome] = await session.revokeTokens([id]);
  if (outcome?.outcome !== 'revoked') throw new Error(`could not delete token ${id}: ${JSON.stringify(outcome)}`);
}
