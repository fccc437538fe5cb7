// A committed bundle (action/dist, cli/dist) compared with a fresh build of the current source, file by file.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** Every file under `root`, as sorted paths relative to it. */
export function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

export interface BuildComparison {
  readonly committed: string[];
  readonly fresh: string[];
  /** Files in both whose bytes differ. */
  readonly differing: string[];
}

/** Builds into a temporary directory with `build(outdir)` and compares it with `committedDir`. */
export async function compareWithFreshBuild(committedDir: string, build: (outdir: string) => Promise<void>): Promise<BuildComparison> {
  const freshDir = mkdtempSync(join(tmpdir(), 'vault-fresh-build-'));
  try {
    await build(freshDir);
    const fresh = filesUnder(freshDir);
    const committed = filesUnder(committedDir);
    const differing = fresh.filter(
      (file) => committed.includes(file) && !readFileSync(join(committedDir, file)).equals(readFileSync(join(freshDir, file))),
    );
    return { committed, fresh, differing };
  } finally {
    rmSync(freshDir, { recursive: true, force: true });
  }
}
