// Starting a fresh `node` the way each measurement needs: a clean environment (nothing inherited that changes how a
// bundle behaves, such as NODE_OPTIONS or AWS_*), bounded by a timeout, its output collected.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface NodeRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From spawn() to the 'exit' event. */
  readonly wallMs: number;
}

const TIMEOUT_MS = 60_000;

/** The environment every child starts from: enough to run node, nothing that tunes it. */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  for (const name of ['HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Runs `node args` on `node` (the bench's Node 24, bench/node24.ts; the running Node when not given). */
export function runNode(
  args: readonly string[],
  env: Record<string, string>,
  cwd?: string,
  node: string = process.execPath,
): Promise<NodeRun> {
  return runProgram(node, args, env, cwd);
}

/** Any program, the same way: `valgrind node …` for the instruction counts (bench/instructions.ts). */
export function runProgram(
  program: string,
  args: readonly string[],
  env: Record<string, string>,
  cwd?: string,
  timeoutMs = TIMEOUT_MS,
): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(program, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (exitCode) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      // Output may still be in flight after 'exit'; 'close' fires once the pipes are drained.
      child.on('close', () => resolve({ exitCode, stdout, stderr, wallMs }));
    });
  });
}
