// The rotation function's own vocabulary: the event Secrets Manager sends, the dependencies each step receives, and
// the per-invocation context the dispatcher hands to a step.

import type { DescribeSecretCommandOutput } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import type {
  RetryPolicy,
  VaultClientOptions,
  VaultCredentials,
  VaultResponseObservation,
  VaultSession,
} from '../../shared/types.js';
import type { Fleet } from './fleet/fleet.js';
import type { OAuthCredentials } from './fleet/oauth-credentials.js';
import type { SecretVersions } from './revocation/versions.js';
import type { SecretsManagerPort } from './secrets-manager.js';
import type { RotationLogger } from './telemetry/logging.js';

/** `@types/aws-lambda` lacks RotationToken. It is sensitive: forwarded to PutSecretValue, never logged. */
export interface RotationEvent extends SecretsManagerRotationEvent {
  RotationToken?: string;
}

export type RotationStep = RotationEvent['Step'];

export type { SecretsManagerPort };

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
  /**
   * A JWT proving the function's own AWS identity (STS GetWebIdentityToken), for credentials secrets whose OAuth
   * sign-in has identity "aws-sts". Absent: such a secret fails at the identity-token step, nothing minted.
   */
  readonly webIdentityToken?: (audience: string, signal: AbortSignal | undefined) => Promise<string>;
  /**
   * How an OAuth credentials secret becomes a session. Absent (production): the real sign-in (fleet/oauth-session.ts).
   * The interleaving model replaces it with a session of the mapped user, to run the rotator's logic in OAuth mode.
   */
  readonly openOAuthSession?: (options: VaultClientOptions, credentials: OAuthCredentials) => VaultSession | Promise<VaultSession>;
  /** Watches this invocation for its summary line; absent when nothing records one. It observes, never decides. */
  readonly observer?: InvocationObserver;
}

/** What the invocation summary is told about; the summary recorder (telemetry/) is one. */
export interface InvocationObserver {
  observe(observation: VaultResponseObservation): void;
  tokenExpiresAt(expiresAt: string | undefined): void;
  sessionReused(): void;
}

/**
 * What one invocation has done that changes what it may still do. Made by the dispatcher for each step and passed on
 * its context, never kept on the container: whether a summary is recorded or not, the behaviour is the same.
 */
export interface InvocationState {
  /** Set once a token is minted: from then on nothing defers (the token must be stored or cleaned up). */
  minted: boolean;
}

/** What every step receives after the dispatcher's checks. `secretArn` comes from DescribeSecret. */
export interface StepContext {
  readonly deps: RotationDeps;
  readonly event: RotationEvent;
  readonly secretArn: string;
  readonly versionId: string;
  readonly description: DescribeSecretCommandOutput;
  readonly signal: AbortSignal;
  readonly invocation: InvocationState;
  /** The secret's versions as DescribeSecret labelled them, with the one reader of their stored token ids. */
  readonly versions: SecretVersions;
}
