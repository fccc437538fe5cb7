// The rotation function's own vocabulary: the event Secrets Manager sends, the dependencies each step receives, and
// the per-invocation context the dispatcher hands to a step.

import type { DescribeSecretCommandOutput, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import type { RetryPolicy, VaultClientOptions, VaultCredentials, VaultSession } from '../../shared/types.js';
import type { Fleet } from './fleet/fleet.js';
import type { RotationLogger } from './telemetry/logging.js';

/** `@types/aws-lambda` lacks RotationToken. It is sensitive: forwarded to PutSecretValue, never logged. */
export interface RotationEvent extends SecretsManagerRotationEvent {
  RotationToken?: string;
}

export type RotationStep = RotationEvent['Step'];

/** The one SDK method the rotator uses; a real SecretsManagerClient fits, and tests inject a fake. */
export type SecretsManagerPort = Pick<SecretsManagerClient, 'send'>;

export type OpenVaultSession = (
  options: VaultClientOptions,
  credentials: VaultCredentials,
) => VaultSession | Promise<VaultSession>;

/** Knobs that only tests and operators with unusual Vaults change. */
export interface RotationTuning {
  /** Passed to the Vault client; undefined keeps the client's defaults. */
  readonly vaultRetry?: Partial<RetryPolicy>;
  readonly requestTimeoutMs?: number;
  /** testSecret: tries of Validate Session User while a new token propagates (INVALID_SESSION_ID). */
  readonly propagationAttempts: number;
  /** testSecret: first delay between those tries (doubles each time). */
  readonly propagationDelayMs: number;
}

export interface RotationDeps {
  readonly secretsManager: SecretsManagerPort;
  readonly openVaultSession: OpenVaultSession;
  readonly logger: RotationLogger;
  readonly now: () => Date;
  readonly tuning: RotationTuning;
  /** Per container: allowed Vault hosts, burst reserve, cached password sessions (fleet.ts, docs/fleet.md). */
  readonly fleet: Fleet;
}

/** What every step receives after the dispatcher's checks. `secretArn` comes from DescribeSecret. */
export interface StepContext {
  readonly deps: RotationDeps;
  readonly event: RotationEvent;
  readonly secretArn: string;
  readonly versionId: string;
  readonly description: DescribeSecretCommandOutput;
  readonly signal: AbortSignal;
}
