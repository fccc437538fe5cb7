// scripts/invoke.mjs (`npm run invoke`), the Node-only stand-in for `sam local invoke` that docs/deploy.md's local
// walk-through uses (test/docs/local-walkthrough.test.ts runs it through the four steps). Here: what it refuses before
// loading the function, and that a failing step prints the function's error and exits 1.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../template/template-files.js';

const SCRIPT = join(repoRoot, 'scripts', 'invoke.mjs');
const work = mkdtempSync(join(tmpdir(), 'vault-invoke-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function invoke(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: work,
      AWS_CONFIG_FILE: join(work, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials'),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run invoke (scripts/invoke.mjs)', () => {
  it('refuses an empty --secret-id (an unset shell variable) before loading the function', () => {
    const run = invoke(['events/createSecret.json', '--secret-id', '']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--secret-id is empty (an unset shell variable?)');
  });

  it('refuses no event, two events, a missing file and an event without Step', () => {
    expect(invoke([]).stderr).toContain('give exactly one event file');
    expect(invoke(['events/createSecret.json', 'events/setSecret.json']).status).toBe(2);
    const missing = invoke(['events/nope.json']);
    expect({ status: missing.status, said: missing.stderr.includes('cannot read event file events/nope.json') }).toEqual({
      status: 2,
      said: true,
    });
    const noStep = join(work, 'no-step.json');
    writeFileSync(noStep, '{"SecretId":"x"}');
    expect(invoke([noStep]).stderr).toContain('has no "Step"');
  });

  it('a failing step prints "<Step>: failed: <error>" and exits 1 (here: a Secrets Manager that does not answer)', () => {
    const run = invoke(
      ['events/createSecret.json', '--secret-id', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf'],
      {
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        // Nothing listens on port 9 of loopback; one attempt, so this fails fast.
        AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9',
        AWS_MAX_ATTEMPTS: '1',
      },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^createSecret: failed: \S+/m);
  });
});
