// Every bootstrap flag checked, and turned into one plan, before anything is read from stdin or sent anywhere.
import type { RotationRulesType } from '@aws-sdk/client-secrets-manager';
import {
  checkScheduleExpression,
  checkWindow,
  defaultTokenLifetimeMs,
  REVOKE_PREVIOUS_MODES,
  type RevokePrevious,
  type RotationInterval,
  rotationInterval,
  tokenLifetime,
} from '../../shared/rotated-secret/index.js';
import type { VaultTarget } from '../../shared/types.js';
import { type AwsFlags, checkAwsFlags } from '../aws-flags.js';
import { CommandFailure, UsageError } from '../exit-codes.js';
import * as check from '../flags.js';
import type { CliIo } from '../io.js';
import { type CredentialFlags, type CredentialSource, credentialSource } from '../vault-credentials.js';
import { HOUR_MS } from '../../shared/time/duration.js';

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
  /** --token-lifetime as given; the lifetime itself is tokenLifetimeMs(plan, the secret's rules) once they are known. */
  readonly tokenLifetime: string | undefined;
  /** The rules given by --schedule/--window (attached with --rotation-lambda-arn, else by the stack), if any. */
  readonly rotationRules: RotationRulesType | undefined;
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
  const plan = planFromFlags(flags, io);
  // A new secret's rules are known now: refuse a lifetime they outlive before anything is read or sent. With
  // --update they may be the existing secret's, so runBootstrap checks once it has found the secret.
  if (!plan.update) tokenLifetimeMs(plan, undefined);
  return plan;
}

function planFromFlags(flags: BootstrapFlags, io: CliIo): BootstrapPlan {
  if (flags.secretName === undefined) throw new UsageError('--secret-name', 'required: the name of the secret to create');
  if (flags.vaultDns === undefined) throw new UsageError('--vault-dns', 'required: the Vault host, e.g. myvault.veevavault.com');
  checkAwsFlags(flags);
  const secretName = check.secretName(flags.secretName);
  const target = check.vaultTarget(flags.vaultDns, flags.apiVersion);
  const rotationRules = rulesFromFlags(flags);
  const rotation = rotationPlan(flags, rotationRules);
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
  return {
    secretName,
    target,
    vaultDns: flags.vaultDns,
    credentials,
    description: flags.description === undefined ? undefined : check.description(flags.description),
    kmsKeyId: flags.kmsKeyId === undefined ? undefined : check.kmsKeyId(flags.kmsKeyId),
    tags: (flags.tag ?? []).map(check.tag),
    tokenLifetime: flags.tokenLifetime,
    rotationRules,
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

/**
 * --schedule (default rate(30 days) with --rotation-lambda-arn) and --window as Secrets Manager's RotationRules.
 * Without --rotation-lambda-arn they are not attached: they say what the stack will attach, for the token lifetime.
 */
function rulesFromFlags(flags: BootstrapFlags): RotationRulesType | undefined {
  if (flags.schedule === undefined && flags.rotationLambdaArn === undefined) {
    if (flags.window !== undefined) throw new UsageError('--window', 'only with --schedule or --rotation-lambda-arn');
    return undefined;
  }
  const scheduleExpression = flags.schedule ?? DEFAULT_SCHEDULE;
  const schedule = checkScheduleExpression(scheduleExpression);
  if (!schedule.ok) throw new UsageError('--schedule', `${schedule.problem}`);
  if (flags.window !== undefined) {
    const window = checkWindow(flags.window, schedule.value);
    if (!window.ok) throw new UsageError('--window', window.problem);
  }
  return { ScheduleExpression: scheduleExpression, ...(flags.window === undefined ? {} : { Duration: flags.window }) };
}

function rotationPlan(flags: BootstrapFlags, rules: RotationRulesType | undefined): RotationPlan | undefined {
  if (flags.rotationLambdaArn === undefined || rules?.ScheduleExpression === undefined) {
    if (flags.wait !== undefined) throw new UsageError('--wait', 'only with --rotation-lambda-arn');
    return undefined;
  }
  const lambdaArn = check.lambdaArn(flags.rotationLambdaArn);
  return { lambdaArn, scheduleExpression: rules.ScheduleExpression, window: rules.Duration, waitMs: check.waitMs(flags.wait ?? DEFAULT_WAIT) };
}

/**
 * The first token's lifetime, by the rotator's own rule for the rules the secret will have: those given by the flags,
 * else the existing secret's (on --update), else none (the rotator then assumes 30 days). --token-lifetime is refused
 * (exit 2) when those rules can leave longer between two rotations, plus a margin; the default is the rotator's.
 */
export function tokenLifetimeMs(plan: BootstrapPlan, existingRules: RotationRulesType | undefined): number {
  const existing = plan.rotationRules === undefined && existingRules !== undefined;
  const measured = rotationInterval(plan.rotationRules ?? existingRules, new Date());
  if (!measured.ok) throw new CommandFailure(measured.problem);
  const interval = measured.value;
  if (plan.tokenLifetime === undefined) return defaultTokenLifetimeMs(interval);
  return outlivingLifetimeMs(plan.tokenLifetime, existing ? { ...interval, source: `the secret's rotation rules: ${interval.source}` } : interval);
}

/** The rotated secret's lifetime rule (shared/rotated-secret): a token must outlive the longest gap plus a margin. */
function outlivingLifetimeMs(text: string, interval: RotationInterval): number {
  const lifetime = tokenLifetime(check.lifetimeMs('--token-lifetime', text), interval);
  if (!lifetime.ok) {
    throw new UsageError(
      '--token-lifetime',
      `must outlive the longest time between two rotations plus a margin (${interval.source}): more than ${Math.ceil(lifetime.minimumMs / HOUR_MS)}h`,
    );
  }
  return lifetime.ms;
}
