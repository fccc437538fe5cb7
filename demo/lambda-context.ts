// The context object Lambda passes to a handler. middy reads getRemainingTimeInMillis to abort Vault and SDK calls
// before the (simulated) timeout.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

const FUNCTION_NAME = 'vault-api-token-rotator';

export function lambdaContext(timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION_NAME}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${FUNCTION_NAME}`,
    logStreamName: 'demo',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
