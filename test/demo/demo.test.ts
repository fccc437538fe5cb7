// `npm start` as a newcomer runs it: the entry as a child process, judged only by its exit code and what it printed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findMotoServer } from '../../simulator/moto.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN_SHAPE = /veeva-vault-\S/;
const RUN_TIMEOUT_MS = 50_000;

interface DemoRun {
  readonly code: number | null;
  readonly output: string;
}

function runDemo(args: readonly string[] = []): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/run.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/** For failure messages only: the output with anything token-shaped blanked, so a failing test cannot leak one. */
function shown(output: string): string {
  return output.replace(/veeva-vault-\S*/g, '[TOKEN-SHAPED TEXT]');
}

function expectCompleteNarrative(run: DemoRun): void {
  expect(run.code, shown(run.output)).toBe(0);
  expect(TOKEN_SHAPE.test(run.output), 'a token value appeared in the output').toBe(false);
  const text = shown(run.output);
  for (const n of [1, 2, 3]) expect(text).toMatch(new RegExp(`Rotation ${n} of 3: new version [0-9a-f-]{36}`));
  expect(text.match(/createSecret → setSecret → testSecret → finishSecret/g)).toHaveLength(3);
  expect(text).toMatch(/minted V8T\w+ \(rotation 3\), expires \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
  expect(text).toMatch(/token-id\s+= V8T\w+/);
  expect(text).toMatch(/expires-at\s+= \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in 1[45] minutes\)/);
  expect(text).toMatch(/user-id\s+= \d+/);
  expect(text).toMatch(/Vault: V8T\w+ \(action\) revoked by the post step/);
  expect(text).toMatch(/[0-9a-f-]{36} {2}AWSCURRENT +token V8T\w+ \(rotation 3\)/);
  expect(text).toMatch(/[0-9a-f-]{36} {2}AWSPREVIOUS +token V8T\w+ \(rotation 2\)/);
  // The bootstrap goes through the operator's command, and status has the last word.
  expect(text).toMatch(/\$ vault-api-token bootstrap --secret-name demo\/vault-api-token .* --token-stdin --revoke-bootstrap-token/);
  expect(text).toMatch(/\| Minted token V8T\w+ \(vat:[0-9a-f]{12}:[0-9a-f-]{36}\)/);
  expect(text).toMatch(/\| Revoked the hand-made token V8T\w+: Vault now refuses it\./);
  expect(text).toMatch(/\$ vault-api-token status --secret-id demo\/vault-api-token/);
  expect(text).toMatch(/\| +Vault tokens named vat:[0-9a-f]{12}:\*: 2 active, 0 orphaned/);
  expect(text).toMatch(/status: exit 0/);
  // At rest exactly two of the rotator's tokens: rotation 3's finishSecret revoked rotation 1's, which it unlabelled.
  expect(text).toMatch(/revoked in Vault during this rotation: V8T\w+ \(rotation 1\)/);
  expect(text).toMatch(/Vault, active tokens: V8T\w+ \(rotation 2\), V8T\w+ \(rotation 3\)\n/);
  expect(text).toMatch(/Self-check passed/);
}

describe('npm start (demo/run.ts)', () => {
  it('runs the whole product end to end on the stand-in, says so, and prints no token', async () => {
    const run = await runDemo();
    expectCompleteNarrative(run);
    expect(shown(run.output)).toMatch(
      /Secrets Manager: the project's stand-in on http:\/\/127\.0\.0\.1:\d+ \(the default/,
    );
  });

  it('refuses an unknown argument with the usage line and exit code 1', async () => {
    const run = await runDemo(['--mot']);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/DEMO FAILED: unknown argument "--mot"; usage: npm start \[-- --moto\] \[-- --oauth\]/);
  });
});

describe('npm start -- --oauth', () => {
  it('rotates with no stored Vault credential: bootstrap without a token, a revoked token is no re-bootstrap', async () => {
    const run = await runDemo(['--oauth']);
    expect(run.code, shown(run.output)).toBe(0);
    expect(TOKEN_SHAPE.test(run.output), 'a token value appeared in the output').toBe(false);
    expect(run.output).not.toMatch(/eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\./);
    const text = shown(run.output);
    expect(text).toMatch(/"identity": "aws-sts"/);
    expect(text).not.toMatch(/"clientSecret"|"password"|"accessToken"/);
    expect(text).toMatch(/\$ vault-api-token bootstrap .* --first-token-by-rotation/);
    expect(text).toMatch(/\| Stored version [0-9a-f-]{36} \(AWSCURRENT\) with no token/);
    for (const n of [1, 2, 3, 4]) expect(text).toMatch(new RegExp(`Rotation ${n} of 4: new version [0-9a-f-]{36}`));
    expect(text).toMatch(/sign-ins: 1 STS token\(s\), 1 token exchange\(s\)/);
    expect(text).toMatch(/An admin revokes the current token V8T\w+ \(rotation 3\)/);
    expect(text).toMatch(/minted V8T\w+ \(rotation 4\)/);
    expect(text).toMatch(/Self-check passed: .* against the \d+ secret values seen/);
  });
});

const motoMissing = findMotoServer() === undefined;
if (motoMissing) console.warn('WARNING: moto_server is not on PATH: the `npm start -- --moto` demo test is SKIPPED.');

describe.skipIf(motoMissing)('npm start -- --moto', () => {
  it('runs the same narrative against moto_server', async () => {
    const run = await runDemo(['--moto']);
    expectCompleteNarrative(run);
    expect(shown(run.output)).toMatch(/Secrets Manager: moto_server \(as asked by --moto\)/);
  });
});
