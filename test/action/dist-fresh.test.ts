// CI gate "action/dist differs from a fresh build": the committed bundles must be exactly what scripts/build.mjs
// makes from the current source. Fix a failure with `node scripts/build.mjs action` and commit action/dist.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAction } from '../../scripts/build.mjs';
import { ACTION_DIR } from './support/runner.js';

const committed = join(ACTION_DIR, 'dist');
const fresh = mkdtempSync(join(tmpdir(), 'vault-action-dist-'));

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

describe('action/dist', () => {
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it('is byte-identical to a fresh build with the same options', async () => {
    await buildAction(fresh);
    const files = listFiles(fresh);
    expect(files).toContain('main.mjs');
    expect(files).toContain('post.mjs');
    expect(listFiles(committed)).toEqual(files);
    const differing = files.filter(
      (file) => !readFileSync(join(committed, file)).equals(readFileSync(join(fresh, file))),
    );
    expect(differing, 'rebuild with `node scripts/build.mjs action` and commit action/dist').toEqual([]);
  });
});
