// 7. The CLI's start-up: `vault-api-token --help` as an installed CLI runs it (node on cli/bin.mjs, the committed
// bundle; no TypeScript loader), against a bare `node -e 0` on the same Node — the least any Node CLI can cost.
import { join } from 'node:path';
import { kb, missedBy, msSample, ratioText, verdict } from './format.js';
import type { MeasurementResult } from './measurement.js';
import type { BenchNode } from './node24.js';
import { baseEnv, runNode } from './node-process.js';
import { ROOT } from './paths.js';
import { interleaved } from './stats.js';
import { esmClosure } from './esm-closure.js';

/** Issue 18: `vault-api-token --help` ≤ 3× a bare `node -e 0` on Node 24. */
export const CLI_GOAL = 3;
const BIN = join(ROOT, 'cli/bin.mjs');

export async function measureCliStart(runs: number, node: BenchNode): Promise<MeasurementResult> {
  const env = baseEnv();
  const timeOf = async (args: readonly string[], expectOutput: boolean) => {
    const run = await runNode(args, env, ROOT, node.path);
    if (run.exitCode !== 0 || (expectOutput && !/Usage: vault-api-token/.test(run.stdout))) {
      throw new Error(`node ${args.join(' ')} failed (exit ${run.exitCode}): ${run.stderr.slice(0, 300)}`);
    }
    return run.wallMs;
  };
  const time = await interleaved(
    runs,
    () => timeOf([BIN, '--help'], true),
    () => timeOf(['-e', '0'], false),
  );
  const ratio = time.a.median / time.b.median;
  const loaded = esmClosure(join(ROOT, 'cli/dist/main.mjs'));
  const notes = [
    `CLI start-up: spawn() of node on cli/bin.mjs --help to exit; the bundle loads ${kb(loaded.staticBytes)} at start (${loaded.staticFiles.length} files) and imports each command's code only when it runs.`,
  ];
  if (ratio > CLI_GOAL) notes.push(`CLI start-up missed the goal ${missedBy(ratio, CLI_GOAL)}.`);
  return {
    rows: [
      {
        measurement: `7. CLI --help start-up, to exit (${node.label})`,
        ours: msSample(time.a),
        reference: `${msSample(time.b)} (node -e 0)`,
        ratio: ratioText(ratio),
        goal: `≤ ${CLI_GOAL}×`,
        met: verdict(ratio, CLI_GOAL),
      },
    ],
    notes,
  };
}
