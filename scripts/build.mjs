// One build for everything that ships. The Lambda options mirror template.yaml's Metadata.BuildProperties
// (a test keeps them in step); the action and CLI bundles are committed, and CI fails when they differ from a fresh
// build (docs/development.md says why the CLI's is committed rather than built at install).

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { THIRD_PARTY_LICENSES_FILE, thirdPartyLicenses } from './third-party-licenses.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Shared with test/template: what `sam build` is told to do, and what we do locally. */
export const lambdaBuildOptions = {
  entryPoints: ['functions/rotate.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  // The packages' ES-module builds, which esbuild can tree-shake: the AWS SDK's CommonJS builds carry every command,
  // every protocol and a browser user-agent parser (140 KB more).
  mainFields: ['module', 'main'],
  // The rest of the SDK's default credential chain (SSO, INI with STS, process, web identity, container and instance
  // metadata), which it loads only through import() and only when it runs at all. functions/rotate.ts gives the client
  // the environment's credentials (fromEnv), the ones Lambda provides, so the chain never runs and is left out.
  external: [
    '@aws-sdk/credential-provider-http',
    '@aws-sdk/credential-provider-ini',
    '@aws-sdk/credential-provider-process',
    '@aws-sdk/credential-provider-sso',
    '@aws-sdk/credential-provider-web-identity',
    '@smithy/credential-provider-imds',
    // Loaded with import() only for OAuth credentials secrets with identity "aws-sts" (functions/rotation/web-identity.ts);
    // the Node.js runtime provides it, so the bundle does not carry it for everyone else.
    '@aws-sdk/client-sts',
  ],
  outExtension: { '.js': '.cjs' },
  // Licence notices go to THIRD_PARTY_LICENSES.txt next to the bundle instead (scripts/third-party-licenses.mjs).
  legalComments: 'none',
  logLevel: 'warning',
};

/**
 * @actions/core imports its OIDC client, and with it @actions/http-client and undici (≈ 420 KB), at load time even when
 * getIDToken is never called; the action fetches its ID token itself (action/src/mint/id-token.ts). These packages
 * only define classes and functions when loaded, so marking them free of side effects lets esbuild drop them when
 * nothing uses them. undici itself stays where it is used (the proxy, imported lazily).
 */
const SIDE_EFFECT_FREE = /^(@actions\/http-client|tunnel)(\/|$)/;
export const sideEffectFreePackages = {
  name: 'side-effect-free-packages',
  setup(build) {
    build.onResolve({ filter: SIDE_EFFECT_FREE }, async (args) => {
      if (args.pluginData?.sideEffectFree) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { sideEffectFree: true },
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { ...resolved, sideEffects: false };
    });
  },
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
  plugins: [sideEffectFreePackages],
};

/**
 * The operator command, run by `cli/bin.mjs` with plain node. ESM entry points of the dependencies (the AWS SDK's
 * dist-es can be tree-shaken; its CommonJS builds cannot), and split: cli/program.ts imports each command's code when
 * it runs, so `--help` loads one small file and the SDK's credential providers load only when asked for.
 */
export const cliBuildOptions = {
  // The action's options (ESM, split, node20, minified, a real `require` for commander's and the SDK's CommonJS)…
  ...actionBuildOptions,
  entryPoints: { main: 'cli/main.ts' },
  // …and the ES-module builds of the dependencies (the action keeps esbuild's default for now).
  mainFields: ['module', 'main'],
};

/** Builds with a metafile and writes THIRD_PARTY_LICENSES.txt for what went into the bundle next to it. */
async function buildWithLicenses(options, outdir, bundleName) {
  const result = await build({ ...options, absWorkingDir: root, outdir, metafile: true });
  const dir = resolve(root, outdir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, THIRD_PARTY_LICENSES_FILE), thirdPartyLicenses(root, [result.metafile], bundleName));
}

export async function buildLambda(outdir = 'build/functions') {
  await buildWithLicenses(lambdaBuildOptions, outdir, 'the rotation function (rotate.cjs)');
}

export async function buildAction(outdir = 'action/dist') {
  rmSync(resolve(root, outdir), { recursive: true, force: true });
  await buildWithLicenses(actionBuildOptions, outdir, 'the GitHub Action (action/dist)');
}

export async function buildCli(outdir = 'cli/dist') {
  rmSync(resolve(root, outdir), { recursive: true, force: true });
  await buildWithLicenses(cliBuildOptions, outdir, 'the vault-api-token command (cli/dist)');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const what = process.argv[2] ?? 'all';
  if (what === 'all' || what === 'lambda') await buildLambda();
  if (what === 'all' || what === 'action') await buildAction();
  if (what === 'all' || what === 'cli') await buildCli();
}
