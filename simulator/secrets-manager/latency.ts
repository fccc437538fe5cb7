// The stand-in's latencyMs option (the delay itself is simulator/latency.ts, shared with the Vault simulator).

const MAX_LATENCY_MS = 60_000;

/** The option checked once at start: a whole number of ms, 0 (the default) for none. */
export function latencyOption(latencyMs: unknown): number {
  if (latencyMs === undefined) return 0;
  if (typeof latencyMs !== 'number' || !Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
    throw new TypeError(
      `Secrets Manager stand-in option latencyMs: expected a whole number of milliseconds from 0 to ${MAX_LATENCY_MS}, got ${String(latencyMs)}`,
    );
  }
  return latencyMs;
}
