// Vault's shared limits, as the simulator models them (docs/fleet.md):
// - the burst limit: calls per Vault per fixed 5-minute window of the simulated clock (headers.ts counts them and
//   sends X-VaultAPI-BurstLimit / -Remaining); past the limit every answer carries X-VaultAPI-ResponseDelay and, when
//   `burstDelayRealMs` is set, really waits that long;
// - the auth limit: password sign-ins per user name + Vault per fixed 1-minute window (`authLimitPerMinute`, off by
//   default); past it /auth fails with API_LIMIT_EXCEEDED until the next window;
// - a clock the benchmark can scale (`clockScale`): simulated time runs that many times faster than real time, so a
//   5-minute window passes in 5 min / scale, and advance()/set() still work on top;
// - other integrations' traffic (`otherTrafficPercent`, off by default): that share of the burst limit per window,
//   arriving evenly through the window, counted with the simulator's own calls. A window's lowest remaining count is
//   at its end, once all of that traffic has come, so the lowest figure includes every window's end (noteWindowEnd,
//   settleBurstWindows for the windows still open).
// Counters per simulator (limitStats) let the benchmark report throttled answers and auth-limit refusals.

import type { SimClock } from './clock.js';
import { VaultFailure } from './envelopes.js';
import type { ResolvedOptions } from './options.js';
import type { SimState } from './state.js';

export const AUTH_WINDOW_MS = 60_000;
export const BURST_WINDOW_MS = 5 * 60 * 1000;

/** Other integrations' calls in a window `elapsedMs` after it began (evenly spread; all of them at its end). */
export function otherCallsSoFar(
  options: Pick<ResolvedOptions, 'burstLimit' | 'otherTrafficPercent'>,
  elapsedMs: number,
): number {
  if (options.otherTrafficPercent <= 0) return 0;
  const share = Math.min(1, Math.max(0, elapsedMs) / BURST_WINDOW_MS);
  return Math.floor(((options.burstLimit * options.otherTrafficPercent) / 100) * share);
}

export interface LimitStats {
  /** Answers sent past the burst limit (with X-VaultAPI-ResponseDelay). */
  throttledResponses: number;
  /** /auth calls refused with API_LIMIT_EXCEEDED. */
  authLimitRefusals: number;
  /** Password sign-ins that got past the auth limit check. */
  signIns: number;
  /** The lowest X-VaultAPI-BurstLimitRemaining sent, and the limit it was out of (per Vault). */
  lowestBurstRemaining: Map<string, { remaining: number; limit: number }>;
  /** Calls counted per Vault per burst window (window start → count), for reports. */
  busiestWindow: Map<string, number>;
}

interface LimitState {
  readonly stats: LimitStats;
  readonly authWindows: Map<string, { windowStart: number; count: number }>;
}

const byState = new WeakMap<SimState, LimitState>();
const bySimulator = new WeakMap<object, SimState>();

function limitsOf(state: SimState): LimitState {
  let limits = byState.get(state);
  if (limits === undefined) {
    limits = {
      stats: {
        throttledResponses: 0,
        authLimitRefusals: 0,
        signIns: 0,
        lowestBurstRemaining: new Map(),
        busiestWindow: new Map(),
      },
      authWindows: new Map(),
    };
    byState.set(state, limits);
  }
  return limits;
}

/** Links a simulator object to its state, so limitStats(simulator) can find the counters. */
export function registerLimits(simulator: object, state: SimState): void {
  bySimulator.set(simulator, state);
}

export function limitStats(simulator: object): LimitStats {
  const state = bySimulator.get(simulator);
  if (state === undefined) throw new TypeError('limitStats: not a simulator started by startVaultSimulator');
  return limitsOf(state).stats;
}

/** headers.ts: note one counted answer. Returns the delay (ms) to report, 0 within the limit. */
export function noteBurst(state: SimState, vault: string, count: number, limit: number): number {
  const stats = limitsOf(state).stats;
  const remaining = Math.max(0, limit - count);
  const lowest = stats.lowestBurstRemaining.get(vault);
  if (lowest === undefined || remaining < lowest.remaining) stats.lowestBurstRemaining.set(vault, { remaining, limit });
  stats.busiestWindow.set(vault, Math.max(stats.busiestWindow.get(vault) ?? 0, count));
  if (count <= limit) return 0;
  stats.throttledResponses += 1;
  return state.options.burstDelayMs;
}

/** headers.ts: a window has ended with `ownCalls` of the simulator's own calls plus all of the other traffic. */
export function noteWindowEnd(state: SimState, vault: string, ownCalls: number): void {
  const limit = state.options.burstLimit;
  const remaining = Math.max(0, limit - ownCalls - otherCallsSoFar(state.options, BURST_WINDOW_MS));
  const stats = limitsOf(state).stats;
  const lowest = stats.lowestBurstRemaining.get(vault);
  if (lowest === undefined || remaining < lowest.remaining) stats.lowestBurstRemaining.set(vault, { remaining, limit });
}

/**
 * For a report: count the windows still open as if they had ended (their other traffic is still to come). Only
 * windows that saw calls of the simulator's own are counted; the figures of limitStats include them afterwards.
 */
export function settleBurstWindows(simulator: object): void {
  const state = bySimulator.get(simulator);
  if (state === undefined) throw new TypeError('settleBurstWindows: not a simulator started by startVaultSimulator');
  for (const [vault, window] of state.burst) noteWindowEnd(state, vault, window.count);
}

/** handle-auth.ts: count a sign-in for `userName` on `vault`; past the limit throw API_LIMIT_EXCEEDED. */
export function checkAuthLimit(state: SimState, userName: string, vault: string): void {
  const limits = limitsOf(state);
  const limit = state.options.authLimitPerMinute;
  if (limit === undefined) {
    limits.stats.signIns += 1;
    return;
  }
  const windowStart = Math.floor(state.clock.now() / AUTH_WINDOW_MS) * AUTH_WINDOW_MS;
  const key = `${userName.toLowerCase()}\u0000${vault}`;
  let window = limits.authWindows.get(key);
  if (window === undefined || window.windowStart !== windowStart) {
    window = { windowStart, count: 0 };
    limits.authWindows.set(key, window);
    // Bounded: old windows of other users go when a new window opens.
    for (const [otherKey, other] of limits.authWindows) if (other.windowStart < windowStart) limits.authWindows.delete(otherKey);
  }
  window.count += 1;
  if (window.count > limit) {
    limits.stats.authLimitRefusals += 1;
    throw new VaultFailure(
      'API_LIMIT_EXCEEDED',
      `Authentication API burst limit exceeded for user ${userName}: ${limit} per minute. Try again in the next minute.`,
    );
  }
  limits.stats.signIns += 1;
}

/** A clock whose simulated time runs `scale` times faster than `realNow` (advance and set shift it). */
export function createScaledClock(startMs: number, scale: number, realNow: () => number = Date.now): SimClock {
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`clockScale must be a number > 0, got ${scale}`);
  const realStart = realNow();
  let offset = 0;
  const now = () => startMs + offset + (realNow() - realStart) * scale;
  return {
    now,
    advance(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`clock.advance: ms must be a finite number >= 0, got ${String(ms)}`);
      }
      offset += ms;
    },
    set(ms: number): void {
      if (!Number.isFinite(ms)) throw new RangeError(`clock.set: ms must be a finite number, got ${String(ms)}`);
      offset += ms - now();
    },
  };
}
