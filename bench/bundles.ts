// Every bundle the benchmark measures or runs, built into the scratch directory (never into build/ or action/dist,
// which other tools own): ours with the project's own esbuild options, the references with the very same options.
import { statSync } from 'node:fs';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { actionBuildOptions, lambdaBuildOptions } from '../scripts/build.mjs';
import { ROOT, type Scratch } from './paths.js';

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
}

export async function buildBenchBundles(scratch: Scratch): Promise<BenchBundles> {
  const [lambda, lambdaReference, lambdaReferenceWithLogger, actionReference, rotationChild] = await Promise.all([
    // Exactly buildLambda(): lambdaBuildOptions from the repository root. The metafile changes no output byte.
    buildLambdaLike(lambdaBuildOptions.entryPoints, scratch.path('lambda'), 'rotate.cjs'),
    buildLambdaLike(['bench/reference/minimal-lambda.ts'], scratch.path('lambda-reference'), 'minimal-lambda.cjs'),
    buildLambdaLike(
      ['bench/reference/minimal-lambda-with-logger.ts'],
      scratch.path('lambda-reference-logger'),
      'minimal-lambda-with-logger.cjs',
    ),
    buildActionReference(scratch.path('action-reference')),
    buildRotationChild(scratch.path('child', 'rotation-child.cjs')),
  ]);
  return { lambda, lambdaReference, lambdaReferenceWithLogger, actionReference, rotationChild };
}

async function buildLambdaLike(entryPoints: string[], outdir: string, fileName: string): Promise<BuiltBundle> {
  const options = { ...lambdaBuildOptions, entryPoints, absWorkingDir: ROOT, outdir, metafile: true } as BuildOptions;
  const { metafile } = await build(options);
  if (metafile === undefined) throw new Error(`esbuild returned no metafile for ${entryPoints.join(', ')}`);
  const file = `${outdir}/${fileName}`;
  return { file, bytes: statSync(file).size, metafile };
}

async function buildActionReference(outdir: string): Promise<string> {
  await build({
    ...actionBuildOptions,
    entryPoints: { main: 'bench/reference/minimal-action.ts' },
    absWorkingDir: ROOT,
    outdir,
  } as BuildOptions);
  return `${outdir}/main.mjs`;
}

/** Bundled (not run through tsx) so the memory figure holds no TypeScript loader, only what the rotation needs. */
async function buildRotationChild(outfile: string): Promise<string> {
  await build({
    entryPoints: ['bench/child/rotation-child.ts'],
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
