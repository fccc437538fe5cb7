// What one deployed function shares across the secrets and invocations of a warm container: the trust boundary
// (ALLOWED_VAULT_HOSTS), the burst reserve (VAULT_BURST_RESERVE_PERCENT) with the latest burst headers per Vault, and
// the cache of password sessions. One Fleet per container (module scope in rotate.ts, one per simulated container in
// the benchmark). Lambda runs one invocation at a time per container, so `current` names the invocation in flight.

import { type AllowedHost, DEFAULT_ALLOWED_VAULT_HOSTS, parseAllowedHosts } from './allowed-hosts.js';
import { BurstLedger, DEFAULT_BURST_RESERVE_PERCENT } from './burst-budget.js';
import type { InvocationRecorder } from '../telemetry/invocation-summary.js';
import { SessionCache } from './session-cache.js';

export interface Fleet {
  /** As configured, for messages. */
  readonly allowedHostsText: string;
  readonly allowedHosts: readonly AllowedHost[];
  readonly reservePercent: number;
  readonly ledger: BurstLedger;
  readonly sessions: SessionCache;
  /** The invocation in flight, if any: Vault answers are counted into its summary. */
  current: InvocationRecorder | undefined;
}

export interface FleetOptions {
  /** Comma-separated; unset or empty: *.veevavault.com. */
  readonly allowedVaultHosts?: string;
  readonly reservePercent?: number;
  readonly maxSessions?: number;
  readonly maxSessionIdleMs?: number;
}

export function createFleet(options: FleetOptions = {}): Fleet {
  const text = options.allowedVaultHosts?.trim() ? options.allowedVaultHosts.trim() : DEFAULT_ALLOWED_VAULT_HOSTS;
  return {
    allowedHostsText: text,
    allowedHosts: parseAllowedHosts(text),
    reservePercent: options.reservePercent ?? DEFAULT_BURST_RESERVE_PERCENT,
    ledger: new BurstLedger(),
    sessions: new SessionCache({ max: options.maxSessions, maxIdleMs: options.maxSessionIdleMs }),
    current: undefined,
  };
}

/**
 * ALLOWED_VAULT_HOSTS and VAULT_BURST_RESERVE_PERCENT (0-90, default 20). A malformed value throws at load, naming
 * the variable: a function that cannot tell where it may connect must not start.
 */
export function fleetFromEnvironment(env: Readonly<Record<string, string | undefined>>): Fleet {
  return createFleet({
    allowedVaultHosts: env.ALLOWED_VAULT_HOSTS,
    reservePercent: reservePercentFrom(env.VAULT_BURST_RESERVE_PERCENT),
  });
}

export function reservePercentFrom(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_BURST_RESERVE_PERCENT;
  const value = Number(text.trim());
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || value > 90) {
    throw new Error(`VAULT_BURST_RESERVE_PERCENT: expected a number from 0 to 90 (percent of the burst limit)`);
  }
  return value;
}
