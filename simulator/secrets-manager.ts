// The project's own Secrets Manager: a loopback AWS JSON 1.1 server the real SDK talks to, with the service's
// rotation-side behaviour (placeholder, completion) exposed to the rotation driver and faults for tests.

import { createHoldBook, type Hold } from './holds.js';
import type { IncomingHttpHeaders } from 'node:http';
import { backendEnv } from './secrets-manager/client.js';
import { createFaultBook } from './secrets-manager/faults.js';
import { serveSecretsManager } from './secrets-manager/http.js';
import { latencyOption } from './secrets-manager/latency.js';
import { existingSecret, findSecret } from './secrets-manager/lookup.js';
import { createStore, REGION } from './secrets-manager/model.js';
import { createQuotaBook, type QuotaOptions, type QuotaStats } from './secrets-manager/quotas.js';
import { createRequestLog, type StandInRequestLogEntry } from './secrets-manager/request-log.js';
import {
  assertClientRequestToken,
  DEFAULT_ROTATION_LAMBDA_ARN,
  DEFAULT_ROTATION_RULES,
  rulesFromOptions,
} from './secrets-manager/rotation-defaults.js';
import { beginRotation, completeRotation } from './secrets-manager/rotation-operations.js';
import { attachRotationFunction } from './secrets-manager/function-runner.js';
import type {
  RotationInvoker,
  SecretsManagerBackend,
  SecretsManagerFault,
  SecretsManagerOperation,
  VersionView,
} from './secrets-manager-types.js';

export type { StandInRequestLogEntry } from './secrets-manager/request-log.js';
export { SECRETS_MANAGER_QUOTAS, type QuotaStats } from './secrets-manager/quotas.js';

export interface SecretsManagerStandIn extends SecretsManagerBackend {
  readonly kind: 'stand-in';
  /** Holds the next request of this operation before it is processed, until released (simulator/holds.ts). */
  holdNext(operation: SecretsManagerOperation): Hold;
  injectFault(fault: SecretsManagerFault): void;
  clearFaults(): void;
  /** Every request answered, in order: operation and outcome only, never a value. */
  readonly requests: readonly StandInRequestLogEntry[];
  clearRequests(): void;
  /** Requests throttled by the service's quotas (all zero unless StandInOptions.quotas is set). */
  quotaStats(): QuotaStats;
}

export interface StandInOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  /** Delay before each request is processed, in ms (default 0), as if the service were far away. */
  readonly latencyMs?: number;
  /**
   * The rotation function RotateSecret invokes, as the service invokes the Lambda (once per step, one attempt; a
   * failure is written to the function's log, readable with FilterLogEvents on this endpoint). Without it RotateSecret
   * only creates the AWSPENDING placeholder and a rotation driver does the rest.
   */
  readonly rotationFunction?: RotationInvoker;
  /**
   * Enforce Secrets Manager's documented per-second quotas with ThrottlingException (secrets-manager/quotas.ts):
   * `true` on the wall clock, or a clock of your own (a simulated one). Default: off.
   */
  readonly quotas?: boolean | QuotaOptions;
  /**
   * How latencyMs is waited, given the request's headers (default real timers); a benchmark on a simulated clock
   * passes its own.
   */
  readonly sleep?: (ms: number, headers: IncomingHttpHeaders) => Promise<void>;
}

export async function startSecretsManagerStandIn(options: StandInOptions = {}): Promise<SecretsManagerStandIn> {
  const store = createStore();
  const rotations = new Set<Promise<void>>();
  if (options.rotationFunction !== undefined) attachRotationFunction(store, options.rotationFunction, rotations);
  const faults = createFaultBook();
  const log = createRequestLog();
  const holds = createHoldBook<SecretsManagerOperation>();
  const quotas =
    options.quotas === undefined || options.quotas === false
      ? undefined
      : createQuotaBook(options.quotas === true ? {} : options.quotas);
  const server = await serveSecretsManager(store, faults, {
    port: options.port ?? 0,
    latencyMs: latencyOption(options.latencyMs),
    log,
    holds,
    ...(quotas === undefined ? {} : { quotas }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  const backend = { endpoint: server.endpoint, region: REGION };

  // The service's own work around a rotation happens in process: it is not an API call, so faults armed for the
  // rotation function's calls never hit it.
  return {
    kind: 'stand-in',
    ...backend,
    env: () => backendEnv(backend.endpoint, backend.region),
    async startRotation(secretId, clientRequestToken, rotation = {}) {
      assertClientRequestToken('clientRequestToken', clientRequestToken);
      const configured = findSecret(store, secretId)?.rotation;
      beginRotation(store, {
        secretId,
        clientRequestToken,
        lambdaArn: rotation.rotationLambdaArn ?? configured?.lambdaArn ?? DEFAULT_ROTATION_LAMBDA_ARN,
        rules: rulesFromOptions(rotation) ?? configured?.rules ?? DEFAULT_ROTATION_RULES,
        createPending: true,
        reattemptSameToken: true,
      });
    },
    async completeRotation(secretId, clientRequestToken) {
      completeRotation(store, secretId, clientRequestToken);
    },
    holdNext: (operation) => holds.hold(operation),
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    requests: log.entries,
    clearRequests: () => log.clear(),
    quotaStats: () => quotas?.stats() ?? { throttles: 0, byGroup: new Map(), busiestSecond: new Map() },
    async versions(secretId): Promise<VersionView[]> {
      return [...existingSecret(store, secretId).versions.values()].map((v) => ({
        versionId: v.id,
        stages: [...v.stages],
        hasValue: v.value !== undefined,
        createdDate: v.createdAt.getTime(),
      }));
    },
    async close() {
      holds.releaseAll();
      await Promise.allSettled([...rotations]);
      await server.close();
    },
  };
}
