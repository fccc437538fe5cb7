// 3. The action: bundle size (main.mjs and the chunks it imports statically; the lazily imported AWS SDK chunks
// apart) and time from process start to outputs written on Node 24 (the action's `node24` runtime), against
// bench/reference/minimal-action.ts (@actions/core, one fetch, setOutput) built with its own fixed options. Both run the way the runner runs them, against the simulator on loopback,
// with a parent token (aws-secret-id unused). Time is measured to process exit, an upper bound on "outputs written":
// ours writes its outputs and then a short job summary; setOutput is the reference's last act.
import { join } from 'node:path';
import { startVaultSimulator } from '../simulator/vault-simulator.js';
import { runActionEntry } from './action-runner.js';
import type { BenchBundles } from './bundles.js';
import { esmClosure } from './esm-closure.js';
import type { BenchNode } from './node24.js';
import { kb, missedBy, msSample, ratioText, verdict } from './format.js';
import type { MeasurementResult } from './measurement.js';
import { ROOT, type Scratch } from './paths.js';
import { interleaved } from './stats.js';

/** Issue 18: the action's bundle ≤ 1.15× its reference, its start → outputs on Node 24 ≤ 1.2×. */
export const ACTION_BUNDLE_GOAL = 1.15;
export const ACTION_GOAL = 1.2;
export const COMMITTED_MAIN = join(ROOT, 'action/dist/main.mjs');

export async function measureAction(
  bundles: BenchBundles,
  scratch: Scratch,
  runs: number,
  node: BenchNode,
): Promise<MeasurementResult> {
  // Every run mints a token; the cap is raised so the runs never meet it.
  const vault = await startVaultSimulator({ tokenCap: 1000 });
  try {
    const user = vault.addUser({ userName: 'bench.action@acme.test' });
    const parent = vault.issueToken(user.id, { name: 'bench parent token' });
    const inputs = { 'vault-dns': vault.url, 'access-token': parent.token };
    const timeOf = async (entry: string) => {
      const run = await runActionEntry(entry, inputs, scratch.dir, node.path);
      if (run.exitCode !== 0 || !/^token<</m.test(run.outputFile)) {
        throw new Error(`${entry} did not write the token output (exit ${run.exitCode}): ${errorLine(run.stdout)}`);
      }
      return run.wallMs;
    };
    const time = await interleaved(
      runs,
      () => timeOf(COMMITTED_MAIN),
      () => timeOf(bundles.actionReference),
    );
    const ours = esmClosure(COMMITTED_MAIN);
    const reference = esmClosure(bundles.actionReference);
    const sizeRatio = ours.staticBytes / reference.staticBytes;
    const timeRatio = time.a.median / time.b.median;

    const notes = [
      `Action bundle: main.mjs and the ${ours.staticFiles.length - 1} chunk(s) it imports statically load at start; ${ours.lazyFiles.length} chunk(s) (${kb(ours.lazyBytes)}) load only through import(): the AWS SDK when aws-secret-id is used, undici when a proxy is configured.`,
      'Action time: from spawn() of node on the committed action/dist/main.mjs to process exit, an upper bound on "outputs written" (ours writes its outputs, then a short job summary; setOutput is the reference\'s last act); each run a fresh job directory and GITHUB_RUN_ID.',
    ];
    if (sizeRatio > ACTION_BUNDLE_GOAL) notes.push(`Action bundle size missed the goal ${missedBy(sizeRatio, ACTION_BUNDLE_GOAL)}.`);
    if (timeRatio > ACTION_GOAL)
      notes.push(`Action time to outputs missed the goal ${missedBy(timeRatio, ACTION_GOAL)}.`);
    return {
      rows: [
        {
          measurement: '3. Action bundle (main + static chunks)',
          ours: `${kb(ours.staticBytes)} (${ours.staticFiles.length} files)`,
          reference: `${kb(reference.staticBytes)} (core + fetch)`,
          ratio: ratioText(sizeRatio),
          goal: `≤ ${ACTION_BUNDLE_GOAL}×`,
          met: verdict(sizeRatio, ACTION_BUNDLE_GOAL),
        },
        {
          measurement: '3. Action lazy chunks (AWS SDK: aws-secret-id; undici: a proxy)',
          ours: `${kb(ours.lazyBytes)} (${ours.lazyFiles.length} files)`,
          reference: '—',
          ratio: '—',
          goal: '—',
          met: 'n/a',
        },
        {
          measurement: `3. Action start → outputs written, to exit (${node.label})`,
          ours: msSample(time.a),
          reference: msSample(time.b),
          ratio: ratioText(timeRatio),
          goal: `≤ ${ACTION_GOAL}×`,
          met: verdict(timeRatio, ACTION_GOAL),
        },
      ],
      notes,
    };
  } finally {
    await vault.close();
  }
}

/** The action's ::error:: line, for an error message. Only that line: raw stdout also holds ::add-mask::<token>. */
function errorLine(stdout: string): string {
  return stdout.split('\n').find((line) => line.startsWith('::error::')) ?? 'no ::error:: line';
}
