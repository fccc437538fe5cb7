// Invoke the built rotation function once, in this Node process, with an event file: a Node-only stand-in for
// `sam local invoke` (no SAM CLI, no Docker).
//
//   npm run build
//   npm run -s invoke -- events/createSecret.json [--secret-id ARN] [--client-request-token ID] [--env-vars FILE]
//
// It loads build/functions/rotate.cjs the way the nodejs24.x runtime does (require of the handler module) and calls
// its handler with the event and a Lambda-like context. --secret-id and --client-request-token replace the event's
// SecretId and ClientRequestToken. The function's environment comes from --env-vars (default events/env.json, the
// file `sam local invoke --env-vars` reads: its RotationFunction object), for each variable not already set in this
// shell; AWS_REGION defaults to AWS_DEFAULT_REGION. Prints one line, `<Step>: ok` or `<Step>: failed: <error>`, after
// the function's own log lines, and exits 0 or 1 (2 for a usage error).

import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = resolve(root, 'build', 'functions', 'rotate.cjs');

function usage(message) {
  process.stderr.write(
    `invoke: ${message}\nUsage: npm run -s invoke -- EVENT.json [--secret-id ARN] [--client-request-token ID] [--env-vars FILE]\n`,
  );
  process.exit(2);
}

function readJson(path, what) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    usage(`cannot read ${what} ${path}: ${error.code ?? error.message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    usage(`${what} ${path} is not JSON`);
  }
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        'secret-id': { type: 'string' },
        'client-request-token': { type: 'string' },
        'env-vars': { type: 'string' },
      },
    });
  } catch (error) {
    usage(error.message);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) usage('give exactly one event file, e.g. events/createSecret.json');
  const event = readJson(positionals[0], 'event file');
  if (typeof event !== 'object' || event === null || typeof event.Step !== 'string') {
    usage(`event file ${positionals[0]} has no "Step" (expected {Step, SecretId, ClientRequestToken})`);
  }
  for (const [flag, field] of [
    ['secret-id', 'SecretId'],
    ['client-request-token', 'ClientRequestToken'],
  ]) {
    const value = values[flag];
    if (value === undefined) continue;
    if (value.trim() === '') usage(`--${flag} is empty (an unset shell variable?)`);
    event[field] = value;
  }

  const envFile = values['env-vars'] ?? resolve(root, 'events', 'env.json');
  if (values['env-vars'] !== undefined || existsSync(envFile)) {
    const vars = readJson(envFile, '--env-vars file').RotationFunction ?? {};
    for (const [name, value] of Object.entries(vars)) {
      if (process.env[name] === undefined) process.env[name] = String(value);
    }
  }
  if (process.env.AWS_REGION === undefined && process.env.AWS_DEFAULT_REGION !== undefined) {
    process.env.AWS_REGION = process.env.AWS_DEFAULT_REGION;
  }

  if (!existsSync(BUNDLE)) usage(`${BUNDLE} does not exist: run npm run build first`);
  const deadline = Date.now() + 120_000; // the template's Timeout
  const context = {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'vault-api-token-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:vault-api-token-local',
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/vault-api-token-local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  const { handler } = createRequire(import.meta.url)(BUNDLE);
  try {
    await handler(event, context);
  } catch (error) {
    // The function's errors carry no secret (it redacts them before throwing); print the name and message only.
    process.stdout.write(`${event.Step}: failed: ${error?.name ?? 'Error'}: ${error?.message ?? String(error)}\n`);
    return 1;
  }
  process.stdout.write(`${event.Step}: ok\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`invoke: ${error?.stack ?? error}\n`);
    process.exit(2);
  },
);
