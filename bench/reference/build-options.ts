// The references' own build settings, FIXED here on purpose: never derived from scripts/build.mjs, so that no change to
// the project's build (a flag, a target, an external) moves a reference along with the product it is compared with.
// Each is what a careful team would write for that program today: the packages' ES-module entry points (tree-shakable;
// the CommonJS builds of the AWS SDK are not), minified, for the Node the program runs on (24), licence comments off.
import type { BuildOptions } from 'esbuild';

/** bench/reference/minimal-lambda*.ts: one CommonJS handler file, as the nodejs24.x runtime loads it. */
export const LAMBDA_REFERENCE_OPTIONS: Readonly<BuildOptions> = Object.freeze({
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'none',
  outExtension: { '.js': '.cjs' },
  logLevel: 'warning',
});

/** bench/reference/minimal-action.ts: one ES-module file, as a `node24` action's main. */
export const ACTION_REFERENCE_OPTIONS: Readonly<BuildOptions> = Object.freeze({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'none',
  outExtension: { '.js': '.mjs' },
  // @actions/http-client's `tunnel` is CommonJS and requires Node built-ins; ES-module output needs a real `require`.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
