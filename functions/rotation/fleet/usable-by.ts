// Who may use a credentials secret: its `usableBy` field, a list of secret-ARN patterns in which `*` matches any run
// of characters (none included) and `?` exactly one. The rotated secret's ARN must match one of them, or the rotation
// is refused before any Vault call. A credentials secret without the field is refused too (fail closed): it says nothing about who may
// use it, and any rotated secret can name any credentials secret the role can read.

import { RotationError } from '../errors.js';

export const USABLE_BY_FIELD = 'usableBy';

/**
 * `*` matches any run of characters (none included), `?` exactly one, everything else itself (case-sensitive, as ARNs
 * are). `?` exists because a pattern for one secret needs it: the ARN ends in a 6-character suffix, and `name-*` also
 * admits `name-evil-AbCdEf`, while `name-??????` admits only `name-` plus six characters. Secret names cannot contain
 * `*` or `?`, so neither needs an escape.
 */
export function arnPatternMatches(pattern: string, arn: string): boolean {
  // Greedy with one backtrack point (the last *): linear for patterns without *, O(pattern × arn) at worst.
  let p = 0;
  let a = 0;
  let star = -1;
  let resume = 0;
  while (a < arn.length) {
    const c = pattern[p];
    if (c !== undefined && c !== '*' && (c === '?' || c === arn[a])) {
      p += 1;
      a += 1;
    } else if (c === '*') {
      star = p;
      p += 1;
      resume = a;
    } else if (star !== -1) {
      p = star + 1;
      resume += 1;
      a = resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}

export type UsableByVerdict =
  | { readonly usable: true; readonly pattern: string }
  | { readonly usable: false; readonly reason: 'missing' | 'malformed' | 'no-match' };

/** Pure: what the credentials secret's JSON says about `rotatedSecretArn`. */
export function usableByVerdict(credentialsJson: unknown, rotatedSecretArn: string): UsableByVerdict {
  if (credentialsJson === null || typeof credentialsJson !== 'object' || Array.isArray(credentialsJson)) {
    return { usable: false, reason: 'missing' };
  }
  if (!Object.hasOwn(credentialsJson, USABLE_BY_FIELD)) return { usable: false, reason: 'missing' };
  const list = (credentialsJson as Record<string, unknown>)[USABLE_BY_FIELD];
  if (!Array.isArray(list) || list.length === 0 || !list.every((p) => typeof p === 'string' && p.trim() !== '')) {
    return { usable: false, reason: 'malformed' };
  }
  const pattern = (list as string[]).find((candidate) => arnPatternMatches(candidate.trim(), rotatedSecretArn));
  return pattern === undefined ? { usable: false, reason: 'no-match' } : { usable: true, pattern };
}

/** A credentials secret that the rotated secret may not use. Names `credentialsSecretArn`, never a value. */
export class CredentialsNotUsableError extends RotationError {
  // A literal: the deployed bundle is minified, and Lambda's errorType must still read CredentialsNotUsableError.
  override get name(): string {
    return 'CredentialsNotUsableError';
  }

  readonly field = 'credentialsSecretArn';
  readonly reason: 'missing' | 'malformed' | 'no-match';

  constructor(rotatedSecretArn: string, credentialsSecretArn: string, reason: 'missing' | 'malformed' | 'no-match') {
    const why = {
      missing: `has no "${USABLE_BY_FIELD}" field, so it may be used by no secret (add "${USABLE_BY_FIELD}": ["arn:aws:secretsmanager:REGION:ACCOUNT:secret:team-a/*"])`,
      malformed: `has a "${USABLE_BY_FIELD}" that is not a non-empty list of secret-ARN patterns (strings; * matches any run of characters, ? exactly one)`,
      'no-match': `does not list this secret in "${USABLE_BY_FIELD}" (none of its patterns matches ${rotatedSecretArn})`,
    }[reason];
    super(
      `Secret ${rotatedSecretArn} (AWSCURRENT): credentialsSecretArn: the credentials secret ${credentialsSecretArn} ${why}. Refused before any Vault call; nothing was changed.`,
    );
    this.reason = reason;
  }
}

/** Throws CredentialsNotUsableError unless the credentials secret's usableBy admits the rotated secret. */
export function assertUsableBy(
  credentialsString: string | undefined,
  credentialsSecretArn: string,
  rotatedSecretArn: string,
): void {
  let json: unknown;
  try {
    json = credentialsString === undefined ? undefined : JSON.parse(credentialsString);
  } catch {
    json = undefined;
  }
  const verdict = usableByVerdict(json, rotatedSecretArn);
  if (!verdict.usable) {
    // A value that is not JSON is left to parseCredentialsSecret, whose message says what a credentials secret holds.
    if (json === undefined || json === null || typeof json !== 'object') return;
    throw new CredentialsNotUsableError(rotatedSecretArn, credentialsSecretArn, verdict.reason);
  }
}
