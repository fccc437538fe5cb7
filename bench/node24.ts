// The Node the timed rows run on: Node 24, the runtime of the Lambda (nodejs24.x) and of the action (node24).
// NODE24_PATH if set, else the binary scripts/install-node24.mjs puts in tools/node24 (npm ci does it). Without one the
// bench falls back to the Node running it and every timed row says so, since its figures are then not the product's.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';

export interface BenchNode {
  /** The executable every timed child runs on. */
  readonly path: string;
  /** `v24.22.3`. */
  readonly version: string;
  /** For the table: `Node 24.22.3`, or `Node 20.20.2, not 24: …` when Node 24 is missing. */
  readonly label: string;
  /** Why Node 24 is not used; undefined when it is. */
  readonly fallback: string | undefined;
}

export function locateNode24(env: NodeJS.ProcessEnv = process.env): BenchNode {
  const packaged = join(ROOT, 'tools', 'node24', 'node_modules', `node-${process.platform}-${process.arch}`);
  const candidate = env.NODE24_PATH || join(packaged, 'bin', 'node');
  let why: string;
  if (existsSync(candidate)) {
    const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
    if (version.startsWith('v24.')) {
      return { path: candidate, version, label: `Node ${version.slice(1)}`, fallback: undefined };
    }
    why = `${candidate} is Node ${version}`;
  } else {
    why = env.NODE24_PATH
      ? `NODE24_PATH=${env.NODE24_PATH} does not exist`
      : 'tools/node24 is not installed (npm run setup:node24)';
  }
  return {
    path: process.execPath,
    version: process.version,
    label: `Node ${process.version.slice(1)}, not 24`,
    fallback: why,
  };
}
