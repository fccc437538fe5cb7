// Ends the run with one plain line, `Tests: N passed, N failed, N skipped`, which CI systems that read closing lines
// (and people skimming a log) understand without knowing vitest's own summary format.
//
// "failed" counts every reason the run failed, not only failed test cases: a test file that fails to load (a throw
// or a syntax error at import time, so it has no tests to count), a failing beforeAll/afterAll hook (an error on
// its suite or file), and every unhandled error or rejection vitest caught while the run went on. Each of those adds
// one; the line before the closing one names them. test/support/closing-line.test.ts runs vitest on fixtures that
// do each of these and checks this line and the exit code.

import type { SerializedError } from 'vitest';
import type { Reporter, TestModule, TestRunEndReason, TestSuite } from 'vitest/node';

export interface ClosingCounts {
  passed: number;
  failed: number;
  skipped: number;
  /** Human-readable reasons for failures that are not failed test cases. */
  outsideTests: string[];
}

export function countRun(
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError> = [],
): ClosingCounts {
  const counts: ClosingCounts = { passed: 0, failed: 0, skipped: 0, outsideTests: [] };
  for (const testModule of testModules) {
    let failedTests = 0;
    for (const test of testModule.children.allTests()) {
      const state = test.result().state;
      if (state === 'failed') failedTests += 1;
      if (state === 'passed' || state === 'failed' || state === 'skipped') counts[state] += 1;
    }
    const entities: (TestModule | TestSuite)[] = [testModule, ...testModule.children.allSuites()];
    let entityErrors = 0;
    for (const entity of entities) {
      const errors = entity.errors();
      if (errors.length === 0) continue;
      entityErrors += 1;
      const where = entity.type === 'module' ? entity.relativeModuleId : `${testModule.relativeModuleId} > ${entity.fullName}`;
      const what = entity.type === 'module' && !testModule.children.size ? 'failed to load' : 'failed outside its tests';
      counts.outsideTests.push(`${where} ${what}: ${firstLine(errors[0])}`);
    }
    counts.failed += entityErrors;
    // A file vitest marks failed with neither a failed test nor an error of its own still failed the run.
    if (testModule.state() === 'failed' && failedTests === 0 && entityErrors === 0) {
      counts.failed += 1;
      counts.outsideTests.push(`${testModule.relativeModuleId} failed`);
    }
  }
  for (const error of unhandledErrors) {
    counts.failed += 1;
    counts.outsideTests.push(`unhandled error: ${firstLine(error)}`);
  }
  return counts;
}

function firstLine(error: SerializedError | undefined): string {
  const text = `${error?.name ?? 'Error'}: ${error?.message ?? ''}`;
  return text.split('\n')[0]!.slice(0, 200);
}

export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    const counts = countRun(testModules, unhandledErrors);
    const notes = counts.outsideTests.map((line) => `  counted as failed: ${line}\n`).join('');
    const interrupted = reason === 'interrupted' ? '  the run was interrupted: the counts below are partial\n' : '';
    process.stdout.write(
      `\n${notes}${interrupted}Tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
    );
  }
}
