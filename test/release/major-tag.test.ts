// scripts/major-tag.mjs: release.yml asks it whether to move the major tag (v1) to the tag being released. It moves
// only when the new tag is the highest vMAJOR.MINOR.PATCH of its major, so a backport (v1.1.5 after v1.2.0) leaves
// v1 on v1.2.0. Pre-release tags (v1.3.0-rc.1) and anything that is not vMAJOR.MINOR.PATCH are ignored.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { majorTagToMove } from '../../scripts/major-tag.mjs';
import { repoRoot } from '../template/template-files.js';

describe('majorTagToMove', () => {
  it('moves v1 for the newest release of major 1', () => {
    expect(majorTagToMove('v1.2.0', ['v1', 'v1.0.0', 'v1.1.0', 'v1.1.5', 'v1.2.0']).move).toBe('v1');
  });

  it('does not move v1 for a backport older than the newest release of major 1', () => {
    const decision = majorTagToMove('v1.1.5', ['v1', 'v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.1.5']);
    expect(decision.move).toBeUndefined();
    expect(decision.reason).toContain('v1.2.0');
  });

  it('compares numerically, not as text (v1.10.0 is newer than v1.9.3)', () => {
    expect(majorTagToMove('v1.9.3', ['v1.10.0', 'v1.9.3']).move).toBeUndefined();
    expect(majorTagToMove('v1.10.0', ['v1.9.3', 'v1.10.0']).move).toBe('v1');
  });

  it('ignores other majors: a v1 backport after v2.0.0 still moves v1, and v2.0.0 moves v2', () => {
    expect(majorTagToMove('v1.3.0', ['v1.2.0', 'v2.0.0', 'v1.3.0']).move).toBe('v1');
    expect(majorTagToMove('v2.0.0', ['v1.2.0', 'v2.0.0']).move).toBe('v2');
  });

  it('ignores pre-release and non-semver tags', () => {
    expect(majorTagToMove('v1.2.0', ['v1.2.0', 'v1.3.0-rc.1', 'v1.9', 'v1.99.0.1', 'latest']).move).toBe('v1');
  });

  it('moves for a re-run of the newest release, and when the new tag is not in the list yet', () => {
    expect(majorTagToMove('v1.2.0', ['v1.1.0', 'v1.2.0']).move).toBe('v1');
    expect(majorTagToMove('v1.2.0', ['v1.1.0']).move).toBe('v1');
    expect(majorTagToMove('v1.0.0', []).move).toBe('v1');
  });

  it('accepts refs/tags/ names (as the GitHub API lists them)', () => {
    expect(majorTagToMove('refs/tags/v1.1.5', ['refs/tags/v1.2.0']).move).toBeUndefined();
  });

  it('refuses a new tag that is not vMAJOR.MINOR.PATCH', () => {
    expect(() => majorTagToMove('v1.3.0-rc.1', [])).toThrow(/vMAJOR\.MINOR\.PATCH/);
  });
});

describe('node scripts/major-tag.mjs NEW_TAG < tags', () => {
  const run = (tag: string, tags: string) =>
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'major-tag.mjs'), tag], {
      input: tags,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });

  it('prints the major tag to move on stdout, or nothing', () => {
    expect(run('v1.2.0', 'refs/tags/v1.1.5\nrefs/tags/v1.2.0\n')).toBe('v1\n');
    expect(run('v1.1.5', 'refs/tags/v1.1.5\nrefs/tags/v1.2.0\n')).toBe('');
  });
});
