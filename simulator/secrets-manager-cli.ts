// `npm run secrets-manager -- --port 5000`: the Secrets Manager stand-in in the foreground, for trying the rotation
// function with `sam local invoke` or the AWS CLI without an AWS account. Loopback only; state lives in memory.

import { parseArgs } from 'node:util';
import { startSecretsManagerStandIn } from './secrets-manager.js';

const USAGE = 'usage: npm run secrets-manager -- [--port N]   (N from 0 to 65535; 0 = any free port; default 5000)';

function portFrom(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const raw = values.port ?? '5000';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535)
    throw new Error(`--port: expected a whole number from 0 to 65535, got "${raw}"`);
  return port;
}

async function main(): Promise<void> {
  let port: number;
  try {
    port = portFrom(process.argv.slice(2));
  } catch (error) {
    console.error(`secrets-manager: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const standIn = await startSecretsManagerStandIn({ port });
  console.log(
    [
      `Secrets Manager stand-in (not AWS) listening on ${standIn.endpoint}`,
      'Point the AWS CLI or SDK at it with (CloudWatch Logs too: it answers the rotation function\'s log):',
      `  export AWS_ENDPOINT_URL_SECRETS_MANAGER=${standIn.endpoint} AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=${standIn.endpoint} AWS_REGION=${standIn.region} AWS_DEFAULT_REGION=${standIn.region} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );
  const stop = () => standIn.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`secrets-manager: could not start: ${(error as Error).message}`);
  process.exit(1);
});
