// Module load as instructions executed, where valgrind is installed: a count, unlike a time, hardly moves on a busy
// machine. Callgrind's total Ir of `node -e PROBE` that require()s the bundle, minus the same probe requiring an empty
// file, is the load's own cost (node's start-up cancels out). All threads count, V8's background compiler among them.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { runProgram } from './node-process.js';
import type { Scratch } from './paths.js';
import { interleavedAll, type Sample } from './stats.js';

const PROBE = "require(process.env.BENCH_BUNDLE); process.stdout.write('ok');";
/** Under callgrind node runs 30–100× slower; one load stays well below this. */
const TIMEOUT_MS = 300_000;

/** True when `valgrind` runs here; the rows are then measured, otherwise left out with a note. */
export function valgrindPresent(): boolean {
  const probe = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.startsWith('valgrind');
}

export function valgrindVersion(): string {
  return spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).stdout.trim();
}

async function totalIr(node: string, bundle: string, env: Record<string, string>): Promise<number> {
  const run = await runProgram(
    'valgrind',
    ['--tool=callgrind', '--callgrind-out-file=/dev/null', node, '-e', PROBE],
    { ...env, BENCH_BUNDLE: bundle },
    undefined,
    TIMEOUT_MS,
  );
  const collected = /Collected\s*:\s*(\d+)/.exec(run.stderr)?.[1];
  if (run.exitCode !== 0 || run.stdout !== 'ok' || collected === undefined) {
    throw new Error(`callgrind on ${bundle} failed (exit ${run.exitCode}): ${run.stderr.trim().split('\n').at(-1)}`);
  }
  return Number(collected);
}

/**
 * Instructions to load each bundle (callgrind total of the probe minus that of the empty-file probe), `runs` rounds
 * interleaved; medians. The baseline is measured as often as each bundle and subtracted median from median.
 */
export async function loadInstructions(
  node: string,
  bundles: readonly string[],
  env: Record<string, string>,
  scratch: Scratch,
  runs: number,
): Promise<{ samples: Sample[]; baseline: Sample }> {
  const empty = scratch.path('empty-module.cjs');
  writeFileSync(empty, '');
  const measures = [empty, ...bundles].map((file) => () => totalIr(node, file, env));
  const [baseline, ...samples] = await interleavedAll(runs, measures, { warmUp: false });
  return {
    baseline: baseline as Sample,
    samples: samples.map((sample) => ({ ...sample, median: sample.median - (baseline as Sample).median })),
  };
}
