// What the service does after RotateSecret when the stand-in is given a rotation function: invoke it once per step
// (createSecret → setSecret → testSecret → finishSecret) with the secret's ARN and the new version's token, then
// drop AWSPENDING once AWSCURRENT is on the new version. A failed step ends the attempt (the service would retry;
// the stand-in tries once) and is written to the function's log the way the Lambda runtime writes it
// ("Invoke Error" with errorType and errorMessage), so a caller can read the reason with FilterLogEvents.
import type { RotationInvoker } from '../secrets-manager-types.js';
import { AWSCURRENT } from './labels.js';
import type { Store, StoredSecret } from './model.js';
import { completeRotation } from './rotation-operations.js';

const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;

export function functionLogGroup(lambdaArn: string): string {
  const name = /:function:([^:]+)/.exec(lambdaArn)?.[1] ?? lambdaArn;
  return `/aws/lambda/${name}`;
}

export function attachRotationFunction(store: Store, invoke: RotationInvoker, pending: Set<Promise<void>>): void {
  store.rotationStarted = (secret, token) => {
    // Asynchronous, as in the service: RotateSecret has already answered.
    const run = rotate(store, secret, token, invoke).finally(() => pending.delete(run));
    pending.add(run);
  };
}

async function rotate(store: Store, secret: StoredSecret, token: string, invoke: RotationInvoker): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  const group = functionLogGroup(secret.rotation.lambdaArn ?? 'unknown');
  for (const step of STEPS) {
    try {
      await invoke({ Step: step, SecretId: secret.arn, ClientRequestToken: token });
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      store.functionLogs.push({
        logGroupName: group,
        timestamp: Date.now(),
        message: `${new Date().toISOString()}\t${token}\tERROR\tInvoke Error \t${JSON.stringify({ errorType: failure.name, errorMessage: failure.message, step })}`,
      });
      return;
    }
  }
  if (secret.versions.get(token)?.stages.has(AWSCURRENT)) completeRotation(store, secret.arn, token);
}
