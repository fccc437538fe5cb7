// The rotation child's world: a Vault simulator and the Secrets Manager stand-in in this process, a secret
// bootstrapped with a token "made in the Vault UI", and the built Lambda loaded the way Lambda loads it.
// In OAuth mode (BENCH_AUTH=oauth) the world is the demo's identity world instead (startOAuthWorld: Vault with an
// OAuth profile, the STS stand-in, the authorization server), an OAuth credentials secret with identity "aws-sts",
// and a rotated secret bootstrapped as `bootstrap --first-token-by-rotation` does: credentialsSecretArn, no token.
import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsStsSignIn, startOAuthWorld } from '../../simulator/identity/oauth-world.js';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { startVaultSimulator, type VaultSimulator } from '../../simulator/vault-simulator.js';

export { type LambdaHandler, lambdaContext, loadLambda } from './lambda.js';

/** A request log of an identity service (STS, the authorization server): only operation names are read. */
export interface OperationLog {
  readonly requests: readonly { readonly operation: string }[];
}

export interface BenchWorld {
  readonly vault: VaultSimulator;
  readonly standIn: SecretsManagerStandIn;
  readonly secretArn: string;
  /** The environment the Lambda gets: the stand-in's, plus the STS stand-in's in OAuth mode. */
  readonly lambdaEnv: Record<string, string>;
  /** OAuth mode: the STS stand-in's and the authorization server's request logs, in that order; otherwise none. */
  readonly identity: readonly OperationLog[];
  close(): Promise<void>;
}

async function createSecret(sm: SecretsManagerClient, name: string, value: unknown): Promise<string> {
  const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(value) }));
  if (created.ARN === undefined) throw new Error('CreateSecret returned no ARN');
  return created.ARN;
}

export async function startWorld(latencyMs: number, auth: 'token' | 'oauth' = 'token'): Promise<BenchWorld> {
  return auth === 'oauth' ? startOAuthBenchWorld(latencyMs) : startTokenWorld(latencyMs);
}

async function startTokenWorld(latencyMs: number): Promise<BenchWorld> {
  const vault = await startVaultSimulator({ latencyMs });
  const standIn = await startSecretsManagerStandIn({ latencyMs });
  const user = vault.addUser({ userName: 'bench.rotator@acme.test' });
  const bootstrap = vault.issueToken(user.id, { name: 'made in the Vault UI' });
  const sm = clientFor(standIn);
  try {
    const secretArn = await createSecret(sm, `bench/vault-token-${randomUUID().slice(0, 8)}`, {
      vaultDns: vault.url,
      accessToken: bootstrap.token,
    });
    return {
      vault,
      standIn,
      secretArn,
      lambdaEnv: standIn.env(),
      identity: [],
      close: async () => {
        await Promise.all([vault.close(), standIn.close()]);
      },
    };
  } finally {
    sm.destroy();
  }
}

async function startOAuthBenchWorld(latencyMs: number): Promise<BenchWorld> {
  // The latency is on Vault and Secrets Manager only, as in token mode; STS and the authorization server answer at once.
  const world = await startOAuthWorld({ vault: { latencyMs } });
  const standIn = await startSecretsManagerStandIn({ latencyMs }).catch(async (error: unknown) => {
    await world.close();
    throw error;
  });
  const close = async () => {
    await Promise.all([world.close(), standIn.close()]);
  };
  const sm = clientFor(standIn);
  try {
    const name = `bench/vault-token-${randomUUID().slice(0, 8)}`;
    // As the demo's credentials secret: nothing secret in it, usable by this one rotated secret only.
    const credentialsSecretArn = await createSecret(sm, `bench/vault-oauth-sign-in-${randomUUID().slice(0, 8)}`, {
      oauth: awsStsSignIn(world),
      usableBy: [`arn:aws:secretsmanager:*:secret:${name}-??????`],
    });
    // `bootstrap --first-token-by-rotation`'s value: no token, the first rotation mints it.
    const secretArn = await createSecret(sm, name, { vaultDns: world.vault.url, credentialsSecretArn });
    return {
      vault: world.vault,
      standIn,
      secretArn,
      // As the demo gives it: the function's AWS identity is the STS stand-in's role.
      lambdaEnv: { ...standIn.env(), ...world.sts.env() },
      identity: [world.sts, world.authorizationServer],
      close,
    };
  } catch (error) {
    await close();
    throw error;
  } finally {
    sm.destroy();
  }
}
