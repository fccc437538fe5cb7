// Runs the rotation child (bench/child) in a fresh process and returns its report. Its stdout — the Lambda's JSON log
// lines — is discarded unread; stderr is kept only to explain a crash.
import { fork } from 'node:child_process';
import type { ChildEnv, ChildReport } from './child/protocol.js';
import { baseEnv } from './node-process.js';

const TIMEOUT_MS = 120_000;

/** The environment Lambda gives a function, as far as the bundle reads it. */
export const LAMBDA_ENV = {
  AWS_LAMBDA_FUNCTION_NAME: 'vault-api-token-rotator',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** Runs the child on `node` (the bench's Node 24, bench/node24.ts; the running Node when not given). */
export function runRotationChild(childBundle: string, env: ChildEnv, node?: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = fork(childBundle, [], {
      env: { ...baseEnv(), ...LAMBDA_ENV, ...env },
      execArgv: [],
      ...(node === undefined ? {} : { execPath: node }),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let report: ChildReport | undefined;
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('message', (message) => {
      report = message as ChildReport;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (report !== undefined) resolve(report);
      else
        reject(
          new Error(`rotation child exited (${signal ?? code}) without a report: ${stderr.trim() || 'no output'}`),
        );
    });
  });
}

/** The child's report when it succeeded; otherwise an error with its message. */
export async function successfulRun(childBundle: string, env: ChildEnv, node?: string) {
  const report = await runRotationChild(childBundle, env, node);
  if (!report.ok) throw new Error(`rotation child failed: ${report.error}`);
  const failed = report.rotations.find((rotation) => !rotation.succeeded);
  if (failed !== undefined) {
    throw new Error(`rotation ${failed.index} failed: ${failed.errors.join(' | ') || 'no error recorded'}`);
  }
  return report;
}
