// `npm ci` runs this as the root postinstall (and `npm run setup:node24` runs it by hand): installs the Node 24 binary
// that the Node 24 tests run the shipped bundles with, from tools/node24's own lockfile, into tools/node24/node_modules.
// It lives apart from the root node_modules on purpose: the binary's package declares a `node` bin, and in the root
// that bin would land in node_modules/.bin and silently become the `node` of every npm script (so `npm test` would run
// on Node 24 instead of the Node you run npm with). Failure is not fatal: the Node 24 tests then skip with a warning
// (and fail on CI, where they must run). Set VAT_SKIP_NODE24=1 to skip this step.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../tools/node24/', import.meta.url));

// A production install (`npm ci --omit=dev`) runs no tests, so it needs no test binary either.
const omitsDev = (process.env.npm_config_omit ?? '').split(/[\s,]+/).includes('dev');

if (process.env.VAT_SKIP_NODE24 || omitsDev) {
  const why = process.env.VAT_SKIP_NODE24 ? 'VAT_SKIP_NODE24 is set' : 'dev dependencies are omitted';
  console.log(`install-node24: ${why}; not installing the Node 24 test binary.`);
} else {
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
