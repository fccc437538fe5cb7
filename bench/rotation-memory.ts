// 2. Peak memory of a full rotation in one process: a fresh child holding the Vault simulator, the Secrets Manager
// stand-in and the built Lambda runs one rotation and reports process.resourceUsage().maxRSS. The same child without
// the Lambda and the rotation (the harness alone) runs alongside, so the Lambda's own share can be read off.
import type { BenchBundles } from './bundles.js';
import { mbSample } from './format.js';
import type { MeasurementResult } from './measurement.js';
import type { BenchNode } from './node24.js';
import { successfulRun } from './rotation-runs.js';
import { interleaved } from './stats.js';

export const MEMORY_GOAL_MB = 100;

export async function measureMemory(bundles: BenchBundles, runs: number, node: BenchNode): Promise<MeasurementResult> {
  const peakMb = async (mode: 'rotations' | 'baseline') => {
    const env = { BENCH_MODE: mode, BENCH_LAMBDA: bundles.lambda.file, BENCH_LATENCY_MS: '0', BENCH_ROTATIONS: '1' };
    const report = await successfulRun(bundles.rotationChild, env, node.path);
    return report.maxRssMb;
  };
  const peak = await interleaved(
    runs,
    () => peakMb('rotations'),
    () => peakMb('baseline'),
  );
  // The goal is the function's alone (bench/function-memory.ts); with the simulators in the process this is a bound.
  const met = peak.a.median <= MEMORY_GOAL_MB;
  const share = peak.a.median - peak.b.median;
  const notes = [
    `Peak RSS holds more than a Lambda would: the Vault simulator and the Secrets Manager stand-in (with its own copy of the AWS SDK) share the process; alone they peak at ${peak.b.median.toFixed(1)} MB, so the function's own share is about ${share.toFixed(1)} MB.`,
  ];
  if (!met) {
    notes.push(
      `Harness and function together exceed ${MEMORY_GOAL_MB} MB by ${(peak.a.median - MEMORY_GOAL_MB).toFixed(1)} MB; the goal is the function's alone (the next row).`,
    );
  }
  return {
    rows: [
      {
        measurement: `2. Peak RSS, harness + function, one rotation in one process (${node.label})`,
        ours: mbSample(peak.a),
        reference: `harness alone ${mbSample(peak.b)}`,
        ratio: '—',
        goal: '— (upper bound)',
        met: 'n/a',
      },
    ],
    notes,
  };
}
