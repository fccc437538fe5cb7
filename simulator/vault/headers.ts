// Response headers Vault sends on every answer, including the burst counter over fixed 5-minute windows of the
// simulated clock.
import { newExecutionId } from './ids.js';
import { BURST_WINDOW_MS, noteBurst, noteWindowEnd, otherCallsSoFar } from './limits.js';
import type { SimState, VaultRecord } from './state.js';

export { BURST_WINDOW_MS } from './limits.js';

/**
 * Counts this request against the Vault's current window and returns what remains: the window's calls so far, the
 * other integrations' included (otherTrafficPercent, limits.ts).
 */
export function countBurst(state: SimState, vault: string): { limit: number; remaining: number; delayMs: number } {
  const now = state.clock.now();
  const windowStart = Math.floor(now / BURST_WINDOW_MS) * BURST_WINDOW_MS;
  let window = state.burst.get(vault);
  if (!window || window.windowStart !== windowStart) {
    // The window that ends here got all of its other traffic: its last remaining count may be its lowest.
    if (window) noteWindowEnd(state, vault, window.count);
    window = { windowStart, count: 0 };
    state.burst.set(vault, window);
  }
  window.count += 1;
  const limit = state.options.burstLimit;
  const used = window.count + otherCallsSoFar(state.options, now - windowStart);
  const delayMs = noteBurst(state, vault, used, limit);
  return { limit, remaining: Math.max(0, limit - used), delayMs };
}

export function vaultHeaders(
  state: SimState,
  vault: VaultRecord,
  responseStatus: string,
  userId: string | undefined,
): Record<string, string> {
  const burst = countBurst(state, vault.name);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json;charset=UTF-8',
    'X-VaultAPI-ExecutionId': newExecutionId(),
    'X-VaultAPI-BurstLimit': String(burst.limit),
    'X-VaultAPI-BurstLimitRemaining': String(burst.remaining),
    'X-VaultAPI-VaultId': String(vault.vaultId),
    'X-VaultAPI-Status': responseStatus,
  };
  if (userId !== undefined) headers['X-VaultAPI-UserId'] = userId;
  // Past the limit Vault delays answers rather than refusing them (limits.ts; server.ts waits when asked to).
  if (burst.delayMs > 0) headers['X-VaultAPI-ResponseDelay'] = String(burst.delayMs);
  return headers;
}
