// Which Vault the parent session opens on, with which credential: the inputs' own, or the rotated secret that
// aws-secret-id names (its token works only on its own Vault, so a different vault-dns is refused).

import { VaultConfigError } from '../../../shared/errors.js';
import { validateVaultDns } from '../../../shared/target.js';
import type { VaultCredentials, VaultSession } from '../../../shared/types.js';
import type { MainDeps } from '../deps.js';
import { ActionInputError } from '../inputs/input-error.js';
import type { ActionInputs } from '../inputs/validate-inputs.js';
import { coreLogger } from '../job-log/client-logger.js';
import { maskSecret } from '../job-log/mask-secret.js';
import { signInForJob } from './oauth-sign-in.js';

export interface Connection {
  readonly vaultDns: string;
  readonly apiVersion: string;
  readonly credentials: VaultCredentials;
  /** Where vaultDns and apiVersion came from, for error messages. */
  readonly from: 'inputs' | 'aws-secret';
  /** Ends the session the credentials hold, when this step opened it (the OAuth sign-in). Never throws. */
  readonly endSession?: (signal: AbortSignal | undefined) => Promise<void>;
}

export async function resolveConnection(inputs: ActionInputs, deps: MainDeps): Promise<Connection> {
  const { credential } = inputs;
  if (credential.kind === 'oauth') {
    // validateInputs guarantees vault-dns with oauth-profile-id.
    const vaultDns = inputs.vaultDns ?? '';
    const session = await signInForJob(deps, credential.oauth, {
      vaultDns,
      apiVersion: inputs.apiVersion,
      clientId: inputs.clientId,
      retryAttempts: inputs.retryAttempts,
      signal: deps.cancellation.beforeMint,
    });
    return {
      vaultDns,
      apiVersion: inputs.apiVersion,
      credentials: { kind: 'session', sessionId: session.sessionId },
      from: 'inputs',
      endSession: session.end,
    };
  }
  if (credential.kind === 'token' || credential.kind === 'password') {
    const credentials: VaultCredentials =
      credential.kind === 'token'
        ? { kind: 'token', token: credential.token }
        : { kind: 'password', username: credential.username, password: credential.password };
    // validateInputs guarantees vault-dns when no secret supplies it.
    return { vaultDns: inputs.vaultDns ?? '', apiVersion: inputs.apiVersion, credentials, from: 'inputs' };
  }

  const secret = await deps.readAwsSecret(credential.secretId, deps.env, (value) => maskSecret(deps.core, value));
  const vaultDns = secret.vaultDns ?? inputs.vaultDns;
  if (vaultDns === undefined) {
    throw new ActionInputError([
      `aws-secret-id: secret "${credential.secretId}" has no vaultDns, and vault-dns is empty; set one of them`,
    ]);
  }
  if (secret.vaultDns !== undefined && inputs.vaultDns !== undefined && !sameVault(secret.vaultDns, inputs.vaultDns)) {
    throw new ActionInputError([
      `vault-dns: "${inputs.vaultDns}" differs from the secret's vaultDns "${secret.vaultDns}"; the secret's token works only on its own Vault, so leave vault-dns empty`,
    ]);
  }
  return {
    vaultDns,
    apiVersion: secret.apiVersion ?? inputs.apiVersion,
    credentials: { kind: 'token', token: secret.accessToken },
    from: secret.vaultDns === undefined ? 'inputs' : 'aws-secret',
  };
}

/** The session that mints. A bad setting read from the secret is reported as aws-secret-id's problem. */
export function openParentSession(deps: MainDeps, connection: Connection, inputs: ActionInputs): VaultSession {
  try {
    return deps.openSession(
      {
        vaultDns: connection.vaultDns,
        apiVersion: connection.apiVersion,
        clientId: inputs.clientId,
        logger: coreLogger(deps.core),
        retry: { attempts: inputs.retryAttempts },
      },
      connection.credentials,
    );
  } catch (error) {
    if (connection.from === 'aws-secret' && error instanceof VaultConfigError) {
      throw new ActionInputError([`aws-secret-id: the secret's ${error.message}`]);
    }
    throw error;
  }
}

/**
 * The same Vault when the origins agree as the client will use them: a bare host means https, and a default port
 * (`:443`) is no difference. A value the client would refuse is compared as text; opening the session names the fault.
 */
export function sameVault(a: string, b: string): boolean {
  const origin = (s: string) => {
    try {
      return validateVaultDns(s.trim(), 'vaultDns').origin;
    } catch {
      return undefined;
    }
  };
  const [originA, originB] = [origin(a), origin(b)];
  if (originA !== undefined && originB !== undefined) return originA === originB;
  const host = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
      .replace(/\/$/, '');
  return host(a) === host(b);
}
