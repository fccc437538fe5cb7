// One build for everything that ships. The Lambda options mirror template.yaml's Metadata.BuildProperties
// (a test keeps them in step); the action bundles are committed, and CI fails when they differ from a fresh build.

import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Shared with test/template: what `sam build` is told to do, and what we do locally. */
export const lambdaBuildOptions = {
  entryPoints: ['functions/rotate.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  outExtension: { '.js': '.cjs' },
  legalComments: 'none',
  logLevel: 'warning',
};

export const actionBuildOptions = {
  entryPoints: { main: 'action/src/main.ts', post: 'action/src/post.ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  splitting: true,
  target: 'node20',
  minify: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // @actions/core is CommonJS and requires Node built-ins; ESM output needs a real `require` for them.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
};

export async function buildLambda(outdir = 'build/functions') {
  await build({ ...lambdaBuildOptions, absWorkingDir: root, outdir });
}

export async function buildAction(outdir = 'action/dist') {
  rmSync(new URL(outdir, `file://${root}/`), { recursive: true, force: true });
  await build({ ...actionBuildOptions, absWorkingDir: root, outdir });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const what = process.argv[2] ?? 'all';
  if (what === 'all' || what === 'lambda') await buildLambda();
  if (what === 'all' || what === 'action') await buildAction();
}
