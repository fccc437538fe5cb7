// 2. Peak RSS of the function alone on Node 24, with a 4-hourly cron: the built Lambda runs in a process of its own
// (bench/child/lambda-host.ts), as in a Lambda container, for two whole rotations of one secret on
// cron(0 */4 * * ? *); the Vault simulator and the Secrets Manager stand-in run in the bench's own process. The
// reference is the Lambda reference (middy + SecretsManagerClient) in the same host, sent the same number of events,
// each one DescribeSecret. Neither counts Lambda's runtime client, which is the same for both.
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { BenchBundles } from './bundles.js';
import type { HostReply, HostRequest } from './child/lambda-host.js';
import { startWorld } from './child/world.js';
import { mbSample } from './format.js';
import type { MeasurementResult } from './measurement.js';
import { baseEnv } from './node-process.js';
import type { BenchNode } from './node24.js';
import { LAMBDA_ENV } from './rotation-runs.js';
import { CRON_SCHEDULE } from './schedule-cpu.js';
import { interleaved } from './stats.js';
import { runRotation } from '../simulator/rotation-driver.js';

export const FUNCTION_MEMORY_GOAL_MB = 100;
const ROTATIONS = 2;
const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
const TIMEOUT_MS = 120_000;

interface Host {
  invoke(event: unknown): Promise<void>;
  /** Ends the host and returns its peak RSS (MB). */
  finish(): Promise<number>;
}

function startHost(hostBundle: string, env: Record<string, string>, node: BenchNode): Host {
  const child: ChildProcess = fork(hostBundle, [], {
    env,
    execArgv: [],
    execPath: node.path,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  const ask = (request: HostRequest) =>
    new Promise<HostReply>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`Lambda host exited (${code}): ${stderr.trim() || 'no output'}`));
      child.once('exit', onExit);
      child.once('message', (reply: HostReply) => {
        child.off('exit', onExit);
        resolve(reply);
      });
      child.send(request);
    });
  return {
    async invoke(event) {
      const reply = await ask({ event });
      if ('ok' in reply && !reply.ok) throw Object.assign(new Error(reply.message), { name: reply.name });
    },
    async finish() {
      const reply = await ask({ done: true });
      clearTimeout(timer);
      if (!('maxRssMb' in reply)) throw new Error('Lambda host did not report its memory');
      return reply.maxRssMb;
    },
  };
}

async function peakMb(bundles: BenchBundles, which: 'ours' | 'reference', node: BenchNode): Promise<number> {
  const world = await startWorld(0);
  try {
    const lambda = which === 'ours' ? bundles.lambda.file : bundles.lambdaReference.file;
    const env = {
      ...baseEnv(),
      ...LAMBDA_ENV,
      ...world.standIn.env(),
      ALLOWED_VAULT_HOSTS: '127.0.0.1:*',
      BENCH_LAMBDA: lambda,
    };
    const host = startHost(bundles.lambdaHost, env, node);
    for (let rotation = 1; rotation <= ROTATIONS; rotation += 1) {
      if (which === 'ours') {
        const invoke = (event: unknown) => host.invoke(event);
        const options = { backend: world.standIn, secretId: world.secretArn, invoke, maxAttempts: 1 };
        const result = await runRotation({ ...options, scheduleExpression: CRON_SCHEDULE });
        if (!result.succeeded) {
          throw new Error(`rotation ${rotation} failed: ${result.errors.map((e) => e.message).join(' | ')}`);
        }
      } else {
        const token = randomUUID();
        for (const Step of STEPS) await host.invoke({ SecretId: world.secretArn, ClientRequestToken: token, Step });
      }
    }
    return await host.finish();
  } finally {
    await world.close();
  }
}

export async function measureFunctionMemory(
  bundles: BenchBundles,
  runs: number,
  node: BenchNode,
): Promise<MeasurementResult> {
  const peak = await interleaved(
    runs,
    () => peakMb(bundles, 'ours', node),
    () => peakMb(bundles, 'reference', node),
  );
  const met = peak.a.median <= FUNCTION_MEMORY_GOAL_MB;
  const notes = [
    `Peak RSS of the function alone: maxRSS of a ${node.label} process that holds only the built Lambda and runs ${ROTATIONS} rotations of a secret on ${CRON_SCHEDULE} (the simulators run in the bench's process); the reference is the Lambda reference in the same host, sent as many events.`,
  ];
  if (!met) {
    const over = (peak.a.median - FUNCTION_MEMORY_GOAL_MB).toFixed(1);
    notes.push(`Peak RSS of the function alone missed the goal by ${over} MB.`);
  }
  return {
    rows: [
      {
        measurement: `2. Peak RSS of the function alone, ${CRON_SCHEDULE} (${node.label})`,
        ours: mbSample(peak.a),
        reference: `${mbSample(peak.b)} (middy + SM client)`,
        ratio: '—',
        goal: `≤ ${FUNCTION_MEMORY_GOAL_MB} MB`,
        met: met ? 'yes' : 'MISSED',
      },
    ],
    notes,
  };
}
