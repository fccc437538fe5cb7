// Injected latency for both simulators: every request waits before it is processed, so a client on loopback pays a
// round trip as it would to a distant service. The global setTimeout is looked up per call so tests can hold the
// delay with a stub.

export function answerLatency(latencyMs: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, latencyMs);
  });
}
