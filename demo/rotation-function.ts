// The rotation function exactly as it is deployed: scripts/build.mjs bundles functions/rotate.ts into one CommonJS
// file, and the demo loads that file (not the TypeScript source) into this process, with the environment a deployed
// function gets, pointed at the local Secrets Manager.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { buildLambda } from '../scripts/build.mjs';
import { capturingOutput } from '../simulator/output-capture.js';
import type { RotationInvoker } from '../simulator/secrets-manager-types.js';
import { lambdaContext } from './lambda-context.js';

/** template.yaml gives the function 120 s; each of the demo's invocations gets the same budget. */
const INVOCATION_TIMEOUT_MS = 120_000;

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface RotationFunction {
  readonly bundlePath: string;
  readonly bundleBytes: number;
  /** Invokes the handler once per step, as Secrets Manager does; its log lines go to `logLines`, not the screen. */
  readonly invoke: RotationInvoker;
  /** The steps invoked since the last call, in order. */
  takeSteps(): string[];
  /** Every log line the function wrote (Powertools JSON), held back from the screen. */
  readonly logLines: readonly string[];
}

export async function buildRotationFunction(outdir: string): Promise<{ bundlePath: string; bundleBytes: number }> {
  await buildLambda(outdir);
  const bundlePath = join(outdir, 'rotate.cjs');
  return { bundlePath, bundleBytes: statSync(bundlePath).size };
}

/**
 * `env` is applied to process.env before loading: the bundle's SDK client and logger read it at load time. The
 * function's log lines are appended to `logLines`.
 */
export function loadRotationFunction(
  built: { bundlePath: string; bundleBytes: number },
  env: Readonly<Record<string, string>>,
  logLines: string[] = [],
): RotationFunction {
  Object.assign(process.env, env);
  const require = createRequire(import.meta.url);
  const { handler } = require(built.bundlePath) as { handler: Handler };
  if (typeof handler !== 'function') throw new Error(`${built.bundlePath} does not export a handler function`);
  let steps: string[] = [];
  return {
    ...built,
    logLines,
    async invoke(event) {
      steps.push(event.Step);
      await capturingOutput(logLines, () => handler(event, lambdaContext(INVOCATION_TIMEOUT_MS)));
    },
    takeSteps() {
      const taken = steps;
      steps = [];
      return taken;
    },
  };
}
