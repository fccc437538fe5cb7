// The fleet benchmark's shape (issues 11 and 18): how many secrets on how many Vaults, which share a password
// credentials secret, each Vault's burst limit and its other integrations' traffic, the sign-in limit, Lambda's
// concurrency, the latencies assumed per call and Secrets Manager's reattempts. Pure: the harness (run-fleet.ts)
// turns a plan into simulators, secrets and rotations, all on one simulated clock (virtual-time.ts).

export type StepName = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

export interface FleetPlan {
  readonly secrets: number;
  readonly vaults: number;
  /** X-VaultAPI-BurstLimit per Vault (cycled when there are more Vaults). */
  readonly burstLimits: readonly number[];
  /** Other integrations' calls on each Vault, in % of its burst limit per 5-minute window, spread evenly. */
  readonly otherTrafficPercent: number;
  /** Password sign-ins per user and Vault per minute (the simulator's auth limit). */
  readonly authLimitPerMinute: number;
  /** Share of each Vault's secrets that mint with that Vault's one shared password credentials secret. */
  readonly sharedCredentialsShare: number;
  /** Most invocations running at once: the template's RotationConcurrency unless a test says otherwise. */
  readonly concurrency: number;
  /** RotateSecret calls the operator's rotate-all makes per second (the service's quota is 50). */
  readonly offersPerSecond: number;
  /** Whole-rotation attempts Secrets Manager makes (the first plus reattempts). */
  readonly maxAttempts: number;
  /** Simulated wait before Secrets Manager reattempts a failed rotation (assumed; not documented). */
  readonly reattemptDelayMs: number;
  /** The rotation window every secret must be rotated within (Secrets Manager's Duration). */
  readonly windowMs: number;
  readonly reservePercent: number;
  /** Simulated ms before every Secrets Manager answer (assumed). */
  readonly secretsManagerLatencyMs: number;
  /** Simulated ms before every Vault answer (assumed). */
  readonly vaultLatencyMs: number;
  /** Vault's X-VaultAPI-ResponseDelay past the burst limit, really waited (Vault Help: 500 ms). */
  readonly burstDelayMs: number;
  /** Lambda memory for GB-seconds: the template's MemorySize. */
  readonly memoryMb: number;
  /**
   * CPU per step as simulated time (fixed, so that two runs agree: the dynamics do not follow this machine). The cost
   * line uses the CPU measured on this machine instead (step-cpu.ts) when the run is given it.
   */
  readonly stepCpuMs: Readonly<Record<StepName, number>>;
  /** Seed of the jitter in Lambda's retries of throttled invocations. */
  readonly seed: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** `npm run bench -- --fleet`: a thousand secrets on five Vaults, the last too tight for one burst window. */
export function benchFleet(template: { readonly concurrency: number; readonly memoryMb: number }): FleetPlan {
  return {
    secrets: 1000,
    vaults: 5,
    burstLimits: [2000, 1500, 1000, 600, 300],
    otherTrafficPercent: 30,
    authLimitPerMinute: 20,
    sharedCredentialsShare: 0.2,
    concurrency: template.concurrency,
    offersPerSecond: 50,
    maxAttempts: 24,
    reattemptDelayMs: 5 * MINUTE,
    windowMs: 4 * 60 * MINUTE,
    reservePercent: 20,
    secretsManagerLatencyMs: 30,
    vaultLatencyMs: 300,
    burstDelayMs: 500,
    memoryMb: template.memoryMb,
    // Medians of step-cpu.ts on the development machine (2 cores, Node 20).
    stepCpuMs: { createSecret: 20, setSecret: 2, testSecret: 6, finishSecret: 12 },
    seed: 18,
  };
}

/** The tests' small fleet: tens of secrets, one Vault tight enough to need several burst windows. */
export const TEST_FLEET: FleetPlan = {
  ...benchFleet({ concurrency: 4, memoryMb: 256 }),
  secrets: 30,
  vaults: 3,
  burstLimits: [500, 60, 200],
  authLimitPerMinute: 3,
  sharedCredentialsShare: 0.4,
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

/** Lambda retries a throttled invocation from 1 s, doubling, up to 5 minutes; jittered here (seeded) by ±25 %. */
export function throttleRetryDelayMs(retry: number, random: () => number): number {
  const base = Math.min(5 * MINUTE, SECOND * 2 ** Math.min(retry, 20));
  return Math.round(base * (0.75 + 0.5 * random()));
}

/** mulberry32: a small seeded generator, so two runs draw the same jitter. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
