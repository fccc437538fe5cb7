// Validates VaultSimulatorOptions once, so every later step can trust them; bad input fails with the option's name.
import type { IncomingHttpHeaders } from 'node:http';
import * as v from 'valibot';
import type { SimRequestLogEntry, VaultSimulatorOptions } from '../vault-simulator-types.js';
import { loopbackBindAddress } from './loopback.js';

/** Optional members this implementation adds to VaultSimulatorOptions (all optional, contract-compatible). */
export interface VaultSimulatorExtraOptions {
  /** Calls per fixed 5-minute window reported in `X-VaultAPI-BurstLimit` (default 2000). */
  readonly burstLimit?: number;
  /** Password-session idle timeout on the simulated clock (default 20 minutes; Vault's hard 48 h cap also applies). */
  readonly sessionIdleMinutes?: number;
  /** Password sign-ins per user and Vault per 1-minute window; past it /auth fails with API_LIMIT_EXCEEDED (default: off). */
  readonly authLimitPerMinute?: number;
  /** X-VaultAPI-ResponseDelay sent past the burst limit, in ms (default 500, Vault Help's figure). */
  readonly burstDelayMs?: number;
  /** Real ms an answer past the burst limit is held back (default 0: only reported). */
  readonly burstDelayRealMs?: number;
  /** Simulated time runs this many times faster than real time (default: the clock moves only when told). */
  readonly clockScale?: number;
  /**
   * Other integrations' calls on this Vault, as a percentage of the burst limit per 5-minute window, arriving evenly
   * through each window (default 0). They count against X-VaultAPI-BurstLimitRemaining like the simulator's own calls.
   */
  readonly otherTrafficPercent?: number;
  /**
   * How the simulator waits (latencyMs, burstDelayRealMs), given the request's headers. Default: real timers. A
   * benchmark on a simulated clock passes its own, so that waiting costs simulated time only.
   */
  readonly sleep?: SimSleep;
  /** Called after every request is served (the CLI prints these). Entries never hold credentials. */
  readonly onRequest?: (entry: SimRequestLogEntry) => void;
}

export type SimSleep = (ms: number, headers: IncomingHttpHeaders) => Promise<void>;

export type SimulatorOptionsInput = VaultSimulatorOptions & VaultSimulatorExtraOptions;

export interface ResolvedOptions {
  readonly bindAddress: string;
  readonly port: number;
  readonly startTime: number;
  readonly maxExpiryDays: number;
  readonly allowNonExpiring: boolean;
  readonly tokenCap: number;
  readonly pageSize: number;
  readonly deletedTokens: 'inactive' | 'vanish';
  readonly latencyMs: number;
  readonly rejectedTokenAnswer: 'envelope' | 'http-401';
  readonly burstLimit: number;
  readonly sessionIdleMs: number;
  readonly authLimitPerMinute: number | undefined;
  readonly burstDelayMs: number;
  readonly burstDelayRealMs: number;
  readonly clockScale: number | undefined;
  readonly otherTrafficPercent: number;
  readonly sleep: SimSleep | undefined;
  readonly onRequest: ((entry: SimRequestLogEntry) => void) | undefined;
}

const positiveInteger = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(max));

const OptionsSchema = v.object({
  host: v.optional(v.string()),
  port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65_535))),
  startTime: v.optional(v.pipe(v.number(), v.finite())),
  maxExpiryDays: v.optional(v.pipe(v.number(), v.finite(), v.gtValue(0))),
  allowNonExpiring: v.optional(v.boolean()),
  tokenCap: v.optional(positiveInteger(10_000)),
  pageSize: v.optional(positiveInteger(1000)),
  deletedTokens: v.optional(v.picklist(['inactive', 'vanish'])),
  latencyMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60_000))),
  rejectedTokenAnswer: v.optional(v.picklist(['envelope', 'http-401'])),
  burstLimit: v.optional(positiveInteger(1_000_000)),
  sessionIdleMinutes: v.optional(v.pipe(v.number(), v.finite(), v.gtValue(0))),
  authLimitPerMinute: v.optional(positiveInteger(1_000_000)),
  burstDelayMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60_000))),
  burstDelayRealMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60_000))),
  clockScale: v.optional(v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(100_000))),
  otherTrafficPercent: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(100))),
  sleep: v.optional(v.function()),
  onRequest: v.optional(v.function()),
});

export function resolveOptions(input: SimulatorOptionsInput = {}): ResolvedOptions {
  const parsed = v.safeParse(OptionsSchema, input);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue ? v.getDotPath(issue) : undefined;
    throw new TypeError(`vault simulator option ${path ?? '(options)'}: ${issue?.message ?? 'invalid'}`);
  }
  const o = parsed.output;
  return {
    bindAddress: loopbackBindAddress(o.host ?? '127.0.0.1'),
    port: o.port ?? 0,
    startTime: o.startTime ?? Date.now(),
    maxExpiryDays: o.maxExpiryDays ?? 90,
    allowNonExpiring: o.allowNonExpiring ?? false,
    tokenCap: o.tokenCap ?? 25,
    pageSize: o.pageSize ?? 1000,
    deletedTokens: o.deletedTokens ?? 'inactive',
    latencyMs: o.latencyMs ?? 0,
    rejectedTokenAnswer: o.rejectedTokenAnswer ?? 'envelope',
    burstLimit: o.burstLimit ?? 2000,
    sessionIdleMs: (o.sessionIdleMinutes ?? 20) * 60_000,
    authLimitPerMinute: o.authLimitPerMinute,
    burstDelayMs: o.burstDelayMs ?? 500,
    burstDelayRealMs: o.burstDelayRealMs ?? 0,
    clockScale: o.clockScale,
    otherTrafficPercent: o.otherTrafficPercent ?? 0,
    sleep: input.sleep as SimSleep | undefined,
    onRequest: input.onRequest,
  };
}
