// A fresh Vault simulator per test, on a fixed clock shared with the action (set from outside its bundle by
// clock-preload.mjs), so expiries are exact and no test depends on the wall clock.

import { afterEach, beforeEach } from 'vitest';
import { openVaultSession } from '../../../shared/index.js';
import { Secret } from '../../../shared/secret.js';
import type { SimTokenRow, VaultSimulator } from '../../../simulator/vault-simulator.js';
import { startVaultSimulator } from '../../../simulator/vault-simulator.js';
import type { NamedSecret } from './masker.js';

export const NOW = Date.parse('2026-06-01T12:00:00Z');

const CLOCK_PRELOAD = new URL('./clock-preload.mjs', import.meta.url);

/**
 * The runner stand-in's `preload` for a bundle whose clock stands at `now` and whose Vault retries wait at most
 * `retryDelayMs`.
 */
export function clockAt(now: number, { retryDelayMs = 5 }: { retryDelayMs?: number } = {}): string {
  const url = new URL(CLOCK_PRELOAD);
  url.searchParams.set('now', new Date(now).toISOString());
  url.searchParams.set('retryDelayMs', String(retryDelayMs));
  return url.href;
}

/** The action's clock pinned to NOW, and short retry delays. */
export const PINNED_CLOCK = clockAt(NOW);

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
