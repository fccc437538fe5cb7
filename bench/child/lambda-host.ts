// A Lambda container for the benchmark: a process that holds only the built Lambda (bundled by bench/bundles.ts, run
// on Node 24 by bench/function-memory.ts). It loads the bundle once, invokes its handler for every event the parent
// sends over IPC, as warm invocations of one container, and at the end reports its own peak RSS: the function's memory
// without the simulators, which run in the parent. Only outcomes and numbers cross, never a secret value.
import { lambdaContext, loadLambda } from './lambda.js';

export type HostRequest = { readonly event: unknown } | { readonly done: true };
export type HostReply =
  | { readonly ok: true }
  | { readonly ok: false; readonly name: string; readonly message: string }
  | { readonly maxRssMb: number };

const send = (reply: HostReply, then: () => void = () => undefined) => process.send?.(reply, then);

function main(): void {
  const bundle = process.env.BENCH_LAMBDA;
  if (process.send === undefined || bundle === undefined) {
    console.error('lambda-host: run me through child_process.fork with BENCH_LAMBDA (bench/function-memory.ts)');
    process.exit(2);
  }
  const handler = loadLambda(bundle, {});
  process.on('message', (request: HostRequest) => {
    if ('done' in request) {
      // Exit once the report is out: keep-alive sockets and middy's timers would hold the process open.
      send({ maxRssMb: process.resourceUsage().maxRSS / 1024 }, () => process.exit(0));
      return;
    }
    handler(request.event, lambdaContext()).then(
      () => send({ ok: true }),
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        send({ ok: false, name: failure.name, message: failure.message });
      },
    );
  });
}

main();
