// Which Vault credentials do what during a rotation:
// - minting: the credentials secret when `credentialsSecretArn` is set (its password or token; on parentVaultDns for a
//   sandbox), otherwise the current token itself;
// - housekeeping (list and revoke this secret's tokens): the current token on vaultDns, or, when that token is no
//   longer accepted, the freshly minted one.

import type { VaultCredentials, VaultSession } from '../../../shared/types.js';
import { parseCredentialsSecret } from './credentials-secret.js';
import { vaultClientLogger } from '../telemetry/logging.js';
import type { RotatedSecretConfig } from '../../../shared/rotated-secret/index.js';
import type { StepContext } from '../context.js';
import { fleetScope, readCredentialsSecret, type ReuseAs } from './sessions-fleet.js';
import type { GuardedSession } from './guarded-session.js';

export type SessionOpener = (vaultDns: string, credentials: VaultCredentials, reuseAs?: ReuseAs) => Promise<GuardedSession>;

/** Opens sessions with the secret's apiVersion/clientId, the step's abort signal and logger; closes them all at the end. */
export function sessionOpener(
  ctx: StepContext,
  config: Pick<RotatedSecretConfig, 'apiVersion' | 'clientId' | 'vaultDns' | 'parentVaultDns' | 'expiresAt'>,
): { open: SessionOpener; closeAll(): Promise<void> } {
  const opened: VaultSession[] = [];
  const { deps, signal } = ctx;
  // Fleet hook (docs/fleet.md): allowed hosts checked here, before any connection; burst reserve and session reuse.
  const fleet = fleetScope(ctx, config);
  return {
    async open(vaultDns, credentials, reuseAs) {
      fleet.assertAllowed(vaultDns);
      const options = {
        vaultDns,
        apiVersion: config.apiVersion,
        clientId: config.clientId,
        logger: vaultClientLogger(deps.logger),
        requestTimeoutMs: deps.tuning.requestTimeoutMs,
        retry: deps.tuning.vaultRetry,
        signal,
        onResponse: fleet.onResponse,
      };
      const reused = await fleet.reusable(options, credentials, reuseAs);
      if (reused !== undefined) return reused;
      const session = await deps.openVaultSession(options, credentials);
      opened.push(session);
      return fleet.guard(session);
    },
    async closeAll() {
      await Promise.all(opened.map((session) => session.close({ signal })));
    },
  };
}

export interface RotationSessions {
  /** The current token on vaultDns; undefined when the secret has no accessToken (bootstrap from credentials). */
  readonly current: GuardedSession | undefined;
  /** Who mints: the credentials secret's session, or `current`. */
  readonly minter: GuardedSession;
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
    // Reads the version too (session reuse) and checks usableBy before any Vault call.
    const read = await readCredentialsSecret(ctx, config.credentialsSecretArn);
    const credentials = parseCredentialsSecret(read.secretString, config.credentialsSecretArn);
    const mintDns = config.sandboxName === undefined ? config.vaultDns : config.parentVaultDns!;
    return {
      current,
      minter: await opener.open(mintDns, credentials, read.reuseAs),
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
