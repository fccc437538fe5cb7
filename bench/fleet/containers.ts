// Lambda-like containers for the fleet benchmark. Each container is its own set of rotation dependencies (its own
// SDK client configured as functions/rotate.ts configures it, a Fleet with burst ledger and session cache, a
// logger), runs one invocation at a time, and is reused warm when free (the most recently used first, as Lambda tends
// to). A new one starts cold only while fewer than `concurrency` exist; when all of them are busy the invocation is
// throttled (Lambda's TooManyRequestsException: the function's reserved concurrency is reached) and the caller decides
// what to do. Every wait is simulated time (virtual-time.ts): the step's measured CPU, then the calls' latencies.

import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { openVaultSession } from '../../shared/index.js';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { createFleet } from '../../functions/rotation/fleet/fleet.js';
import { secretsManagerClientConfig } from '../../functions/rotation/fleet/secrets-manager-retry.js';
import { rotate, type RotationHandler } from '../../functions/rotation/handler.js';
import { SUMMARY_MESSAGE } from '../../functions/rotation/telemetry/invocation-summary.js';
import type { RotationLogger } from '../../functions/rotation/telemetry/logging.js';
import type { OpenVaultSession, RotationEvent } from '../../functions/rotation/context.js';
import type { StepName } from './plan.js';
import { ORDER_HEADER, orderKey, type VirtualTime } from './virtual-time.js';

export interface ContainerStats {
  cold: number;
  warmInvocations: number;
  invocations: number;
  /** Invocations refused because every container was busy (Lambda throttles). */
  throttles: number;
  /**
   * Every invocation's duration, rounded up to the ms as Lambda bills it: its simulated waits plus the CPU measured
   * for its step.
   */
  billedMs: number;
  /** Summary lines of every invocation (what CloudWatch Logs Insights would aggregate). */
  readonly summaries: Record<string, unknown>[];
}

interface Container {
  readonly handler: RotationHandler;
  readonly sm: SecretsManagerClient;
  invocations: number;
}

export interface ContainerPoolOptions {
  readonly concurrency: number;
  readonly backend: { readonly endpoint: string; readonly region: string };
  readonly allowedVaultHosts: string;
  readonly reservePercent: number;
  readonly time: VirtualTime;
  /** The CPU each step takes in simulated time (the model's, fixed). */
  readonly stepCpuMs: Readonly<Record<StepName, number>>;
  /** The CPU each step is billed for (measured here); default stepCpuMs. */
  readonly billedCpuMs?: Readonly<Record<StepName, number>>;
}

export class ContainerPool {
  readonly stats: ContainerStats = {
    cold: 0,
    warmInvocations: 0,
    invocations: 0,
    throttles: 0,
    billedMs: 0,
    summaries: [],
  };
  readonly #free: Container[] = [];
  readonly #all: Container[] = [];
  readonly #options: ContainerPoolOptions;

  constructor(options: ContainerPoolOptions) {
    this.#options = options;
  }

  /**
   * Runs the step on a free container; 'throttled' when none is free and no new one may start. `key` orders the
   * step's CPU wait among others due at the same moment (the rotation's own key).
   */
  async invoke(event: RotationEvent, key = ''): Promise<'done' | 'throttled'> {
    const container = this.#acquire();
    if (container === undefined) {
      this.stats.throttles += 1;
      return 'throttled';
    }
    if (container.invocations > 0) this.stats.warmInvocations += 1;
    container.invocations += 1;
    this.stats.invocations += 1;
    const time = this.#options.time;
    const started = time.now();
    const step = event.Step as StepName;
    const modelCpu = this.#options.stepCpuMs[step] ?? 0;
    try {
      // The step's own computation, as simulated time.
      await time.sleep(modelCpu, key);
      await container.handler(event, {} as Context, { signal: AbortSignal.timeout(600_000) });
      return 'done';
    } finally {
      // Invocations that end at the same moment hand their containers back in the order of their keys, not in the
      // order the machine delivered their last answers: which rotation gets which container (or is throttled) must
      // not depend on it.
      await time.sleep(0, key);
      const billedCpu = (this.#options.billedCpuMs ?? this.#options.stepCpuMs)[step] ?? 0;
      this.stats.billedMs += Math.ceil(time.now() - started - modelCpu + billedCpu);
      this.#free.push(container);
    }
  }

  destroy(): void {
    for (const container of this.#all) container.sm.destroy();
  }

  #acquire(): Container | undefined {
    const warm = this.#free.pop();
    if (warm !== undefined) return warm;
    if (this.#all.length < this.#options.concurrency) return this.#cold();
    return undefined;
  }

  #cold(): Container {
    this.stats.cold += 1;
    const { time } = this.#options;
    // Client 0 is the harness's own; containers count from 1.
    const who = this.#all.length + 1;
    const sm = countedClient(this.#options.backend, time, who);
    const fetch = time.fetchFor(who);
    const open: OpenVaultSession = (options, credentials) => openVaultSession({ ...options, fetch }, credentials);
    const handler = rotate({
      secretsManager: sm,
      openVaultSession: open,
      logger: summaryLogger(this.stats.summaries),
      now: () => new Date(time.now()),
      tuning: { propagationAttempts: 3, propagationDelayMs: 10, vaultRetry: { minDelayMs: 10, maxDelayMs: 80 } },
      fleet: createFleet({
        allowedVaultHosts: this.#options.allowedVaultHosts,
        reservePercent: this.#options.reservePercent,
      }),
    });
    const container = { handler, sm, invocations: 0 };
    this.#all.push(container);
    return container;
  }
}

/**
 * A Secrets Manager client configured as the function's (secretsManagerClientConfig), whose requests the simulated
 * clock counts (each HTTP attempt, until its answer is read) and orders (client `who`, its n-th request), and whose
 * retry back-off is simulated time.
 */
export function countedClient(
  backend: { readonly endpoint: string; readonly region: string },
  time: VirtualTime,
  who: number,
): SecretsManagerClient {
  const sm = clientFor(backend, { maxAttempts: secretsManagerClientConfig().maxAttempts });
  let nth = 0;
  sm.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers !== undefined) request.headers[ORDER_HEADER] = orderKey(who, (nth += 1));
      const end = time.begin();
      try {
        return await next(args);
      } finally {
        end();
      }
    },
    { step: 'deserialize', priority: 'high', name: 'fleetSimulatedClock' },
  );
  const config = sm.config as unknown as { retryStrategy: () => Promise<RetryStrategyLike> };
  const original = config.retryStrategy;
  config.retryStrategy = async () => simulatedBackoff(await original(), time);
  return sm;
}

interface RetryTokenLike {
  getRetryDelay(): number;
}

interface RetryStrategyLike {
  refreshRetryTokenForRetry(token: RetryTokenLike, errorInfo: unknown): Promise<RetryTokenLike>;
}

/** The same strategy, but it waits its delay on the simulated clock and tells the SDK to wait no more. */
function simulatedBackoff(strategy: RetryStrategyLike, time: VirtualTime): RetryStrategyLike {
  return new Proxy(strategy, {
    get(target, property, receiver) {
      if (property !== 'refreshRetryTokenForRetry') {
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (token: RetryTokenLike, errorInfo: unknown) => {
        const next = await target.refreshRetryTokenForRetry(token, errorInfo);
        await time.sleep(next.getRetryDelay());
        next.getRetryDelay = () => 0;
        return next;
      };
    },
  });
}

/** Keeps the one summary line per invocation; everything else is dropped (a thousand rotations log a lot). */
function summaryLogger(into: Record<string, unknown>[]): RotationLogger {
  const keep = (message: string, attributes?: Record<string, unknown>) => {
    if (message === SUMMARY_MESSAGE && attributes !== undefined) into.push(attributes);
  };
  return { debug: () => undefined, info: keep, warn: keep, error: keep, appendKeys: () => undefined };
}
