// 2. What a cron schedule costs createSecret: the CPU time of createSecret invocations (process.cpuUsage around the
// handler, in the rotation child on Node 24) for a secret on cron(0 */4 * * ? *) against one on rate(30 days), the
// same rotations otherwise. createSecret measures the schedule's longest gap to size the token's lifetime; a cron's
// gap was a walk over a year of fire times. The child holds the Vault simulator and the stand-in too, so their work
// for createSecret's calls counts on both sides alike.
import type { BenchBundles } from './bundles.js';
import type { RotationRecord } from './child/protocol.js';
import { missedBy, ratioText, verdict } from './format.js';
import type { MeasurementResult } from './measurement.js';
import type { BenchNode } from './node24.js';
import { successfulRun } from './rotation-runs.js';
import { sampleOf } from './stats.js';

export const CRON_SCHEDULE = 'cron(0 */4 * * ? *)';
export const RATE_SCHEDULE = 'rate(30 days)';
export const SCHEDULE_CPU_GOAL = 1.5;

/** createSecret CPU of every rotation but the first (the first loads the SDK's lazy parts and warms the JIT). */
function createSecretCpu(records: readonly RotationRecord[]): number[] {
  return records
    .slice(1)
    .flatMap((record) => record.steps.filter((step) => step.step === 'createSecret').map((step) => step.cpuMs));
}

export async function measureScheduleCpu(
  bundles: BenchBundles,
  children: number,
  rotations: number,
  node: BenchNode,
): Promise<MeasurementResult> {
  const cpu = { cron: [] as number[], rate: [] as number[] };
  const run = async (schedule: string) => {
    const env = {
      BENCH_MODE: 'rotations',
      BENCH_LAMBDA: bundles.lambda.file,
      BENCH_LATENCY_MS: '0',
      BENCH_ROTATIONS: String(rotations),
      BENCH_SCHEDULE: schedule,
    } as const;
    return createSecretCpu((await successfulRun(bundles.rotationChild, env, node.path)).rotations);
  };
  // Alternating children, so that a busy spell of the machine falls on both.
  for (let child = 0; child < children; child += 1) {
    cpu.cron.push(...(await run(CRON_SCHEDULE)));
    cpu.rate.push(...(await run(RATE_SCHEDULE)));
  }
  const cron = sampleOf(cpu.cron);
  const rate = sampleOf(cpu.rate);
  const ratio = cron.median / rate.median;
  const notes = [
    `createSecret CPU: user + system time of the rotation child during each createSecret after its first, ${children} children of ${rotations} rotations per schedule, alternating; it includes the simulator's and the stand-in's share of the step's calls, the same for both schedules.`,
  ];
  if (ratio > SCHEDULE_CPU_GOAL) {
    notes.push(`createSecret CPU with a cron missed the goal ${missedBy(ratio, SCHEDULE_CPU_GOAL)}.`);
  }
  return {
    rows: [
      {
        measurement: `2. createSecret CPU, ${CRON_SCHEDULE} (${node.label})`,
        ours: `${cron.median.toFixed(1)} ms (median, n=${cron.runs})`,
        reference: `${RATE_SCHEDULE}: ${rate.median.toFixed(1)} ms (median, n=${rate.runs})`,
        ratio: ratioText(ratio),
        goal: `≤ ${SCHEDULE_CPU_GOAL}×`,
        met: verdict(ratio, SCHEDULE_CPU_GOAL),
      },
    ],
    notes,
  };
}
