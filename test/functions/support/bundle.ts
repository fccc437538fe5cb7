// Loads the rotation function AS BUILT FOR DEPLOYMENT (build/functions/rotate.cjs, built by test/support/global-setup)
// into this process, with the environment a deployed function would get, pointed at a test backend.

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Context } from 'aws-lambda';
import type { RotationInvoker } from '../../../simulator/secrets-manager-types.js';

export const BUNDLE_PATH = fileURLToPath(new URL('../../../build/functions/rotate.cjs', import.meta.url));

export type BundledHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Test-only tuning the handler reads (functions/rotation/tuning.ts): short retry delays and request timeouts; and the
 * trust boundary opened to the loopback simulators (functions/rotation/fleet/fleet.ts).
 */
export const TEST_TUNING_ENV = {
  VAT_RETRY_BASE_MS: '5',
  VAT_REQUEST_TIMEOUT_MS: '1500',
  ALLOWED_VAULT_HOSTS: '127.0.0.1:*,localhost:*',
};

/**
 * A fresh copy of the bundle (its module-scope SDK client and logger read the environment when loaded), invoked the
 * way Lambda invokes it. `env` is applied to process.env first and stays applied.
 */
export function loadBundledHandler(env: Record<string, string>): BundledHandler {
  if (!existsSync(BUNDLE_PATH)) throw new Error(`${BUNDLE_PATH} is missing: test/support/global-setup.ts builds it`);
  Object.assign(process.env, { ...TEST_TUNING_ENV, ...env });
  const require = createRequire(import.meta.url);
  delete require.cache[BUNDLE_PATH];
  return (require(BUNDLE_PATH) as { handler: BundledHandler }).handler;
}

export function fakeContext(remainingMs = 60_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'vault-api-token-rotator',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:vault-api-token-rotator',
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/vault-api-token-rotator',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function invokerFor(handler: BundledHandler, remainingMs?: number): RotationInvoker {
  return async (event) => {
    await handler(event, fakeContext(remainingMs));
  };
}
