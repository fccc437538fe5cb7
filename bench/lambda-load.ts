// 1. The Lambda bundle: size, cold module-load time and (where valgrind is installed) module-load instructions against
// bench/reference/minimal-lambda.ts (@middy/core + SecretsManagerClient, built with its own fixed options). Cold load =
// a fresh Node 24 (the nodejs24.x runtime's major) that times require() of the bundle with performance.now().
import { extraShares, type InputShare, sharesByPackage } from './bundle-inputs.js';
import type { BenchBundles, BuiltBundle } from './bundles.js';
import { kb, missedBy, msSample, ratioText, verdict } from './format.js';
import type { MeasurementResult } from './measurement.js';
import { baseEnv, runNode } from './node-process.js';
import { LAMBDA_ENV } from './rotation-runs.js';
import { loadInstructions, valgrindPresent } from './instructions.js';
import type { BenchNode } from './node24.js';
import type { Scratch } from './paths.js';
import { interleavedAll, type Sample } from './stats.js';
import type { Row } from './table.js';

export const LAMBDA_GOAL = 1.15;

const PROBE = [
  "const { performance } = require('node:perf_hooks');",
  'const started = performance.now();',
  'require(process.env.BENCH_BUNDLE);',
  'const elapsed = performance.now() - started;',
  'process.stdout.write(String(elapsed), () => process.exit(0));',
].join('\n');

async function coldLoadMs(bundle: BuiltBundle, node: string): Promise<number> {
  const run = await runNode(['-e', PROBE], { ...baseEnv(), ...LAMBDA_ENV, BENCH_BUNDLE: bundle.file }, undefined, node);
  const elapsed = Number(run.stdout);
  if (run.exitCode !== 0 || !Number.isFinite(elapsed)) {
    throw new Error(`loading ${bundle.file} failed (exit ${run.exitCode}): ${run.stderr.trim().split('\n').at(-1)}`);
  }
  return elapsed;
}

export interface LambdaRuns {
  /** Timed cold loads of each bundle. */
  readonly loads: number;
  /** Callgrind runs of each bundle (and of the empty baseline). */
  readonly instructionRuns: number;
}

export async function measureLambda(
  bundles: BenchBundles,
  runs: LambdaRuns,
  node: BenchNode,
  scratch: Scratch,
): Promise<MeasurementResult> {
  const { lambda, lambdaReference, lambdaReferenceWithLogger } = bundles;
  const [oursLoad, referenceLoad, withLoggerLoad] = (await interleavedAll(runs.loads, [
    () => coldLoadMs(lambda, node.path),
    () => coldLoadMs(lambdaReference, node.path),
    () => coldLoadMs(lambdaReferenceWithLogger, node.path),
  ])) as [Sample, Sample, Sample];
  const instructions = await instructionRow(bundles, runs.instructionRuns, node, scratch);
  const sizeRatio = lambda.bytes / lambdaReference.bytes;
  const loadRatio = oursLoad.median / referenceLoad.median;
  const ours = sharesByPackage(lambda.metafile);
  const extra = extraShares(ours, sharesByPackage(lambdaReference.metafile));

  const notes = [
    ...instructions.notes,
    `Powertools Logger alone (required by issue 3): the reference plus the logger and its middleware is ${kb(lambdaReferenceWithLogger.bytes)} (${ratioText(lambdaReferenceWithLogger.bytes / lambdaReference.bytes)}) and loads in ${msSample(withLoggerLoad)} (${ratioText(withLoggerLoad.median / referenceLoad.median)} the reference), in the same interleaved runs.`,
    `Lambda bundle: largest inputs ${shareList(ours.slice(0, 5))}; beyond the reference it carries ${shareList(extra.slice(0, 6))} (${kb(sum(extra))} in all).`,
  ];
  if (sizeRatio > LAMBDA_GOAL) notes.push(sizeMiss(sizeRatio, lambda, lambdaReference, extra));
  if (loadRatio > LAMBDA_GOAL) {
    notes.push(
      `Lambda cold load missed the goal ${missedBy(loadRatio, LAMBDA_GOAL)}: load time is mostly parsing and running the bundle's module code, so the same extra inputs cost it.`,
    );
  }

  return {
    rows: [
      {
        measurement: '1. Lambda bundle size',
        ours: kb(lambda.bytes),
        reference: `${kb(lambdaReference.bytes)} (middy + SM client)`,
        ratio: ratioText(sizeRatio),
        goal: `≤ ${LAMBDA_GOAL}×`,
        met: verdict(sizeRatio, LAMBDA_GOAL),
      },
      {
        measurement: `1. Lambda cold module load (${node.label})`,
        ours: msSample(oursLoad),
        reference: msSample(referenceLoad),
        ratio: ratioText(loadRatio),
        goal: `≤ ${LAMBDA_GOAL}×`,
        met: verdict(loadRatio, LAMBDA_GOAL),
      },
      ...instructions.rows,
    ],
    notes,
  };
}

const millions = (instructions: number): string => `${(instructions / 1e6).toFixed(1)} M instructions`;

/** Module load as callgrind's instruction count, ours against the reference; left out where valgrind is missing. */
async function instructionRow(
  bundles: BenchBundles,
  runs: number,
  node: BenchNode,
  scratch: Scratch,
): Promise<{ rows: Row[]; notes: string[] }> {
  if (!valgrindPresent()) {
    return { rows: [], notes: ['Module-load instruction counts: valgrind is not installed here, so that row is left out.'] };
  }
  const env = { ...baseEnv(), ...LAMBDA_ENV };
  const files = [bundles.lambda.file, bundles.lambdaReference.file];
  const { samples, baseline } = await loadInstructions(node.path, files, env, scratch, runs);
  const [ours, reference] = samples as [Sample, Sample];
  const ratio = ours.median / reference.median;
  const notes = [
    `Module-load instructions: callgrind's total Ir of a ${node.label} process that require()s the bundle, minus the same process requiring an empty file (${millions(baseline.median)}, node's own start-up); medians of ${runs} runs, which differ by about 1%.`,
  ];
  if (ratio > LAMBDA_GOAL) notes.push(`Module-load instructions missed the goal ${missedBy(ratio, LAMBDA_GOAL)}.`);
  return {
    rows: [
      {
        measurement: `1. Lambda module load, instructions (callgrind, ${node.label})`,
        ours: `${millions(ours.median)} (median, n=${ours.runs})`,
        reference: `${millions(reference.median)} (median, n=${reference.runs})`,
        ratio: ratioText(ratio),
        goal: `≤ ${LAMBDA_GOAL}×`,
        met: verdict(ratio, LAMBDA_GOAL),
      },
    ],
    notes,
  };
}

function shareList(shares: readonly InputShare[]): string {
  return shares.length === 0 ? 'nothing' : shares.map((share) => `${share.name} ${kb(share.bytes)}`).join(', ');
}

function sum(shares: readonly InputShare[]): number {
  return shares.reduce((total, share) => total + share.bytes, 0);
}

/** Why the size goal is missed: what the bundle carries beyond the reference, and how much room the goal leaves. */
function sizeMiss(ratio: number, ours: BuiltBundle, reference: BuiltBundle, extra: readonly InputShare[]): string {
  const own = extra.filter((share) => share.name.endsWith('/'));
  const libraries = extra.filter((share) => !share.name.endsWith('/'));
  const ownRatio = (reference.bytes + sum(own)) / reference.bytes;
  const room = reference.bytes * LAMBDA_GOAL - reference.bytes - sum(own);
  const powertools = sum(libraries.filter((share) => share.name.startsWith('@aws-lambda-powertools/')));
  return [
    `Lambda bundle size missed the goal ${missedBy(ratio, LAMBDA_GOAL)}: it is ${kb(ours.bytes - reference.bytes)} larger than the reference,`,
    `${kb(sum(own))} of it the project's own code (${shareList(own)}) and ${kb(sum(libraries))} libraries the reference lacks (${shareList(libraries)}).`,
    `The project's code alone makes ${ratioText(ownRatio)}, which leaves ${kb(Math.max(0, room))} under the goal for every library beyond middy and the SDK;`,
    `Powertools Logger (required by issue 3) takes ${kb(powertools)} of that by itself.`,
  ].join(' ');
}
