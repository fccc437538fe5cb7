// The run's closing line counts every failure: a child vitest, with the real closing-line reporter, runs fixtures
// (test/support/fixtures/closing-line/*.fixture.ts, outside the suite's include pattern) that throw while loading,
// leak an unhandled rejection, or fail in afterAll, and this checks the line it ends with and its exit code.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = fileURLToPath(new URL('fixtures/closing-line/vitest.fixture.config.ts', import.meta.url));
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

interface ChildRun {
  code: number | null;
  stdout: string;
  closingLine: string;
}

function runFixtures(...filters: string[]): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VITEST, 'run', '--config', CONFIG, ...filters], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout.trimEnd().split('\n');
      resolve({ code, stdout, closingLine: lines[lines.length - 1] ?? '' });
    });
  });
}

describe('the closing line (test/support/closing-line-reporter.ts)', () => {
  it('counts passed and skipped tests of a clean run, which exits 0', async () => {
    const run = await runFixtures('passes.fixture');
    expect(run.closingLine).toBe('Tests: 2 passed, 0 failed, 1 skipped');
    expect(run.code).toBe(0);
  });

  it('counts a test file that throws while loading as a failure', async () => {
    const run = await runFixtures('passes.fixture', 'throws-on-load.fixture');
    expect(run.closingLine).toBe('Tests: 2 passed, 1 failed, 1 skipped');
    expect(run.stdout).toContain('counted as failed: throws-on-load.fixture.ts failed to load');
    expect(run.code).toBe(1);
  });

  it('counts an unhandled rejection as a failure even though every test passed', async () => {
    const run = await runFixtures('unhandled.fixture');
    expect(run.closingLine).toBe('Tests: 1 passed, 1 failed, 0 skipped');
    expect(run.stdout).toContain('counted as failed: unhandled error: Error: this fixture leaves an unhandled rejection');
    expect(run.code).toBe(1);
  });

  it('counts a failing afterAll and a failing test, one each', async () => {
    const run = await runFixtures('failing-hook.fixture');
    expect(run.closingLine).toBe('Tests: 1 passed, 2 failed, 0 skipped');
    expect(run.stdout).toContain('a suite with a failing afterAll failed outside its tests');
    expect(run.code).toBe(1);
  });

  it('adds them all up over a mixed run', async () => {
    const run = await runFixtures();
    expect(run.closingLine).toBe('Tests: 4 passed, 4 failed, 1 skipped');
    expect(run.code).toBe(1);
  });
});
