// Every bootstrap flag checked, and turned into one plan, before anything is read from stdin or sent anywhere.
import { defaultTokenLifetimeMs, lifetimeMarginMs, rotationInterval } from '../../functions/rotation/lifetime.js';
import { REVOKE_PREVIOUS_MODES, type RevokePrevious } from '../../functions/rotation/secret-value.js';
import { checkScheduleExpression, checkWindow } from '../../shared/rotation-schedule.js';
import type { VaultTarget } from '../../shared/types.js';
import { type AwsFlags, checkAwsFlags } from '../aws.js';
import { UsageError } from '../exit-codes.js';
import * as check from '../flags.js';
import type { CliIo } from '../io.js';
import { type CredentialFlags, type CredentialSource, credentialSource } from '../vault-credentials.js';

export interface BootstrapFlags extends CredentialFlags, AwsFlags {
  readonly secretName?: string;
  readonly vaultDns?: string;
  readonly apiVersion?: string;
  readonly description?: string;
  readonly kmsKeyId?: string;
  readonly tag?: string[];
  readonly tokenLifetime?: string;
  readonly revokePrevious?: string;
  readonly clientId?: string;
  readonly credentialsSecretArn?: string;
  readonly update?: boolean;
  readonly rotationLambdaArn?: string;
  readonly schedule?: string;
  readonly window?: string;
  readonly wait?: string;
  readonly revokeBootstrapToken?: boolean;
  readonly bootstrapTokenId?: string;
  readonly json?: boolean;
}

export interface RotationPlan {
  readonly lambdaArn: string;
  readonly scheduleExpression: string;
  readonly window: string | undefined;
  readonly waitMs: number;
}

export interface BootstrapPlan {
  readonly secretName: string;
  readonly target: VaultTarget;
  readonly vaultDns: string;
  readonly credentials: CredentialSource;
  readonly description: string | undefined;
  readonly kmsKeyId: string | undefined;
  readonly tags: readonly check.Tag[];
  readonly tokenLifetimeMs: number;
  /** Fields stored in the value beyond the rotator's own, only those given. */
  readonly options: Readonly<Record<string, string>>;
  readonly update: boolean;
  readonly rotation: RotationPlan | undefined;
  /** 'ask' only when stdin is a terminal and --yes was not given. */
  readonly revokeBootstrapToken: 'yes' | 'no' | 'ask';
  readonly bootstrapTokenId: string | undefined;
  readonly yes: boolean;
  readonly json: boolean;
}

export const DEFAULT_SCHEDULE = 'rate(30 days)';
const DEFAULT_WAIT = '10m';

export function bootstrapPlan(flags: BootstrapFlags, io: CliIo): BootstrapPlan {
  if (flags.secretName === undefined) throw new UsageError('--secret-name', 'required: the name of the secret to create');
  if (flags.vaultDns === undefined) throw new UsageError('--vault-dns', 'required: the Vault host, e.g. myvault.veevavault.com');
  checkAwsFlags(flags);
  const secretName = check.secretName(flags.secretName);
  const target = check.vaultTarget(flags.vaultDns, flags.apiVersion);
  const rotation = rotationPlan(flags);
  const options: Record<string, string> = {};
  if (flags.tokenLifetime !== undefined) {
    check.lifetimeMs('--token-lifetime', flags.tokenLifetime);
    options.tokenLifetime = flags.tokenLifetime;
  }
  if (flags.revokePrevious !== undefined) {
    if (!(REVOKE_PREVIOUS_MODES as readonly string[]).includes(flags.revokePrevious)) {
      throw new UsageError('--revoke-previous', `expected one of ${REVOKE_PREVIOUS_MODES.join(', ')}`);
    }
    options.revokePrevious = flags.revokePrevious as RevokePrevious;
  }
  if (flags.clientId !== undefined) options.clientId = check.clientId(flags.clientId);
  if (flags.credentialsSecretArn !== undefined) {
    options.credentialsSecretArn = check.secretArn('--credentials-secret-arn', flags.credentialsSecretArn);
  }
  const credentials = credentialSource(flags, io);
  const bootstrapTokenId = flags.bootstrapTokenId?.trim();
  if (flags.bootstrapTokenId !== undefined && !/^[A-Za-z0-9]{1,40}$/.test(bootstrapTokenId ?? '')) {
    throw new UsageError('--bootstrap-token-id', 'expected the token record id shown in Vault (e.g. V8T000000002001)');
  }
  if ((flags.revokeBootstrapToken || bootstrapTokenId !== undefined) && credentials.kind !== 'token') {
    throw new UsageError('--revoke-bootstrap-token', 'only with --token-stdin (a hand-made token to retire)');
  }
  if (flags.revokeBootstrapToken && bootstrapTokenId === undefined && (!io.interactive || flags.yes)) {
    throw new UsageError('--bootstrap-token-id', 'required with --revoke-bootstrap-token: Vault cannot look a token up by its value');
  }
  const interval = rotationInterval(
    rotation === undefined ? undefined : { ScheduleExpression: rotation.scheduleExpression },
    new Date(),
  );
  return {
    secretName,
    target,
    vaultDns: flags.vaultDns,
    credentials,
    description: flags.description === undefined ? undefined : check.description(flags.description),
    kmsKeyId: flags.kmsKeyId === undefined ? undefined : check.kmsKeyId(flags.kmsKeyId),
    tags: (flags.tag ?? []).map(check.tag),
    tokenLifetimeMs:
      flags.tokenLifetime === undefined ? defaultTokenLifetimeMs(interval) : outlivingLifetimeMs(flags.tokenLifetime, interval),
    options,
    update: flags.update === true,
    rotation,
    revokeBootstrapToken:
      credentials.kind !== 'token' ? 'no' : flags.revokeBootstrapToken ? 'yes' : io.interactive && !flags.yes ? 'ask' : 'no',
    bootstrapTokenId,
    yes: flags.yes === true,
    json: flags.json === true,
  };
}

function rotationPlan(flags: BootstrapFlags): RotationPlan | undefined {
  if (flags.rotationLambdaArn === undefined) {
    for (const [flag, value] of [
      ['--schedule', flags.schedule],
      ['--window', flags.window],
      ['--wait', flags.wait],
    ] as const) {
      if (value !== undefined) throw new UsageError(flag, 'only with --rotation-lambda-arn');
    }
    return undefined;
  }
  const lambdaArn = check.lambdaArn(flags.rotationLambdaArn);
  const scheduleExpression = flags.schedule ?? DEFAULT_SCHEDULE;
  const schedule = checkScheduleExpression(scheduleExpression);
  if (!schedule.ok) throw new UsageError('--schedule', `${schedule.problem}`);
  if (flags.window !== undefined) {
    const window = checkWindow(flags.window, schedule.value);
    if (!window.ok) throw new UsageError('--window', window.problem);
  }
  return { lambdaArn, scheduleExpression, window: flags.window, waitMs: check.waitMs(flags.wait ?? DEFAULT_WAIT) };
}

/** The rotator's own rule (functions/rotation/lifetime.ts): a token must outlive the longest gap plus a margin. */
function outlivingLifetimeMs(text: string, interval: ReturnType<typeof rotationInterval>): number {
  const lifetimeMs = check.lifetimeMs('--token-lifetime', text);
  const minimumMs = interval.ms + lifetimeMarginMs(interval);
  if (lifetimeMs <= minimumMs) {
    throw new UsageError(
      '--token-lifetime',
      `must outlive the longest time between two rotations plus a margin (${interval.source}): more than ${Math.ceil(minimumMs / 3_600_000)}h`,
    );
  }
  return lifetimeMs;
}
