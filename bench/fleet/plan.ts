// The fleet benchmark's shape (issue 11): how many secrets on how many Vaults, which share a password credentials
// secret, each Vault's burst limit, the sign-in limit, Lambda-like concurrency and Secrets Manager's reattempts.
// Pure: the harness (run-fleet.ts) turns a plan into simulators, secrets and rotations.

export interface FleetPlan {
  readonly secrets: number;
  readonly vaults: number;
  /** X-VaultAPI-BurstLimit per Vault (cycled when there are more Vaults). */
  readonly burstLimits: readonly number[];
  /** Password sign-ins per user and Vault per minute (the simulator's auth limit). */
  readonly authLimitPerMinute: number;
  /** Share of each Vault's secrets that mint with that Vault's one shared password credentials secret. */
  readonly sharedCredentialsShare: number;
  /** Most containers running at once (Lambda's concurrency for this function). */
  readonly concurrency: number;
  /** Whole-rotation attempts Secrets Manager makes (the first plus reattempts). */
  readonly maxAttempts: number;
  /** Simulated wait before Secrets Manager reattempts a failed rotation. */
  readonly reattemptDelayMs: number;
  /** The rotation window every secret must be rotated within (Secrets Manager's Duration). */
  readonly windowMs: number;
  readonly reservePercent: number;
  /** Real ms before every Vault and Secrets Manager answer. */
  readonly latencyMs: number;
  /** Simulated time runs this many times faster than real time; undefined: a manual clock the harness moves. */
  readonly clockScale: number | undefined;
  /** Lambda memory for GB-seconds (template.yaml MemorySize). */
  readonly memoryMb: number;
}

const MINUTE = 60_000;

/** `npm run bench -- --fleet`: a thousand secrets on five Vaults, the last with a burst limit too tight for one window. */
export const BENCH_FLEET: FleetPlan = {
  secrets: 1000,
  vaults: 5,
  burstLimits: [2000, 1500, 1000, 600, 300],
  authLimitPerMinute: 20,
  sharedCredentialsShare: 0.2,
  concurrency: 16,
  maxAttempts: 12,
  reattemptDelayMs: 5 * MINUTE,
  windowMs: 4 * 60 * MINUTE,
  reservePercent: 20,
  latencyMs: 10,
  clockScale: 10,
  memoryMb: 256,
};

/** The tests' small fleet: tens of secrets, a manual clock, one Vault tight enough to need several burst windows. */
export const TEST_FLEET: FleetPlan = {
  ...BENCH_FLEET,
  secrets: 30,
  vaults: 3,
  burstLimits: [500, 30, 200],
  authLimitPerMinute: 3,
  sharedCredentialsShare: 0.4,
  concurrency: 4,
  latencyMs: 0,
  clockScale: undefined,
};

export interface PlannedSecret {
  readonly index: number;
  readonly vault: number;
  /** Mints with the Vault's shared password credentials secret (and holds no token before its first rotation). */
  readonly sharedCredentials: boolean;
}

/** Secrets spread round-robin over the Vaults; the first share of each Vault's secrets use its credentials secret. */
export function planSecrets(plan: FleetPlan): PlannedSecret[] {
  const perVault = new Map<number, number>();
  const countOn = (vault: number) => Math.ceil((plan.secrets - vault) / plan.vaults);
  return Array.from({ length: plan.secrets }, (_, index) => {
    const vault = index % plan.vaults;
    const nth = perVault.get(vault) ?? 0;
    perVault.set(vault, nth + 1);
    return { index, vault, sharedCredentials: nth < Math.round(countOn(vault) * plan.sharedCredentialsShare) };
  });
}

export function burstLimitOf(plan: FleetPlan, vault: number): number {
  return plan.burstLimits[vault % plan.burstLimits.length]!;
}
