// Run by a Node 24 child (test/node24/lambda.test.ts): loads the built bundle the way the nodejs24.x runtime does
// (require of the handler module), invokes its handler once with the event read from stdin and a Lambda-like context,
// and prints one JSON line: { version, ok } or { version, ok: false, name, message }.

import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

async function main() {
  const [bundlePath] = process.argv.slice(2);
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const event = JSON.parse(input);
  const deadline = Date.now() + 60_000;
  const context = {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'vault-api-token-rotator',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:vault-api-token-rotator',
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/vault-api-token-rotator',
    logStreamName: 'node24-test',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  const { handler } = require(bundlePath);
  let outcome;
  try {
    await handler(event, context);
    outcome = { version: process.version, ok: true };
  } catch (error) {
    outcome = { version: process.version, ok: false, name: error?.name, message: error?.message };
  }
  // Lambda freezes the process after the handler returns; here it exits once the line is written.
  await new Promise((resolve) => process.stdout.write(`\n${JSON.stringify(outcome)}\n`, resolve));
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`invoke-lambda: ${error?.stack ?? error}\n`);
    process.exit(2);
  },
);
