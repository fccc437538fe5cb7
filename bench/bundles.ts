// Every bundle the benchmark measures or runs, built into the scratch directory (never into build/ or action/dist,
// which other tools own): ours with the project's own esbuild options (scripts/build.mjs), the references with their
// own fixed options (bench/reference/build-options.ts), so a change to the project's build never moves a reference.
import { statSync } from 'node:fs';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { lambdaBuildOptions } from '../scripts/build.mjs';
import { ROOT, type Scratch } from './paths.js';
import { ACTION_REFERENCE_OPTIONS, LAMBDA_REFERENCE_OPTIONS } from './reference/build-options.js';

export interface BuiltBundle {
  readonly file: string;
  readonly bytes: number;
  readonly metafile: Metafile;
}

export interface BenchBundles {
  readonly lambda: BuiltBundle;
  readonly lambdaReference: BuiltBundle;
  /** The reference plus Powertools Logger (required by issue 3): how much of the gap the logger alone makes. */
  readonly lambdaReferenceWithLogger: BuiltBundle;
  /** The reference action's entry (main.mjs); its chunks sit beside it as in action/dist. */
  readonly actionReference: string;
  /** The child process that hosts the simulator, the stand-in and the Lambda (bench/child). */
  readonly rotationChild: string;
  /** The child process that hosts only the Lambda, as a container does (bench/child/lambda-host.ts). */
  readonly lambdaHost: string;
}

export async function buildBenchBundles(scratch: Scratch): Promise<BenchBundles> {
  const built = await Promise.all([
    // Exactly buildLambda(): lambdaBuildOptions from the repository root. The metafile changes no output byte.
    buildWith(lambdaBuildOptions as BuildOptions, scratch.path('lambda'), 'rotate.cjs'),
    buildWith(
      { ...LAMBDA_REFERENCE_OPTIONS, entryPoints: ['bench/reference/minimal-lambda.ts'] },
      scratch.path('lambda-reference'),
      'minimal-lambda.cjs',
    ),
    buildWith(
      { ...LAMBDA_REFERENCE_OPTIONS, entryPoints: ['bench/reference/minimal-lambda-with-logger.ts'] },
      scratch.path('lambda-reference-logger'),
      'minimal-lambda-with-logger.cjs',
    ),
    buildActionReference(scratch.path('action-reference')),
    buildChild('bench/child/rotation-child.ts', scratch.path('child', 'rotation-child.cjs')),
    buildChild('bench/child/lambda-host.ts', scratch.path('child', 'lambda-host.cjs')),
  ]);
  const [lambda, lambdaReference, lambdaReferenceWithLogger, actionReference, rotationChild, lambdaHost] = built;
  return { lambda, lambdaReference, lambdaReferenceWithLogger, actionReference, rotationChild, lambdaHost };
}

async function buildWith(options: BuildOptions, outdir: string, fileName: string): Promise<BuiltBundle> {
  const { metafile } = await build({ ...options, absWorkingDir: ROOT, outdir, metafile: true });
  if (metafile === undefined) throw new Error(`esbuild returned no metafile for ${fileName}`);
  const file = `${outdir}/${fileName}`;
  return { file, bytes: statSync(file).size, metafile };
}

async function buildActionReference(outdir: string): Promise<string> {
  const entryPoints = { main: 'bench/reference/minimal-action.ts' };
  await build({ ...ACTION_REFERENCE_OPTIONS, entryPoints, absWorkingDir: ROOT, outdir });
  return `${outdir}/main.mjs`;
}

/** Bundled (not run through tsx) so the memory figure holds no TypeScript loader, only what the rotation needs. */
async function buildChild(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}
