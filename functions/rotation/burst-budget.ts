// Vault's shared burst limit: calls per Vault per fixed 5-minute window, shared with every other integration of the
// organisation; past it Vault delays every answer for everyone. The rotator keeps a reserve (VAULT_BURST_RESERVE_PERCENT,
// default 20 %) for the others: a rotation goes ahead only while the last answer from that Vault showed more than the
// reserve plus what a rotation may still spend. Pure decision + a small per-container memory of observations.

import { RotationError } from './errors.js';

export const DEFAULT_BURST_RESERVE_PERCENT = 20;
/** Upper bound of Vault calls one rotation step may still make (sweep list + revoke, who-am-I, sign-in, mint). */
export const CALLS_PER_STEP = 6;
/**
 * Other containers rotating on the same Vault spend calls this container has not seen yet: their requests in flight,
 * and answers it has not received. Each container estimates that from its own answers: when two answers a moment
 * apart (within IN_FLIGHT_WINDOW_MS) show the count fell by more than its own one call, the difference is others'
 * traffic in one round trip. The gate leaves twice that above the reserve (calls in flight now, and as many again
 * before this container's next answer), never more than HEADROOM_MAX_PERCENT of the limit, so a small Vault still
 * rotates.
 */
export const IN_FLIGHT_WINDOW_MS = 10_000;
/** An observation older than this says nothing about the current window (it may have reset). */
export const OBSERVATION_TTL_MS = 60_000;

export interface BurstObservation {
  readonly limit: number;
  readonly remaining: number;
  /** When it was seen (ms since epoch, the rotator's clock). */
  readonly at: number;
  /** Estimated calls other clients make on this Vault in one round trip (othersInFlight). */
  readonly othersInFlight: number;
}

export type BudgetDecision =
  | { readonly proceed: true; readonly reason: 'unknown' | 'within-budget' }
  | { readonly proceed: false; readonly reason: 'burst-reserve'; readonly reserve: number; readonly remaining: number };
export const HEADROOM_MAX_PERCENT = 25;

/** Pure: the new estimate of others' calls per round trip, from the previous observation and a new answer. */
export function othersInFlight(previous: BurstObservation | undefined, next: Omit<BurstObservation, 'othersInFlight'>): number {
  if (previous === undefined) return 0;
  const decayed = Math.floor(previous.othersInFlight * 0.9);
  if (next.limit !== previous.limit || next.remaining > previous.remaining) return previous.othersInFlight;
  if (next.at - previous.at > IN_FLIGHT_WINDOW_MS) return decayed;
  return Math.max(decayed, previous.remaining - next.remaining - 1);
}

/** What a step must leave room for above the reserve: its own calls plus twice the others in flight (bounded). */
export function callsAheadFor(observation: BurstObservation): number {
  const wanted = CALLS_PER_STEP + 2 * observation.othersInFlight;
  return Math.min(wanted, Math.max(CALLS_PER_STEP, Math.ceil((observation.limit * HEADROOM_MAX_PERCENT) / 100)));
}

/** The calls to keep for other integrations: ⌈limit × percent / 100⌉. */
export function reserveCalls(limit: number, reservePercent: number): number {
  return Math.ceil((Math.max(0, limit) * clampPercent(reservePercent)) / 100);
}

/**
 * Go ahead iff remaining − callsAhead ≥ reserve. Without a fresh observation (none yet, or older than the TTL) the
 * rotator cannot know and goes ahead: its next call brings one.
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
  if (observation.remaining - Math.max(0, input.callsAhead) >= reserve) return { proceed: true, reason: 'within-budget' };
  return { proceed: false, reason: 'burst-reserve', reserve, remaining: observation.remaining };
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
    this.#byHost.set(host, { ...next, othersInFlight: othersInFlight(previous, next) });
    if (this.#byHost.size > BurstLedger.MAX_HOSTS) this.#byHost.delete(this.#byHost.keys().next().value!);
  }

  latest(host: string): BurstObservation | undefined {
    return this.#byHost.get(host);
  }
}

/** A rotation deferred to keep Vault's reserve: retryable, nothing minted, nothing changed. */
export class BurstBudgetDeferredError extends RotationError {
  readonly retryable = true;
  readonly reason = 'burst-reserve';

  constructor(host: string, decision: Extract<BudgetDecision, { proceed: false }>, limit: number, percent: number) {
    super(
      `Deferred (burst-reserve): Vault ${host} has ${decision.remaining} of ${limit} API calls left in its 5-minute burst window, and this function keeps ${decision.reserve} (${percent} %, VAULT_BURST_RESERVE_PERCENT) for the organisation's other integrations. Nothing was minted or changed; Secrets Manager retries the rotation later.`,
    );
  }
}
