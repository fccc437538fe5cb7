// What the action's logic needs from the outside world. The entries (main.ts, post.ts) pass the real ones; the logic
// never reaches for process.env, the clock or the network on its own.

import type * as actionsCore from '@actions/core';
import type { HttpFetch } from '../../shared/http/http-fetch.js';
import type { VaultClientOptions, VaultCredentials, VaultSession } from '../../shared/types.js';
import type { Secret } from '../../shared/secret.js';

/** The slice of @actions/core the action uses. */
export type ActionCore = Pick<
  typeof actionsCore,
  | 'getInput'
  | 'getBooleanInput'
  | 'setSecret'
  | 'setOutput'
  | 'setFailed'
  | 'saveState'
  | 'getState'
  | 'debug'
  | 'info'
  | 'warning'
  | 'summary'
>;

export type Env = Readonly<Record<string, string | undefined>>;

export type Clock = () => Date;

export type SessionFactory = (options: VaultClientOptions, credentials: VaultCredentials) => VaultSession;

/** The fields the action consumes from the rotation function's secret format. */
export interface VaultSecretValue {
  readonly vaultDns: string | undefined;
  readonly apiVersion: string | undefined;
  readonly accessToken: Secret;
}

/** Reads the secret; calls `mask` with every secret value the moment it is read. */
export type AwsSecretReader = (secretId: string, env: Env, mask: (value: string) => void) => Promise<VaultSecretValue>;

/** The runner's SIGINT/SIGTERM as abort signals, one per phase of the main step (mint/cancellation.ts makes it). */
export interface Cancellation {
  /** The first signal received, once one arrived. */
  readonly signal: NodeJS.Signals | undefined;
  /** Aborts at the first signal: for requests made before the mint (nothing to clean up yet). */
  readonly beforeMint: AbortSignal;
  /** Aborts FINISH_MS after SIGINT, or at SIGTERM: a mint still without an answer is then abandoned. */
  readonly mint: AbortSignal;
  /** Aborts CLEANUP_MS after SIGINT, or SIGTERM_CLEANUP_MS after SIGTERM: the last moment for cleanup requests. */
  readonly cleanup: AbortSignal;
  dispose(): void;
}

export interface PostDeps {
  readonly core: ActionCore;
  readonly env: Env;
  readonly now: Clock;
  readonly openSession: SessionFactory;
}

/** The job's GitHub OIDC token for `audience` (needs `permissions: id-token: write`). */
export type IdTokenSource = (audience: string) => Promise<string>;

export interface MainDeps extends PostDeps {
  readonly readAwsSecret: AwsSecretReader;
  /** The OAuth sign-in's identity: the job's GitHub ID token. */
  readonly getIDToken: IdTokenSource;
  /** The network for the OAuth sign-in (the same proxy settings as the Vault calls). */
  readonly fetch: HttpFetch;
  /** A short random suffix that keeps default token names unique across jobs and steps of one run. */
  readonly uniqueSuffix: () => string;
  /** The runner's SIGINT/SIGTERM, as abort signals for each phase of the step. */
  readonly cancellation: Cancellation;
}
