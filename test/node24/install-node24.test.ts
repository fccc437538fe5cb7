// scripts/install-node24.mjs, the root postinstall: `npm ci` on Linux (CI included) installs the Node 24 test binary
// into tools/node24; an install without dev dependencies (`npm ci --omit=dev`, `NODE_ENV=production npm ci`, the old
// `--production`) runs no tests and must not download it; macOS and Windows have no package, so there it says so
// (NODE24_PATH) instead of installing nothing quietly. Run as npm runs it, with npm_execpath pointing at a stand-in
// for npm's CLI that only records how it was called.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installedLockedVersion, skipReason } from '../../scripts/install-node24.mjs';
import { repoRoot } from '../template/template-files.js';

const dir = mkdtempSync(join(tmpdir(), 'install-node24-'));
const fakeNpm = join(dir, 'npm-cli.js');
const calls = join(dir, 'calls.json');
writeFileSync(fakeNpm, `require('fs').writeFileSync(${JSON.stringify(calls)}, JSON.stringify(process.argv.slice(2)));\n`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCRUBBED = ['NODE_ENV', 'VAT_SKIP_NODE24', 'npm_config_omit', 'npm_config_include', 'npm_config_production', 'npm_config_only'];

/**
 * A copy of the script and of tools/node24's manifest and lockfile in a tree of their own, so that a test of the
 * install neither finds the repository's installed binary nor touches it.
 */
function scratchTree(): string {
  const root = mkdtempSync(join(dir, 'tree-'));
  mkdirSync(join(root, 'scripts'));
  mkdirSync(join(root, 'tools', 'node24'), { recursive: true });
  copyFileSync(join(repoRoot, 'scripts', 'install-node24.mjs'), join(root, 'scripts', 'install-node24.mjs'));
  for (const file of ['package.json', 'package-lock.json']) {
    copyFileSync(join(repoRoot, 'tools', 'node24', file), join(root, 'tools', 'node24', file));
  }
  return root;
}

function postinstall(env: Record<string, string>, root = repoRoot) {
  rmSync(calls, { force: true });
  const base: Record<string, string | undefined> = { ...process.env, npm_execpath: fakeNpm };
  for (const name of SCRUBBED) delete base[name];
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'install-node24.mjs')], {
    env: { ...base, ...env },
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  return {
    output: result.stdout + result.stderr,
    npmArgs: existsSync(calls) ? (JSON.parse(readFileSync(calls, 'utf8')) as string[]) : undefined,
  };
}

describe('the Node 24 postinstall', () => {
  it.each([
    ['NODE_ENV=production (npm omits dev by default then)', { NODE_ENV: 'production' }],
    ['npm ci --omit=dev', { npm_config_omit: 'dev' }],
    ['npm ci --omit=dev --omit=optional', { npm_config_omit: 'dev\noptional' }],
    ['npm ci --production', { npm_config_production: 'true' }],
    ['npm ci --only=prod', { npm_config_only: 'prod' }],
  ])('does not download the binary for %s', (_, env) => {
    const { output, npmArgs } = postinstall(env);
    expect(npmArgs).toBeUndefined();
    expect(output).toMatch(/dev dependencies are omitted; not installing/);
  });

  it('VAT_SKIP_NODE24=1 skips it', () => {
    const { output, npmArgs } = postinstall({ VAT_SKIP_NODE24: '1' });
    expect(npmArgs).toBeUndefined();
    expect(output).toMatch(/VAT_SKIP_NODE24 is set/);
  });

  it.runIf(process.platform === 'linux' && ['x64', 'arm64'].includes(process.arch))(
    'installs it on Linux, as on CI (NODE_ENV=production with --include=dev too)',
    () => {
      const root = scratchTree();
      const envs: Record<string, string>[] = [{}, { NODE_ENV: 'production', npm_config_include: 'dev' }];
      for (const env of envs) {
        const { npmArgs } = postinstall(env, root);
        expect(npmArgs?.slice(0, 3)).toEqual(['ci', '--prefix', join(root, 'tools', 'node24/')]);
      }
    },
  );

  it.runIf(process.platform === 'linux' && ['x64', 'arm64'].includes(process.arch))(
    'leaves an installed binary of the locked version alone (npm runs postinstall again, e.g. for an npx in the clone)',
    () => {
      const root = scratchTree();
      const platform = `${process.platform}-${process.arch}`;
      const nodeDir = join(root, 'tools', 'node24');
      const lock = JSON.parse(readFileSync(join(nodeDir, 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { version: string }>;
      };
      const locked = lock.packages[`node_modules/node-${platform}`]!.version;
      const home = join(nodeDir, 'node_modules', `node-${platform}`);
      mkdirSync(join(home, 'bin'), { recursive: true });
      writeFileSync(join(home, 'package.json'), JSON.stringify({ name: `node-${platform}`, version: locked }));
      writeFileSync(join(home, 'bin', 'node'), '');
      expect(installedLockedVersion(nodeDir, platform)).toBe(locked);
      const { output, npmArgs } = postinstall({}, root);
      expect(npmArgs).toBeUndefined();
      expect(output).toContain(`Node ${locked} is already in tools/node24`);

      // Another version (the lockfile moved on) is installed over.
      writeFileSync(join(home, 'package.json'), JSON.stringify({ name: `node-${platform}`, version: '24.0.0' }));
      expect(installedLockedVersion(nodeDir, platform)).toBeUndefined();
      expect(postinstall({}, root).npmArgs?.slice(0, 1)).toEqual(['ci']);
    },
  );
});

describe('skipReason', () => {
  it('installs on Linux x64 and arm64 with dev dependencies, as on CI', () => {
    expect(skipReason({ CI: 'true' }, 'linux-x64')).toBeUndefined();
    expect(skipReason({}, 'linux-arm64')).toBeUndefined();
  });

  it('on macOS and Windows, where there is no package, says so and names NODE24_PATH', () => {
    for (const platform of ['darwin-arm64', 'darwin-x64', 'win32-x64']) {
      expect(skipReason({}, platform)).toMatch(new RegExp(`no Node 24 package for ${platform}.*SKIPPED.*NODE24_PATH`));
    }
  });

  it('a production install skips it on every platform', () => {
    expect(skipReason({ NODE_ENV: 'production' }, 'linux-x64')).toBe('dev dependencies are omitted');
    expect(skipReason({ NODE_ENV: 'production' }, 'darwin-arm64')).toBe('dev dependencies are omitted');
  });
});
