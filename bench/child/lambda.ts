// Loading the built Lambda the way Lambda loads it, and the context Lambda passes: shared by the rotation child, which
// also holds the simulators, and the Lambda host, which holds nothing else (so its memory is the function's alone).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Context } from 'aws-lambda';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** The bundle reads its environment (SDK endpoint, logger) when loaded, so the environment is set first. */
export function loadLambda(bundlePath: string, env: Record<string, string>): LambdaHandler {
  // The trust boundary opened to the loopback simulator (a deployment keeps *.veevavault.com).
  Object.assign(process.env, { ALLOWED_VAULT_HOSTS: '127.0.0.1:*', ...env });
  const load = createRequire(bundlePath);
  return (load(bundlePath) as { handler: LambdaHandler }).handler;
}

export function lambdaContext(): Context {
  const deadline = Date.now() + 300_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'vault-api-token-rotator',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:vault-api-token-rotator',
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/vault-api-token-rotator',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
