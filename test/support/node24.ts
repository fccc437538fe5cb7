// The Node 24 binary that the Node 24 suites run the shipped bundles with: NODE24_PATH if set, else the one
// scripts/install-node24.mjs installs into tools/node24 (npm ci does it as the root postinstall). Absent, those suites
// are skipped with a warning, except on CI on a platform the package exists for, where they fail instead: CI must run
// them.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TOOLS = fileURLToPath(new URL('../../tools/node24/node_modules/', import.meta.url));
/** Platforms tools/node24/package.json has a binary for. */
const PACKAGED = ['linux-x64', 'linux-arm64'];

export interface Node24 {
  /** The executable, when a Node 24 is available. */
  readonly path: string | undefined;
  /** Its `process.version`. */
  readonly version: string | undefined;
  /** Why there is none (for the warning and for CI's failure). */
  readonly missing: string | undefined;
  /** True when its absence must fail the run rather than skip (CI, on a platform the package exists for). */
  readonly required: boolean;
}

function locate(): Node24 {
  const platform = `${process.platform}-${process.arch}`;
  const required = process.env.CI === 'true' && PACKAGED.includes(platform);
  const candidate = process.env.NODE24_PATH || join(TOOLS, `node-${platform}`, 'bin', 'node');
  if (!existsSync(candidate)) {
    const missing = process.env.NODE24_PATH
      ? `NODE24_PATH=${process.env.NODE24_PATH} does not exist`
      : PACKAGED.includes(platform)
        ? 'tools/node24 is not installed (run `npm run setup:node24`, or `npm ci`, which runs it)'
        : `there is no Node 24 package for ${platform} in tools/node24; set NODE24_PATH to a Node 24 executable`;
    return { path: undefined, version: undefined, missing, required };
  }
  const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v24.')) {
    return { path: undefined, version, missing: `${candidate} is Node ${version}, not 24`, required };
  }
  return { path: candidate, version, missing: undefined, required };
}

export const node24 = locate();

/** For describe.skipIf: true when the Node 24 suites cannot run here (a warning has been printed). */
export const node24Missing = node24.path === undefined && !node24.required;

if (node24.path === undefined) {
  console.warn(
    node24.required
      ? `ERROR: Node 24 is required on CI and missing: ${node24.missing}. The Node 24 suites FAIL.`
      : `WARNING: no Node 24 here (${node24.missing}): the suites that run the shipped bundles on Node 24 are SKIPPED.`,
  );
}

/** The Node 24 executable; throws (failing the test) when there is none. */
export function requireNode24(): string {
  if (node24.path === undefined) throw new Error(`Node 24 is missing: ${node24.missing}`);
  return node24.path;
}
