// The fleet's side of opening Vault sessions for a step (sessions.ts calls these; docs/fleet.md):
// - fleetScope: checks vaultDns and parentVaultDns against ALLOWED_VAULT_HOSTS as soon as a step knows them, before
//   any connection; observes every Vault answer; guards sessions with the burst reserve; reuses password sessions;
// - readCredentialsSecret: reads the credentials secret with its VersionId (the reuse key), checks that the deployment
//   declared it (so its writes are denied) and that its usableBy admits the rotated secret.

import { GetSecretValueCommand, type GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager';
import type { VaultClientOptions, VaultCredentials, VaultResponseObservation, VaultSession } from '../../../shared/types.js';
import { parseVaultTarget } from '../../../shared/target.js';
import { SecretValueError } from '../errors.js';
import type { RotatedSecretConfig } from '../../../shared/rotated-secret/index.js';
import { isResourceNotFound } from '../secrets-manager.js';
import type { StepContext } from '../context.js';
import { assertUsableBy } from './usable-by.js';
import { isDeclaredCredentialsSecret } from './credentials-scope.js';
import { assertHostAllowed, type GuardedSession, type GuardScope, guardedSession, responseObserver } from './guard.js';

/** How a password session may be shared: the credentials secret and the version its password came from. */
export interface ReuseAs {
  readonly credentialsSecretArn: string;
  readonly versionId: string;
}

export interface FleetScope {
  assertAllowed(vaultDns: string): void;
  readonly onResponse: (observation: VaultResponseObservation) => void;
  guard(session: VaultSession): GuardedSession;
  /** A cached (or newly cached) password session for `reuseAs`; undefined when the credentials are not reusable. */
  reusable(
    options: VaultClientOptions,
    credentials: VaultCredentials,
    reuseAs: ReuseAs | undefined,
  ): Promise<GuardedSession | undefined>;
}

export function fleetScope(
  ctx: StepContext,
  config: Pick<RotatedSecretConfig, 'vaultDns' | 'parentVaultDns' | 'expiresAt' | 'apiVersion' | 'clientId'>,
): FleetScope {
  const { deps } = ctx;
  const fleet = deps.fleet;
  const where = `Secret ${ctx.secretArn}`;
  // Both fields, up front: a step refuses before its first connection, whichever Vault it would reach first.
  assertHostAllowed(fleet, where, 'vaultDns', config.vaultDns);
  if (config.parentVaultDns !== undefined) assertHostAllowed(fleet, where, 'parentVaultDns', config.parentVaultDns);
  const scope: GuardScope = { fleet, now: deps.now, invocation: ctx.invocation, observer: deps.observer };
  deps.observer?.tokenExpiresAt(config.expiresAt);
  const onResponse = responseObserver(scope);
  return {
    assertAllowed(vaultDns) {
      const field = vaultDns === config.parentVaultDns && vaultDns !== config.vaultDns ? 'parentVaultDns' : 'vaultDns';
      assertHostAllowed(fleet, where, field, vaultDns);
    },
    onResponse,
    guard: (session) => guardedSession(scope, session),
    async reusable(options, credentials, reuseAs) {
      if (reuseAs === undefined || credentials.kind !== 'password') return undefined;
      const target = parseVaultTarget(options.vaultDns, options.apiVersion);
      const key = {
        ...reuseAs,
        origin: target.origin,
        apiVersion: target.apiVersion,
        clientId: options.clientId ?? '',
      };
      // No invocation signal: the session outlives this invocation. Every call still carries the step's signal.
      // Not cached here: the sign-in is lazy, and a session whose sign-in fails remembers that failure (a locked user
      // stays "locked" in it after an unlock). guardedSession caches it once a call has got past the sign-in.
      const fresh = async () => deps.openVaultSession({ ...options, signal: undefined }, credentials);
      const cached = fleet.sessions.take(key, deps.now().getTime());
      if (cached !== undefined) deps.observer?.sessionReused();
      const session = cached ?? (await fresh());
      return guardedSession(scope, session, { key, fresh, reused: cached !== undefined });
    },
  };
}

export async function readCredentialsSecret(
  ctx: StepContext,
  credentialsSecretArn: string,
): Promise<{ secretString: string | undefined; reuseAs: ReuseAs | undefined }> {
  let output: GetSecretValueCommandOutput;
  try {
    output = await ctx.deps.secretsManager.send(new GetSecretValueCommand({ SecretId: credentialsSecretArn }), {
      abortSignal: ctx.signal,
    });
  } catch (error) {
    throw credentialsReadError(ctx, credentialsSecretArn, error);
  }
  assertDeclared(ctx, output.ARN ?? credentialsSecretArn);
  assertUsableBy(output.SecretString, credentialsSecretArn, ctx.secretArn);
  return {
    secretString: output.SecretString,
    reuseAs:
      output.VersionId === undefined
        ? undefined
        : { credentialsSecretArn: output.ARN ?? credentialsSecretArn, versionId: output.VersionId },
  };
}

/** Before its value is used: a credentials secret must be one the role may not write (docs/security.md). */
function assertDeclared(ctx: StepContext, fullArn: string): void {
  if (isDeclaredCredentialsSecret(ctx.deps.fleet.credentialsScope, fullArn)) return;
  throw new SecretValueError(
    `Secret ${ctx.secretArn} (AWSCURRENT)`,
    'credentialsSecretArn',
    `secret ${fullArn} is not declared as a credentials secret of this deployment (the template's CredentialsSecretArns or CredentialsSecretNamePrefix), so the role's explicit write Deny does not cover it and this function could overwrite it. Nothing was revoked or minted. Declare it in one of those parameters, or move the credentials to a secret that is.`,
  );
}

/** A credentials secret that cannot be read is bad input naming credentialsSecretArn; other errors pass unchanged. */
function credentialsReadError(ctx: StepContext, arn: string, error: unknown): unknown {
  const name = error instanceof Error ? error.name : '';
  const problem = isResourceNotFound(error)
    ? `Secrets Manager has no secret ${arn} with a current value`
    : name === 'AccessDeniedException'
      ? `the rotation function may not read secret ${arn} (AccessDenied: grant secretsmanager:GetSecretValue on it, and kms:Decrypt on its key)`
      : name === 'InvalidRequestException'
        ? `secret ${arn} cannot be read (it may be scheduled for deletion)`
        : undefined;
  if (problem === undefined) return error;
  return new SecretValueError(
    `Secret ${ctx.secretArn} (AWSCURRENT)`,
    'credentialsSecretArn',
    `${problem}. Nothing was revoked or minted. Point credentialsSecretArn at the secret that holds the minting credentials.`,
  );
}
