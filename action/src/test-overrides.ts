// Two knobs for the action's own tests, which run the committed bundles as child processes and cannot inject
// anything else. Both are harmless in a real job: they change only when the action thinks it is and how long it
// waits between retries.
//   VAULT_TOKEN_ACTION_TEST_NOW              an ISO-8601 time or epoch ms used as "now" (e.g. to test expired
//                                            tokens in the post step without waiting).
//   VAULT_TOKEN_ACTION_TEST_RETRY_DELAY_MS   first and maximum retry delay, so retry tests stay quick.

import type { RetryPolicy } from '../../shared/types.js';
import type { Clock, Env } from './deps.js';

export function clockFrom(env: Env): Clock {
  const fixed = env.VAULT_TOKEN_ACTION_TEST_NOW;
  if (!fixed) return () => new Date();
  const at = /^\d+$/.test(fixed) ? Number(fixed) : Date.parse(fixed);
  if (Number.isNaN(at)) throw new Error(`VAULT_TOKEN_ACTION_TEST_NOW: expected ISO-8601 or epoch ms, got "${fixed}"`);
  return () => new Date(at);
}

export function retryFrom(env: Env): Partial<RetryPolicy> | undefined {
  const delay = env.VAULT_TOKEN_ACTION_TEST_RETRY_DELAY_MS;
  if (!delay) return undefined;
  const ms = Number(delay);
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new Error(`VAULT_TOKEN_ACTION_TEST_RETRY_DELAY_MS: expected a whole number of ms, got "${delay}"`);
  }
  return { minDelayMs: ms, maxDelayMs: ms };
}
