// Which Vault credentials do what during a rotation:
// - minting: the credentials secret when `credentialsSecretArn` is set (its password or token; on parentVaultDns for a
//   sandbox), otherwise the current token itself;
// - housekeeping (list and revoke this secret's tokens): the current token on vaultDns, or, when that token is no
//   longer accepted, the freshly minted one.

import type { VaultCredentials, VaultSession } from '../../shared/types.js';
import { parseCredentialsSecret } from './credentials-secret.js';
import { vaultClientLogger } from './logging.js';
import type { RotatedSecretConfig } from './secret-value.js';
import { SecretValueError } from './errors.js';
import { getSecretString, isResourceNotFound } from './secrets-store.js';
import type { StepContext } from './types.js';

export type SessionOpener = (vaultDns: string, credentials: VaultCredentials) => Promise<VaultSession>;

/** Opens sessions with the secret's apiVersion/clientId, the step's abort signal and logger; closes them all at the end. */
export function sessionOpener(
  ctx: StepContext,
  config: Pick<RotatedSecretConfig, 'apiVersion' | 'clientId'>,
): { open: SessionOpener; closeAll(): Promise<void> } {
  const opened: VaultSession[] = [];
  const { deps, signal } = ctx;
  return {
    async open(vaultDns, credentials) {
      const session = await deps.openVaultSession(
        {
          vaultDns,
          apiVersion: config.apiVersion,
          clientId: config.clientId,
          logger: vaultClientLogger(deps.logger),
          requestTimeoutMs: deps.tuning.requestTimeoutMs,
          retry: deps.tuning.vaultRetry,
          signal,
        },
        credentials,
      );
      opened.push(session);
      return session;
    },
    async closeAll() {
      await Promise.all(opened.map((session) => session.close({ signal })));
    },
  };
}

export interface RotationSessions {
  /** The current token on vaultDns; undefined when the secret has no accessToken (bootstrap from credentials). */
  readonly current: VaultSession | undefined;
  /** Who mints: the credentials secret's session, or `current`. */
  readonly minter: VaultSession;
  readonly mintsWithCredentials: boolean;
  /** False when minting goes through a sandbox's parent Vault (the minter cannot see the sandbox's tokens). */
  readonly minterOnVaultDns: boolean;
  readonly open: SessionOpener;
  close(): Promise<void>;
}

export async function openRotationSessions(ctx: StepContext, config: RotatedSecretConfig): Promise<RotationSessions> {
  const opener = sessionOpener(ctx, config);
  try {
    const current =
      config.accessToken === undefined
        ? undefined
        : await opener.open(config.vaultDns, { kind: 'token', token: config.accessToken });
    if (config.credentialsSecretArn === undefined) {
      // The schema guarantees an accessToken when there is no credentials secret.
      return {
        current,
        minter: current!,
        mintsWithCredentials: false,
        minterOnVaultDns: true,
        open: opener.open,
        close: opener.closeAll,
      };
    }
    const credentialsString = await readCredentialsSecret(ctx, config.credentialsSecretArn);
    const credentials = parseCredentialsSecret(credentialsString, config.credentialsSecretArn);
    const mintDns = config.sandboxName === undefined ? config.vaultDns : config.parentVaultDns!;
    return {
      current,
      minter: await opener.open(mintDns, credentials),
      mintsWithCredentials: true,
      minterOnVaultDns: config.sandboxName === undefined,
      open: opener.open,
      close: opener.closeAll,
    };
  } catch (error) {
    await opener.closeAll();
    throw error;
  }
}

/** The credentials secret's current value; a secret that cannot be read is reported against `credentialsSecretArn`. */
async function readCredentialsSecret(ctx: StepContext, arn: string): Promise<string | undefined> {
  try {
    return await getSecretString(ctx.deps.secretsManager, { SecretId: arn }, ctx.signal);
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const problem = isResourceNotFound(error)
      ? `Secrets Manager has no secret ${arn} with a current value`
      : name === 'AccessDeniedException'
        ? `the rotation function may not read secret ${arn} (AccessDenied: grant secretsmanager:GetSecretValue on it, and kms:Decrypt on its key)`
        : name === 'InvalidRequestException'
          ? `secret ${arn} cannot be read (it may be scheduled for deletion)`
          : undefined;
    if (problem === undefined) throw error;
    throw new SecretValueError(
      `Secret ${ctx.secretArn} (AWSCURRENT)`,
      'credentialsSecretArn',
      `${problem}. Nothing was revoked or minted. Point credentialsSecretArn at the secret that holds the minting credentials.`,
    );
  }
}
