// What the action's logic needs from the outside world. The entries (main.ts, post.ts) pass the real ones; the logic
// never reaches for process.env, the clock or the network on its own.

import type * as actionsCore from '@actions/core';
import type { VaultClientOptions, VaultCredentials, VaultSession } from '../../shared/types.js';
import type { VaultSecretValue } from './aws-secret.js';
import type { Cancellation } from './cancellation.js';

/** The slice of @actions/core the action uses. */
export type ActionCore = Pick<
  typeof actionsCore,
  | 'getInput'
  | 'getBooleanInput'
  | 'setSecret'
  | 'setOutput'
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

/** Reads the secret; calls `mask` with every secret value the moment it is read. */
export type AwsSecretReader = (secretId: string, env: Env, mask: (value: string) => void) => Promise<VaultSecretValue>;

export interface PostDeps {
  readonly core: ActionCore;
  readonly env: Env;
  readonly now: Clock;
  readonly openSession: SessionFactory;
}

export interface MainDeps extends PostDeps {
  readonly readAwsSecret: AwsSecretReader;
  /** A short random suffix that keeps default token names unique across jobs and steps of one run. */
  readonly uniqueSuffix: () => string;
  /** The runner's SIGINT/SIGTERM, as abort signals for each phase of the step. */
  readonly cancellation: Cancellation;
}
