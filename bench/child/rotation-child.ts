// A child process of the benchmark (bundled by bench/bundles.ts, run by plain node): builds its world, loads the
// built Lambda, runs rotations the way Secrets Manager does, and reports calls, times and peak memory over IPC.
// Lambda log lines go to this process's stdout, which the parent discards.
import { performance } from 'node:perf_hooks';
import { runRotation } from '../../simulator/rotation-driver.js';
import type { RotationInvoker } from '../../simulator/secrets-manager-types.js';
import type { ChildEnv, ChildReport, RotationRecord, StepCalls } from './protocol.js';
import { type BenchWorld, type LambdaHandler, lambdaContext, loadLambda, startWorld } from './world.js';

async function main(env: ChildEnv): Promise<ChildReport> {
  const world = await startWorld(Number(env.BENCH_LATENCY_MS), env.BENCH_AUTH === 'oauth' ? 'oauth' : 'token');
  try {
    const rotations: RotationRecord[] = [];
    if (env.BENCH_MODE === 'rotations') {
      const handler = loadLambda(env.BENCH_LAMBDA, world.lambdaEnv);
      for (let index = 1; index <= Number(env.BENCH_ROTATIONS); index += 1) {
        const record = await rotateOnce(world, handler, index);
        rotations.push(record);
        if (!record.succeeded) break;
      }
    }
    return { ok: true, maxRssMb: process.resourceUsage().maxRSS / 1024, rotations };
  } finally {
    await world.close();
  }
}

async function rotateOnce(world: BenchWorld, handler: LambdaHandler, index: number): Promise<RotationRecord> {
  const steps: StepCalls[] = [];
  const invoke: RotationInvoker = async (event) => {
    const vaultFrom = world.vault.requests.length;
    const smFrom = world.standIn.requests.length;
    const identityFrom = world.identity.map((log) => log.requests.length);
    const cpuFrom = process.cpuUsage();
    try {
      await handler(event, lambdaContext());
    } finally {
      const cpu = process.cpuUsage(cpuFrom);
      steps.push({
        cpuMs: (cpu.user + cpu.system) / 1000,
        step: event.Step,
        secretsManager: world.standIn.requests.slice(smFrom).map((entry) => entry.operation),
        vault: world.vault.requests.slice(vaultFrom).map((entry) => entry.operation),
        ...(world.identity.length === 0
          ? {}
          : {
              identity: world.identity.flatMap((log, i) =>
                log.requests.slice(identityFrom[i]).map((entry) => entry.operation),
              ),
            }),
      });
    }
  };
  const started = performance.now();
  // One attempt: a benchmark must not hide a failure behind the service's retries.
  const schedule = process.env.BENCH_SCHEDULE;
  const result = await runRotation({
    backend: world.standIn,
    secretId: world.secretArn,
    invoke,
    maxAttempts: 1,
    ...(schedule === undefined || schedule === '' ? {} : { scheduleExpression: schedule }),
  });
  const wallMs = performance.now() - started;
  return { index, succeeded: result.succeeded, wallMs, steps, errors: result.errors.map((error) => error.message) };
}

function report(message: ChildReport): void {
  if (process.send === undefined) {
    console.error('rotation-child: run me through child_process.fork (bench/rotation-runs.ts)');
    process.exit(2);
  }
  // Exit once the message is out: middy's timeout timer and keep-alive sockets would hold the process open.
  process.send(message, () => process.exit(message.ok ? 0 : 1));
}

main(process.env as unknown as ChildEnv).then(report, (error: unknown) =>
  report({ ok: false, error: error instanceof Error ? error.message : String(error) }),
);
