// Injected latency: every request waits before it is processed, so a client on loopback pays a round trip as it would
// to the real service. The global setTimeout is looked up per call so tests can hold the delay with a stub.

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

export function answerLatency(latencyMs: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, latencyMs);
  });
}
