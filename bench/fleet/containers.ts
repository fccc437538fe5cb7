// Lambda-like containers for the fleet benchmark: each container is its own set of rotation dependencies (its own
// SDK client, Fleet with burst ledger and session cache, logger), runs one invocation at a time, and is reused warm
// when free (the most recently used first, as Lambda tends to); a new one starts cold only when all are busy and the
// concurrency allows. Invocation time is measured for GB-seconds.

import { performance } from 'node:perf_hooks';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { openVaultSession } from '../../shared/index.js';
import { createFleet } from '../../functions/rotation/fleet/fleet.js';
import { rotate, type RotationHandler } from '../../functions/rotation/handler.js';
import { SUMMARY_MESSAGE } from '../../functions/rotation/telemetry/invocation-summary.js';
import type { RotationLogger } from '../../functions/rotation/telemetry/logging.js';
import type { RotationEvent } from '../../functions/rotation/context.js';

export interface ContainerStats {
  cold: number;
  warmInvocations: number;
  invocations: number;
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
  readonly newClient: () => SecretsManagerClient;
  readonly allowedVaultHosts: string;
  readonly reservePercent: number;
  readonly now: () => Date;
}

export class ContainerPool {
  readonly stats: ContainerStats = { cold: 0, warmInvocations: 0, invocations: 0, billedMs: 0, summaries: [] };
  readonly #free: Container[] = [];
  readonly #all: Container[] = [];
  readonly #waiting: ((container: Container) => void)[] = [];
  readonly #options: ContainerPoolOptions;
  #inFlight = 0;

  constructor(options: ContainerPoolOptions) {
    this.#options = options;
  }

  /** No invocation running or waiting for a container. */
  get idle(): boolean {
    return this.#inFlight === 0 && this.#waiting.length === 0;
  }

  async invoke(event: RotationEvent): Promise<void> {
    const container = await this.#acquire();
    this.#inFlight += 1;
    if (container.invocations > 0) this.stats.warmInvocations += 1;
    container.invocations += 1;
    this.stats.invocations += 1;
    const started = performance.now();
    try {
      await container.handler(event, {} as Context, { signal: AbortSignal.timeout(120_000) });
    } finally {
      // Lambda bills each invocation's duration rounded up to the millisecond.
      this.stats.billedMs += Math.ceil(performance.now() - started);
      this.#inFlight -= 1;
      this.#release(container);
    }
  }

  destroy(): void {
    for (const container of this.#all) container.sm.destroy();
  }

  #acquire(): Promise<Container> {
    const warm = this.#free.pop();
    if (warm !== undefined) return Promise.resolve(warm);
    if (this.#all.length < this.#options.concurrency) return Promise.resolve(this.#cold());
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(container: Container): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next(container);
    else this.#free.push(container);
  }

  #cold(): Container {
    this.stats.cold += 1;
    const sm = this.#options.newClient();
    const handler = rotate({
      secretsManager: sm,
      openVaultSession,
      logger: summaryLogger(this.stats.summaries),
      now: this.#options.now,
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

/** Keeps the one summary line per invocation; everything else is dropped (a thousand rotations log a lot). */
function summaryLogger(into: Record<string, unknown>[]): RotationLogger {
  const keep = (message: string, attributes?: Record<string, unknown>) => {
    if (message === SUMMARY_MESSAGE && attributes !== undefined) into.push(attributes);
  };
  return { debug: () => undefined, info: keep, warn: keep, error: keep, appendKeys: () => undefined };
}
