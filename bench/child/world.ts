// The rotation child's world: a Vault simulator and the Secrets Manager stand-in in this process, a secret
// bootstrapped with a token "made in the Vault UI", and the built Lambda loaded the way Lambda loads it.
import { randomUUID } from 'node:crypto';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { startVaultSimulator, type VaultSimulator } from '../../simulator/vault-simulator.js';

export { type LambdaHandler, lambdaContext, loadLambda } from './lambda.js';

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
