// The rotation child's world: a Vault simulator and the Secrets Manager stand-in in this process, a secret
// bootstrapped with a token "made in the Vault UI", and the built Lambda loaded the way Lambda loads it.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { startVaultSimulator, type VaultSimulator } from '../../simulator/vault-simulator.js';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

export interface BenchWorld {
  readonly vault: VaultSimulator;
  readonly standIn: SecretsManagerStandIn;
  readonly secretArn: string;
  close(): Promise<void>;
}

export async function startWorld(latencyMs: number): Promise<BenchWorld> {
  const vault = await startVaultSimulator({ latencyMs });
  const standIn = await startSecretsManagerStandIn({ latencyMs });
  const user = vault.addUser({ userName: 'bench.rotator@acme.test' });
  const bootstrap = vault.issueToken(user.id, { name: 'made in the Vault UI' });
  const sm = clientFor(standIn);
  try {
    const created = await sm.send(
      new CreateSecretCommand({
        Name: `bench/vault-token-${randomUUID().slice(0, 8)}`,
        SecretString: JSON.stringify({ vaultDns: vault.url, accessToken: bootstrap.token }),
      }),
    );
    if (created.ARN === undefined) throw new Error('CreateSecret returned no ARN');
    return {
      vault,
      standIn,
      secretArn: created.ARN,
      close: async () => {
        await Promise.all([vault.close(), standIn.close()]);
      },
    };
  } finally {
    sm.destroy();
  }
}

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
