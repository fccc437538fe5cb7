// Tuning from the environment. Production leaves these unset. Tests set short delays so failure paths run quickly:
// VAT_RETRY_BASE_MS      first retry delay of Vault calls and of testSecret's propagation retries (ms)
// VAT_REQUEST_TIMEOUT_MS per-request timeout of Vault calls (ms)

import type { RotationTuning } from './context.js';

const DEFAULT_PROPAGATION_DELAY_MS = 2000;
const PROPAGATION_ATTEMPTS = 3;

export function tuningFromEnvironment(env: Readonly<Record<string, string | undefined>>): RotationTuning {
  const retryBaseMs = positiveInteger(env.VAT_RETRY_BASE_MS);
  return {
    vaultRetry: retryBaseMs === undefined ? undefined : { minDelayMs: retryBaseMs, maxDelayMs: retryBaseMs * 8 },
    requestTimeoutMs: positiveInteger(env.VAT_REQUEST_TIMEOUT_MS),
    propagationAttempts: PROPAGATION_ATTEMPTS,
    propagationDelayMs: retryBaseMs ?? DEFAULT_PROPAGATION_DELAY_MS,
  };
}

function positiveInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  const value = Number(text);
  return value > 0 ? value : undefined;
}
