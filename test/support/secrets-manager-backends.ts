// The Secrets Managers every scenario suite runs against: always the project's stand-in, and moto when
// `moto_server` is installed (otherwise its suites are skipped, loudly). Usage:
//
//   for (const backend of secretsManagerBackends) {
//     describe.skipIf(backend.skip)(`… against ${backend.name}`, () => {
//       let sm: SecretsManagerBackend;
//       beforeAll(async () => { sm = await backend.start(); });
//       afterAll(async () => { await sm?.close(); });
//       it.skipIf(backend.diverges('update-stage-requires-remove-from'))(…);
//     });
//   }
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { findMotoServer, startMoto } from '../../simulator/moto.js';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import type { SecretsManagerBackend } from '../../simulator/secrets-manager-types.js';

// Before any SDK client exists in this process: keeps the SDK's Node 20 support warning out of test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * Where moto is known to differ from AWS through its public API. The harness corrects the rotation-side ones
 * (startRotation/completeRotation); tests that exercise the raw API around them skip on these.
 */
export type MotoDivergence =
  /** RotateSecret does not refuse while AWSPENDING is on another version (and refuses when it is on AWSCURRENT). */
  | 'rotate-secret-incomplete-check'
  /** UpdateSecretVersionStage attaches a non-AWSCURRENT label to a second version without RemoveFromVersionId. */
  | 'update-stage-requires-remove-from'
  /** PutSecretValue with the same token but a different value overwrites a version still labelled AWSPENDING. */
  | 'put-overwrites-pending-value'
  /** GetSecretValue without VersionStage reads moto's "default version", which UpdateSecretVersionStage never moves. */
  | 'default-read-follows-stage-moves'
  /** No fault injection. */
  | 'fault-injection'
  /** LastRotatedDate stays null; ScheduleExpression is not kept (only AutomaticallyAfterDays). */
  | 'rotation-metadata'
  /**
   * RotateSecret does not check the schedule (rate below 4 hours, Duration above 24h pass its validation), and a
   * ScheduleExpression leaves rotation disabled with AutomaticallyAfterDays 0 (checked against moto 5.2).
   */
  | 'rotation-schedule-rules';

const MOTO_DIVERGENCES: ReadonlySet<MotoDivergence> = new Set<MotoDivergence>([
  'rotate-secret-incomplete-check',
  'update-stage-requires-remove-from',
  'put-overwrites-pending-value',
  'default-read-follows-stage-moves',
  'fault-injection',
  'rotation-metadata',
  'rotation-schedule-rules',
]);

export interface BackendCase {
  readonly name: 'stand-in' | 'moto';
  /** For describe.skipIf: true when this backend cannot run here (a warning has been printed). */
  readonly skip: boolean;
  start(): Promise<SecretsManagerBackend>;
  /** True when this backend is known to differ from AWS in the given way. */
  diverges(divergence: MotoDivergence): boolean;
}

const motoPath = findMotoServer();
if (motoPath === undefined) {
  console.warn(
    'WARNING: moto_server is not installed (not on PATH): every Secrets Manager scenario suite against moto is SKIPPED. Install moto[server] to run them.',
  );
}

export const secretsManagerBackends: readonly BackendCase[] = [
  {
    name: 'stand-in',
    skip: false,
    start: () => startSecretsManagerStandIn(),
    diverges: () => false,
  },
  {
    name: 'moto',
    skip: motoPath === undefined,
    async start() {
      const backend = await startMoto();
      if (backend === undefined) throw new Error('moto_server disappeared after the suite was planned');
      return backend;
    },
    diverges: (divergence) => {
      const diverges = MOTO_DIVERGENCES.has(divergence);
      if (diverges) {
        console.warn(
          `WARNING: moto diverges from AWS on "${divergence}": that check is SKIPPED for moto (it runs against the stand-in).`,
        );
      }
      return diverges;
    },
  },
];

/** An SDK client for a backend, as the function would build one from the backend's environment. */
export function sdkClientFor(
  backend: SecretsManagerBackend,
  options: { maxAttempts?: number } = {},
): SecretsManagerClient {
  return clientFor(backend, options);
}
