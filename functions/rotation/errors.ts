// Every error the rotator itself raises, in one place. Messages are for the person on call: they say what happened,
// what was (not) changed and what to do, and pass through redaction. Each class's name is a string literal, not
// constructor.name: the deployed bundle is minified (sam build's esbuild has no keep-names), and Lambda's errorType and
// the log's errorName must still read RotationError, BurstBudgetDeferredError, … (test/functions/bundle-error-names).

import type { ParsedSecretValue, SecretValueParse } from '../../shared/rotated-secret/index.js';
import { redact } from '../../shared/redaction/redact.js';

/** The credentials secret's field listing which rotated secrets may use it (patterns of secret ARNs). */
export const USABLE_BY_FIELD = 'usableBy';

/** Retryable: Secrets Manager tries the rotation again later, and the invocation summary says "deferred". */
export type DeferralReason = 'burst-reserve' | 'auth-limit';
/** Why usableBy refused a credentials secret. */
export type UsableByRefusal = 'missing' | 'malformed' | 'no-match';
/** Why a rotation stopped, where a class has one reason (or a few) to name: the summary line's `reason`. */
export type RotationErrorReason = DeferralReason | 'host-not-allowed' | UsableByRefusal;

export function isDeferral(reason: unknown): reason is DeferralReason {
  return reason === 'burst-reserve' || reason === 'auth-limit';
}

/** A rotation cannot proceed; the message says why and what to do. */
export class RotationError extends Error {
  declare readonly reason?: RotationErrorReason;

  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options?.cause === undefined ? undefined : { cause: options.cause });
  }

  override get name(): string {
    return 'RotationError';
  }
}

/** A secret's value breaks the JSON contract. Names the field and what is expected, never the value. */
export class SecretValueError extends RotationError {
  readonly field: string;

  constructor(where: string, field: string, expectation: string) {
    super(`${where}: ${field}: ${expectation}`);
    this.field = field;
  }

  override get name(): string {
    return 'SecretValueError';
  }
}

/** The parsed value; a value the contract refuses is a SecretValueError naming `where` and the field. */
export function acceptedSecretValue(parsed: SecretValueParse, where: string): ParsedSecretValue {
  if (!parsed.ok) throw new SecretValueError(where, parsed.field, parsed.expectation);
  return parsed.value;
}

/** ALLOWED_VAULT_HOSTS holds an entry that is no host pattern; the function refuses to start. */
export class AllowedHostsError extends Error {
  constructor(entry: string, why: string) {
    super(`ALLOWED_VAULT_HOSTS: entry "${entry}" ${why}`);
  }

  override get name(): string {
    return 'AllowedHostsError';
  }
}

/** A vaultDns or parentVaultDns outside ALLOWED_VAULT_HOSTS. Names the field; nothing was contacted or changed. */
export class VaultHostNotAllowedError extends RotationError {
  override get name(): string {
    return 'VaultHostNotAllowedError';
  }

  readonly field: string;
  override readonly reason = 'host-not-allowed';

  constructor(where: string, field: string, host: string, allowed: string) {
    super(
      [
        `${where}: ${field}: ${host} is not an allowed Vault host (ALLOWED_VAULT_HOSTS: ${allowed}).`,
        'Refused before any connection; nothing was changed.',
        `Fix ${field}, or add the host to the deployment's AllowedVaultHosts.`,
      ].join(' '),
    );
    this.field = field;
  }
}

/** A deferral may come after the pre-mint sweep: it never claims that nothing changed. */
const DEFERRED_NOTHING_MINTED = [
  'No token was minted and the secret was not changed;',
  'stale tokens the revocation policy retires may already have been revoked by the sweep before the mint.',
  'Secrets Manager retries the rotation later.',
].join(' ');

/**
 * Vault refused a password sign-in: the per-user, per-minute auth limit. Retryable; nothing was minted and the secret
 * is unchanged, but a pre-mint sweep (on the current token's session) may have revoked stale tokens already.
 */
export class AuthLimitDeferredError extends RotationError {
  override get name(): string {
    return 'AuthLimitDeferredError';
  }

  readonly retryable = true;
  override readonly reason = 'auth-limit';

  constructor(host: string, cause: unknown, kind: 'password' | 'OAuth' = 'password') {
    super(
      [
        `Deferred (auth-limit): Vault ${host} refused ${kind === 'password' ? 'a password' : 'an OAuth'} sign-in with API_LIMIT_EXCEEDED`,
        '(the per-user, per-minute auth limit).',
        DEFERRED_NOTHING_MINTED,
      ].join(' '),
      { cause },
    );
  }
}

/**
 * A rotation deferred to keep Vault's reserve: retryable, nothing minted, the secret unchanged. Not "nothing
 * changed": the budget is checked before every call until the mint, so the pre-mint sweep may have revoked stale
 * tokens already (tokens the policy retires anyway; the retry does not need them).
 */
export class BurstBudgetDeferredError extends RotationError {
  override get name(): string {
    return 'BurstBudgetDeferredError';
  }

  readonly retryable = true;
  override readonly reason = 'burst-reserve';

  constructor(host: string, budget: { readonly remaining: number; readonly reserve: number }, limit: number, percent: number) {
    super(
      [
        `Deferred (burst-reserve): Vault ${host} has about ${budget.remaining} of ${limit} API calls left in its`,
        `5-minute burst window, and this function keeps ${budget.reserve} (${percent} %, VAULT_BURST_RESERVE_PERCENT)`,
        "for the organisation's other integrations.",
        DEFERRED_NOTHING_MINTED,
      ].join(' '),
    );
  }
}

/** A credentials secret that the rotated secret may not use. Names `credentialsSecretArn`, never a value. */
export class CredentialsNotUsableError extends RotationError {
  override get name(): string {
    return 'CredentialsNotUsableError';
  }

  readonly field = 'credentialsSecretArn';
  override readonly reason: UsableByRefusal;

  constructor(rotatedSecretArn: string, credentialsSecretArn: string, reason: UsableByRefusal) {
    const why = {
      missing: [
        `has no "${USABLE_BY_FIELD}" field, so it may be used by no secret`,
        `(add "${USABLE_BY_FIELD}": ["arn:aws:secretsmanager:REGION:ACCOUNT:secret:team-a/*"])`,
      ].join(' '),
      malformed: [
        `has a "${USABLE_BY_FIELD}" that is not a non-empty list of secret-ARN patterns`,
        '(strings; * matches any run of characters, ? exactly one)',
      ].join(' '),
      'no-match': `does not list this secret in "${USABLE_BY_FIELD}" (none of its patterns matches ${rotatedSecretArn})`,
    }[reason];
    super(
      [
        `Secret ${rotatedSecretArn} (AWSCURRENT): credentialsSecretArn: the credentials secret ${credentialsSecretArn} ${why}.`,
        'Refused before any Vault call; nothing was changed.',
      ].join(' '),
    );
    this.reason = reason;
  }
}
