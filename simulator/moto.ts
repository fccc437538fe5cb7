// moto (`moto_server`) as a second, independent Secrets Manager for the same scenarios. It is started on loopback
// and a free port (it prints the port it bound), and killed with its whole process group.
//
// How moto 5.2 differs from AWS where rotation cares, and what the harness does about it:
// - No way to start a rotation without invoking a Lambda. RotateSecret with a RotationLambdaARN that does not exist
//   in moto records the configuration and the value-less AWSPENDING placeholder, then fails looking the function up
//   (ResourceNotFoundException "Resource not found for ARN") before invoking anything: the service's pre-createSecret
//   state. startRotation relies on that (secrets-manager/moto-rotation.ts).
// - RotateSecret's "previous rotation isn't complete" check is inverted; startRotation applies the AWS rule itself.
// - AWSPENDING stays after finishSecret, and GetSecretValue without VersionStage reads a "default version" that
//   UpdateSecretVersionStage never moves; completeRotation removes AWSPENDING and realigns that default.
// - Not corrected (tests skip on them, see test/support/secrets-manager-backends.ts): a non-AWSCURRENT label can be
//   attached twice without RemoveFromVersionId; same token + different value overwrites a version still labelled
//   AWSPENDING; LastRotatedDate stays null; only AutomaticallyAfterDays is kept (a ScheduleExpression is sent as
//   whole days); ListSecretVersionIds reports CreatedDate as "now"; no fault injection.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { versionsThroughApi } from './secrets-manager/api-versions.js';
import { backendEnv, clientFor } from './secrets-manager/client.js';
import { completeMotoRotation, startMotoRotation } from './secrets-manager/moto-rotation.js';
import type { SecretsManagerBackend } from './secrets-manager-types.js';

const REGION = 'us-east-1';
const OUTPUT_TAIL_CHARS = 4000;
const STOP_GRACE_MS = 5000;

export interface MotoOptions {
  /** How long to wait for moto to answer (default 30 s): the bound on start-up. */
  readonly startTimeoutMs?: number;
  /** Default: `moto_server` from PATH. */
  readonly executable?: string;
}

/** The path of `moto_server`, or undefined when it is not installed (callers then skip loudly). */
export function findMotoServer(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'moto_server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export async function startMoto(options: MotoOptions = {}): Promise<SecretsManagerBackend | undefined> {
  const executable = options.executable ?? findMotoServer();
  if (executable === undefined) return undefined;
  const child = spawn(executable, ['-H', '127.0.0.1', '-p', '0'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = processGroupStopper(child);
  try {
    const port = await boundPort(child, options.startTimeoutMs ?? 30_000);
    const endpoint = `http://127.0.0.1:${port}`;
    await answers(endpoint, options.startTimeoutMs ?? 30_000);
    const sm = clientFor({ endpoint, region: REGION });
    return {
      kind: 'moto',
      endpoint,
      region: REGION,
      env: () => backendEnv(endpoint, REGION),
      startRotation: (secretId, token, rotation) => startMotoRotation(sm, secretId, token, rotation),
      completeRotation: (secretId, token) => completeMotoRotation(sm, secretId, token),
      injectFault() {
        throw new Error('moto backend: fault injection is not supported; use the stand-in for fault scenarios');
      },
      clearFaults() {
        // nothing is ever armed on moto
      },
      versions: (secretId) => versionsThroughApi(sm, secretId),
      async close() {
        sm.destroy();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** moto prints `Running on http://127.0.0.1:PORT` once it has bound the socket. */
function boundPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(`moto_server printed no port within ${timeoutMs} ms. Output:\n${output}`),
      timeoutMs,
    );
    const onExit = (code: number | null) =>
      fail(`moto_server exited (code ${code}) before serving. Output:\n${output}`);
    const onData = (chunk: Buffer) => {
      // Keep draining after start-up (moto logs every request) but remember only a tail.
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
      const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match !== null) done(() => resolve(Number(match[1])));
    };
    function done(settle: () => void) {
      clearTimeout(timer);
      child.off('exit', onExit);
      settle();
    }
    function fail(message: string) {
      done(() => reject(new Error(message)));
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (error) => fail(`moto_server could not be started: ${error.message}`));
  });
}

async function answers(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; Date.now() < deadline; attempt += 1) {
    try {
      await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 500)));
    }
  }
  throw new Error(`moto_server at ${endpoint} did not answer within ${timeoutMs} ms`);
}

/** Stops moto and everything it started (the pyenv shim runs python as a child): SIGTERM, then SIGKILL. */
function processGroupStopper(child: ChildProcess): () => Promise<void> {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // A test run that dies without close() must not leave moto behind.
  const onParentExit = () => signalGroup('SIGKILL');
  process.once('exit', onParentExit);
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= new Promise<void>((resolve) => {
      process.off('exit', onParentExit);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killTimer = setTimeout(() => signalGroup('SIGKILL'), STOP_GRACE_MS);
      child.once('exit', () => {
        clearTimeout(killTimer);
        resolve();
      });
      signalGroup('SIGTERM');
    });
    return stopping;
  };
}
