// Vault's shared burst limit: calls per Vault per fixed 5-minute window, shared with every other integration of the
// organisation; past it Vault delays every answer for everyone. The rotator keeps a reserve (VAULT_BURST_RESERVE_PERCENT,
// default 20 %) for the others: a rotation goes ahead only while the last answer from that Vault showed more than the
// reserve plus what a rotation may still spend. Pure decision + a small per-container memory of observations.


export const DEFAULT_BURST_RESERVE_PERCENT = 20;
/** Upper bound of Vault calls one rotation step may still make (sweep list + revoke, who-am-I, sign-in, mint). */
export const CALLS_PER_STEP = 6;
/**
 * Others spend calls this container has not seen: other containers of the fleet, and the organisation's other
 * integrations, whose traffic goes on until the window ends. Each container estimates their rate from its own
 * answers: between two answers in the same window, the count fell by more than its own one call. The gate then
 * (a) extrapolates the last count to now at that rate, and (b) leaves room for OTHERS_HORIZON_MS more of their
 * traffic: the rest of the burst window, at most a whole one, since the window's end is not in the headers (a reserve
 * that others' later traffic eats into is not kept: issue 18). The room is capped at HEADROOM_MAX_PERCENT of the
 * limit: during a fleet's burst the estimate counts the fleet's own containers too, and without the cap a busy
 * Vault would never rotate. So the reserve holds while the other integrations use at most HEADROOM_MAX_PERCENT
 * of the limit per window (docs/fleet.md).
 */
export const OTHERS_HORIZON_MS = 5 * 60_000;
export const HEADROOM_MAX_PERCENT = 50;
/** Vault's burst window. An observation older than this is from an earlier window and says nothing. */
export const OBSERVATION_TTL_MS = 5 * 60_000;

export interface BurstObservation {
  readonly limit: number;
  readonly remaining: number;
  /** When it was seen (ms since epoch, the rotator's clock). */
  readonly at: number;
  /** Estimated calls per ms that other clients make on this Vault (othersRate). */
  readonly othersPerMs: number;
}

export type BudgetDecision =
  | { readonly proceed: true; readonly reason: 'unknown' | 'within-budget' }
  | { readonly proceed: false; readonly reason: 'burst-reserve'; readonly reserve: number; readonly remaining: number };

/** Pure: the new estimate of others' calls per ms, from the previous observation and a new answer. */
export function othersRate(previous: BurstObservation | undefined, next: Omit<BurstObservation, 'othersPerMs'>): number {
  if (previous === undefined) return 0;
  const elapsed = next.at - previous.at;
  // A new window (the count went up) or another limit: the rate seen so far is still the best guess.
  if (next.limit !== previous.limit || next.remaining > previous.remaining) return previous.othersPerMs;
  if (elapsed <= 0 || elapsed > OBSERVATION_TTL_MS) return previous.othersPerMs;
  const sample = Math.max(0, previous.remaining - next.remaining - 1) / elapsed;
  return (previous.othersPerMs + sample) / 2;
}

/** The count now, extrapolated from the last answer at the others' rate (never below zero). */
export function estimatedRemaining(observation: BurstObservation, now: number): number {
  return Math.max(0, observation.remaining - observation.othersPerMs * Math.max(0, now - observation.at));
}

/** What a step must leave room for above the reserve: its own calls plus others' traffic to come (bounded). */
export function callsAheadFor(observation: BurstObservation): number {
  const wanted = CALLS_PER_STEP + Math.ceil(observation.othersPerMs * OTHERS_HORIZON_MS);
  return Math.min(wanted, Math.max(CALLS_PER_STEP, Math.ceil((observation.limit * HEADROOM_MAX_PERCENT) / 100)));
}

/** The calls to keep for other integrations: ⌈limit × percent / 100⌉. */
export function reserveCalls(limit: number, reservePercent: number): number {
  return Math.ceil((Math.max(0, limit) * clampPercent(reservePercent)) / 100);
}

/**
 * Go ahead iff (remaining extrapolated to now) − callsAhead ≥ reserve. Without an observation from the last 5 minutes
 * the rotator cannot know and goes ahead: its next call brings one.
 */
export function budgetDecision(input: {
  readonly observation: BurstObservation | undefined;
  readonly now: number;
  readonly reservePercent: number;
  readonly callsAhead: number;
}): BudgetDecision {
  const { observation, now } = input;
  if (observation === undefined || now - observation.at > OBSERVATION_TTL_MS || observation.limit <= 0) {
    return { proceed: true, reason: 'unknown' };
  }
  const reserve = reserveCalls(observation.limit, input.reservePercent);
  const remaining = Math.floor(estimatedRemaining(observation, now));
  if (remaining - Math.max(0, input.callsAhead) >= reserve) return { proceed: true, reason: 'within-budget' };
  return { proceed: false, reason: 'burst-reserve', reserve, remaining };
}

function clampPercent(percent: number): number {
  return Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : DEFAULT_BURST_RESERVE_PERCENT;
}

/** The latest burst headers per Vault host seen by this container (bounded: one entry per host, at most 256 hosts). */
export class BurstLedger {
  readonly #byHost = new Map<string, BurstObservation>();
  static readonly MAX_HOSTS = 256;

  record(host: string, limit: number | undefined, remaining: number | undefined, at: number): void {
    if (limit === undefined || remaining === undefined) return;
    const previous = this.#byHost.get(host);
    // Answers can arrive out of order; within one instant keep the lower count (the later one).
    if (previous !== undefined && previous.at === at && previous.remaining < remaining) return;
    const next = { limit, remaining, at };
    this.#byHost.delete(host);
    this.#byHost.set(host, { ...next, othersPerMs: othersRate(previous, next) });
    if (this.#byHost.size > BurstLedger.MAX_HOSTS) this.#byHost.delete(this.#byHost.keys().next().value!);
  }

  latest(host: string): BurstObservation | undefined {
    return this.#byHost.get(host);
  }
}
