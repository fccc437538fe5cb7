// Who may use a credentials secret: its `usableBy` field, a list of secret-ARN patterns in which `*` matches any run
// of characters (none included) and `?` exactly one. The rotated secret's ARN must match one of them, or the rotation
// is refused before any Vault call. A credentials secret without the field is refused too (fail closed): it says nothing about who may
// use it, and any rotated secret can name any credentials secret the role can read.

import { CredentialsNotUsableError, USABLE_BY_FIELD, type UsableByRefusal } from '../errors.js';

export { USABLE_BY_FIELD };

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
  | { readonly usable: false; readonly reason: UsableByRefusal };

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
