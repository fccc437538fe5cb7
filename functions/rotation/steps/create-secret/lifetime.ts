// The lifetime one mint asks for: the rotated secret's rule (shared/rotated-secret, "lifetime"), refused as bad input
// before any Vault call when the secret configures too short a lifetime, plus the one shorter lifetime the mint may
// fall back to when Vault refuses the default.

import type { RotationRulesType } from '@aws-sdk/client-secrets-manager';
import { rotationInterval, type RotationInterval, tokenLifetime } from '../../../../shared/rotated-secret/index.js';
import { DAY_MS, HOUR_MS } from '../../../../shared/time/duration.js';
import { RotationError, SecretValueError } from '../../errors.js';

/**
 * Vault's getting-started page says a token "may be valid for up to 90 days" (an inferred cap, docs/assumptions.md):
 * when Vault refuses the DEFAULT lifetime, one more mint is tried with this, if it still outlives the schedule.
 */
export const PROFILE_CAP_FALLBACK_MS = 90 * DAY_MS;

export interface MintLifetime {
  readonly ms: number;
  /** tokenLifetime was set: it is never shortened behind the operator's back. */
  readonly configured: boolean;
  /** A token must live longer than this (the interval plus the margin). */
  readonly minimumMs: number;
  /** The schedule, as the messages name it. */
  readonly source: string;
  /** The one shorter lifetime to try when Vault refuses `ms` (default lifetimes only), if any outlives the minimum. */
  readonly fallbackMs: number | undefined;
}

/** The lifetime to mint with; a configured one that does not outlive the schedule is a SecretValueError. */
export function mintLifetime(
  configuredMs: number | undefined,
  rules: RotationRulesType | undefined,
  now: Date,
  where: string,
): MintLifetime {
  const interval = rotationInterval(rules, now);
  if (!interval.ok) throw new RotationError(interval.problem);
  const { source } = interval.value;
  const lifetime = tokenLifetime(configuredMs, interval.value);
  if (!lifetime.ok) throw new SecretValueError(where, 'tokenLifetime', tooShort(interval.value, lifetime));
  const { ms, configured, minimumMs } = lifetime;
  const fallbackUsable = !configured && ms > PROFILE_CAP_FALLBACK_MS && PROFILE_CAP_FALLBACK_MS > minimumMs;
  return { ms, configured, minimumMs, source, fallbackMs: fallbackUsable ? PROFILE_CAP_FALLBACK_MS : undefined };
}

function tooShort(interval: RotationInterval, lifetime: { minimumMs: number; defaultMs: number }): string {
  return [
    'must outlive the longest time between two rotations plus a margin:',
    `the schedule ${interval.source} can leave up to ${hoursText(interval.ms)} between rotations,`,
    `so expected more than ${hoursText(lifetime.minimumMs)}`,
    `(or leave tokenLifetime out for the default, ${hoursText(lifetime.defaultMs)})`,
  ].join(' ');
}

/** Vault refused every lifetime tried with OPERATION_NOT_ALLOWED while the token cap was not the reason. */
export function lifetimeRefusedError(lifetime: MintLifetime, vaultDns: string, cause: unknown): RotationError {
  const tried = [lifetime.ms, ...(lifetime.fallbackMs === undefined ? [] : [lifetime.fallbackMs])].map(hoursText);
  const what = lifetime.configured ? `tokenLifetime ${tried[0]}` : `the default lifetime ${tried.join(', then ')}`;
  return new RotationError(
    [
      `Vault ${vaultDns} refused to mint a token with ${what}`,
      '(OPERATION_NOT_ALLOWED, and not for the token cap as far as the rotator can tell):',
      "most likely the Vault user's security profile allows shorter API access token lifetimes (often 90 days).",
      'Nothing was minted and the secret is unchanged.',
      `The schedule ${lifetime.source} needs tokens that live more than ${hoursText(lifetime.minimumMs)}:`,
      'set tokenLifetime in the secret to a lifetime the profile allows that is longer than that, or, if the profile',
      "allows none, rotate more often (RotationRules) or raise the profile's limit; then rotate again.",
    ].join(' '),
    { cause },
  );
}

function hoursText(ms: number): string {
  const hours = Math.ceil(ms / HOUR_MS);
  return hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`;
}
