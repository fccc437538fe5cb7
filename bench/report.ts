// The report: the table and the machine line for the terminal, and the same with a "how measured" paragraph as
// Markdown for the README.
import type { MeasurementResult } from './measurement.js';
import { markdownTable, type Row, textTable } from './table.js';

export interface RunCounts {
  readonly lambdaLoads: number;
  readonly instructionRuns: number;
  readonly memoryRuns: number;
  readonly functionMemoryRuns: number;
  readonly actionRuns: number;
  readonly cliRuns: number;
  readonly rotations: number;
  readonly scheduleChildren: number;
  readonly scheduleRotations: number;
}

export interface MachineInfo {
  /** CPU model, cores, memory, Node version. */
  readonly machine: string;
  /** How busy the machine was during the run. */
  readonly load: string;
}

export function terminalReport(results: readonly MeasurementResult[], machine: MachineInfo, seconds: number): string {
  const rows = results.flatMap((result) => result.rows);
  return [
    textTable(rows),
    '',
    `Machine: ${machine.machine}; ${machine.load} The benchmark took ${seconds.toFixed(0)} s.`,
    missedLine(rows),
    '',
    'Notes:',
    ...results.flatMap((result) => result.notes).map((note) => `- ${note}`),
  ].join('\n');
}

export function markdownReport(results: readonly MeasurementResult[], machine: MachineInfo, counts: RunCounts): string {
  const rows = results.flatMap((result) => result.rows);
  return [
    markdownTable(rows),
    '',
    `Measured on: ${machine.machine} (${new Date().toISOString().slice(0, 10)}); ${machine.load}`,
    '',
    howMeasured(counts),
    '',
    ...results.flatMap((result) => result.notes).map((note) => `- ${note}`),
    '',
    ...results.flatMap((result) => result.details ?? []),
  ].join('\n');
}

function missedLine(rows: readonly Row[]): string {
  const missed = rows.filter((row) => row.met === 'MISSED').map((row) => row.measurement);
  const errors = rows.filter((row) => row.met === 'ERROR').map((row) => row.measurement);
  return [
    missed.length === 0 ? 'All goals met.' : `MISSED: ${missed.join('; ')}`,
    ...(errors.length === 0 ? [] : [`ERROR (not measured): ${errors.join('; ')}`]),
  ].join('\n');
}

function howMeasured(counts: RunCounts): string {
  return [
    '**How measured.** Every figure is taken in the same run as its reference, and timed figures are medians,',
    'ours and reference interleaved after one discarded warm-up each.',
    `(1) The Lambda is built with scripts/build.mjs's lambdaBuildOptions; the reference is`,
    'bench/reference/minimal-lambda.ts, only @middy/core + SecretsManagerClient (one DescribeSecret), built with its',
    'own fixed options (bench/reference/build-options.ts: ES-module entry points, minified, node24), which no project',
    'build flag moves (a second one adds Powertools Logger, to show its share). Cold load is a fresh Node 24',
    '`node` that times `require()` of the bundle with performance.now(), with Lambda-like environment variables',
    `(${counts.lambdaLoads} runs each). Where valgrind is installed, the same load is counted in instructions:`,
    "callgrind's total Ir of that process minus the same process requiring an empty file",
    `(${counts.instructionRuns} runs each; counts hardly move on a busy machine, unlike times).`,
    '(2) Peak memory is process.resourceUsage().maxRSS of a fresh process that holds the Vault simulator, the',
    'Secrets Manager stand-in and the built Lambda and runs one full rotation through the rotation driver',
    `(${counts.memoryRuns} runs); the same process without the Lambda is reported alongside. The function alone: the`,
    'built Lambda in a Node 24 process of its own that holds nothing else, invoked over IPC for two rotations of a',
    'secret on cron(0 */4 * * ? *) while the simulators run in the bench process; its maxRSS against the Lambda',
    `reference's in the same host (${counts.functionMemoryRuns} runs each).`,
    `The same child, without latency, rotates a secret on cron(0 */4 * * ? *) and one on rate(30 days)`,
    `(${counts.scheduleChildren} children of ${counts.scheduleRotations} rotations each, alternating) and takes the CPU time`,
    '(process.cpuUsage) of each createSecret after the first; the reference is the rate(30 days) figure.',
    '(3) The committed action/dist/main.mjs and a minimal action (bench/reference/minimal-action.ts: @actions/core,',
    'one fetch that mints, setSecret + setOutput; built with its own fixed options) are started on Node 24 like the',
    'runner starts them (every action.yml input as',
    'INPUT_*, fresh GITHUB_OUTPUT/STATE/ENV/PATH/STEP_SUMMARY files) against the simulator on loopback with a parent',
    `token (no aws-secret-id), timed from spawn to process exit, which follows the outputs (${counts.actionRuns} runs each).`,
    'Bundle size counts main.mjs and the chunks it imports statically; chunks reached only by import() are listed apart.',
    `(4, 5) One process runs ${counts.rotations} rotations of one secret (bootstrapped with a token made in the Vault UI) with`,
    '50 ms injected before every Vault and Secrets Manager answer; calls are counted at the two servers per step, and',
    'the steady-state rotations (from the 3rd on, once every later rotation repeats the same calls) give both the',
    'counts and the wall times. The reference for (5) is the protocol minimum of calls × 50 ms.',
    `(7) \`vault-api-token --help\` as installed (node on cli/bin.mjs, the committed bundle) against a bare`,
    `\`node -e 0\` on the same Node 24, interleaved, spawn to exit (${counts.cliRuns} runs each).`,
    'Sizes and call counts are deterministic; a size is one build.',
    'Every measured process (cold loads, the action, the rotation child) runs on Node 24, the Node of the Lambda',
    '(nodejs24.x) and of the action (node24), from tools/node24 or NODE24_PATH; each timed row names the Node that ran',
    'it, and says "not 24" if Node 24 was missing. The harness itself runs on the Node that runs npm.',
  ].join(' ');
}
