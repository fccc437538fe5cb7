// What the parent and the rotation child say to each other: the child is told what to do through its environment and
// answers with one IPC message. Only counts, names of operations and numbers cross; never a token.

export type ChildMode =
  /** Start the simulator and the stand-in, create the secret; no Lambda, no rotation (the harness's own memory). */
  | 'baseline'
  /** Everything: load the built Lambda and run rotations. */
  | 'rotations';

export interface ChildEnv {
  readonly BENCH_MODE: ChildMode;
  /** The built Lambda (build/functions/rotate.cjs or the same build in the scratch directory). */
  readonly BENCH_LAMBDA: string;
  /** Delay on every Vault and Secrets Manager answer (ms). */
  readonly BENCH_LATENCY_MS: string;
  /** How many rotations to run in a row on one secret. */
  readonly BENCH_ROTATIONS: string;
  /** The rotation schedule RotateSecret sets (default: the driver's, AutomaticallyAfterDays). */
  readonly BENCH_SCHEDULE?: string;
  /**
   * How the function signs in to Vault: 'token' (default: the secret's own token mints its successor) or 'oauth'
   * (an OAuth credentials secret with identity "aws-sts", the secret bootstrapped with no token; bench/child/world.ts).
   */
  readonly BENCH_AUTH?: 'token' | 'oauth';
}

export interface StepCalls {
  readonly step: string;
  /** Secrets Manager operations the step made, in order. */
  readonly secretsManager: readonly string[];
  /** Vault operations the step made, in order (the simulator's names: auth, whoAmI, mint, query, delete…). */
  readonly vault: readonly string[];
  /** OAuth mode: STS and authorization-server operations the step caused, in that order (GetWebIdentityToken, token, …). */
  readonly identity?: readonly string[];
  /** CPU time (user + system) of this process during the invocation, ms: the Lambda's, and the two servers' share. */
  readonly cpuMs: number;
}

export interface RotationRecord {
  /** 1 = the first rotation of a secret bootstrapped with a token made in the Vault UI. */
  readonly index: number;
  readonly succeeded: boolean;
  /** runRotation from start to the end of the service's completion (ms). */
  readonly wallMs: number;
  readonly steps: readonly StepCalls[];
  /** Error messages of a failed rotation (never hold secrets: the project's error standard). */
  readonly errors: readonly string[];
}

export type ChildReport =
  | { readonly ok: true; readonly maxRssMb: number; readonly rotations: readonly RotationRecord[] }
  | { readonly ok: false; readonly error: string };
