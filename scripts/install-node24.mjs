// `npm ci` runs this as the root postinstall (and `npm run setup:node24` runs it by hand): installs the Node 24 binary
// that the Node 24 tests run the shipped bundles with, from tools/node24's own lockfile, into tools/node24/node_modules.
// It lives apart from the root node_modules on purpose: the binary's package declares a `node` bin, and in the root
// that bin would land in node_modules/.bin and silently become the `node` of every npm script (so `npm test` would run
// on Node 24 instead of the Node you run npm with). Only on Linux x64/arm64, the platforms it has a package for;
// elsewhere (macOS, Windows) it warns instead: set NODE24_PATH to a Node 24 executable there. Not at all for an install
// without dev dependencies. Failure is not fatal: the Node 24 tests then skip with a warning (and fail on CI, where they
// must run). Set VAT_SKIP_NODE24=1 to skip this step.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../tools/node24/', import.meta.url));
/** The platforms tools/node24 has a package for (its optionalDependencies). */
const PACKAGED = ['linux-x64', 'linux-arm64'];

/**
 * Why not to install the binary (undefined: install it). A production install runs no tests, so it needs no test
 * binary: `npm ci --omit=dev` exports npm_config_omit, but `NODE_ENV=production npm ci` and `npm ci --production` (npm
 * 11) export neither npm_config_omit nor npm_config_production, only NODE_ENV=production into the script's
 * environment; `--include=dev` (npm_config_include) puts the dev dependencies back.
 */
export function skipReason(env = process.env, platform = `${process.platform}-${process.arch}`) {
  if (env.VAT_SKIP_NODE24) return 'VAT_SKIP_NODE24 is set';
  const list = (value) => (value ?? '').split(/[\s,]+/).filter(Boolean);
  const included = list(env.npm_config_include).includes('dev');
  const omitted =
    list(env.npm_config_omit).includes('dev') ||
    env.npm_config_production === 'true' ||
    /^prod/.test(env.npm_config_only ?? '') ||
    env.NODE_ENV === 'production';
  if (omitted && !included) return 'dev dependencies are omitted';
  if (!PACKAGED.includes(platform)) {
    return (
      `there is no Node 24 package for ${platform} (only ${PACKAGED.join(', ')}); the Node 24 tests will be SKIPPED ` +
      'unless NODE24_PATH names a Node 24 executable (docs/development.md)'
    );
  }
  return undefined;
}

/**
 * The Node 24 version already in `nodeDir` when it is the one tools/node24's lockfile pins and its binary is there;
 * undefined otherwise. npm runs the root postinstall again on occasions other than `npm ci` (an `npx vault-api-token`
 * in the clone is one), and reinstalling would rewrite a binary that running tests may be executing (ETXTBSY).
 */
export function installedLockedVersion(nodeDir = dir, platform = `${process.platform}-${process.arch}`) {
  try {
    const lock = JSON.parse(readFileSync(join(nodeDir, 'package-lock.json'), 'utf8'));
    const locked = lock.packages?.[`node_modules/node-${platform}`]?.version;
    const home = join(nodeDir, 'node_modules', `node-${platform}`);
    const installed = JSON.parse(readFileSync(join(home, 'package.json'), 'utf8')).version;
    return locked !== undefined && installed === locked && existsSync(join(home, 'bin', 'node')) ? installed : undefined;
  } catch {
    return undefined;
  }
}

function install() {
  const present = installedLockedVersion();
  if (present !== undefined) {
    console.log(
      `install-node24: Node ${present} is already in tools/node24, as its lockfile pins; nothing to do (delete tools/node24/node_modules to install it again).`,
    );
    return;
  }
  // Under npm, npm_execpath is npm's own CLI script: run it with this Node so it works on every platform.
  const npmCli = process.env.npm_execpath;
  const args = ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];
  const result = npmCli
    ? spawnSync(process.execPath, [npmCli, ...args], { stdio: 'inherit' })
    : spawnSync('npm', args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.warn(
      'WARNING: install-node24: could not install the Node 24 test binary (tools/node24); the Node 24 tests will be ' +
        'SKIPPED. Retry with `npm run setup:node24`.',
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const why = skipReason();
  if (why === undefined) install();
  else if (why.startsWith('there is no')) console.warn(`WARNING: install-node24: ${why}.`);
  else console.log(`install-node24: ${why}; not installing the Node 24 test binary.`);
}
