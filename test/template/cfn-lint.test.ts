// cfn-lint expands the SAM transform and checks the CloudFormation resources the SAM schema leaves open (runtime
// deprecations, IAM shapes, references, cycles). It is a Python tool: locally it may be missing (skipped loudly);
// in CI (CI=true) it is part of the machine image, so its absence is a failure.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot, templatePath } from './template-files.js';

const inCi = process.env.CI === 'true';
const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const installed = probe.error === undefined && probe.status === 0;

if (!installed && !inCi) {
  console.warn('SKIPPED test/template/cfn-lint.test.ts: cfn-lint is not on PATH (pip install cfn-lint to run it).');
}

describe.skipIf(!installed && !inCi)('cfn-lint template.yaml', () => {
  it('is installed (CI must lint the template)', () => {
    expect(installed, 'cfn-lint is not on PATH, and CI=true requires it: install cfn-lint in the CI image').toBe(true);
  });

  it('reports nothing, informational checks included', () => {
    if (!installed) return;
    const run = spawnSync('cfn-lint', ['--include-checks', 'I', '--', templatePath], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(`${run.stdout}${run.stderr}`.trim(), 'cfn-lint findings').toBe('');
    expect(run.status).toBe(0);
  });
});
