// Holds the simulators' injected-latency timers so latency tests count them instead of waiting (nothing is timed).
import { vi } from 'vitest';

/** A length nothing else in a test process uses, so only the simulators' latency timers are held. */
export const LATENCY_MS = 4321;

/** Stubs setTimeout: timers of LATENCY_MS are held until release(); every other timer runs as usual. */
export function holdLatencyTimers() {
  const realSetTimeout = globalThis.setTimeout as (...args: unknown[]) => ReturnType<typeof setTimeout>;
  const held: (() => void)[] = [];
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number, ...args: unknown[]) => {
    if (ms !== LATENCY_MS) return realSetTimeout(callback, ms, ...args);
    held.push(callback);
    return realSetTimeout(() => undefined, 0);
  }) as typeof setTimeout);
  return {
    get count() {
      return held.length;
    },
    release() {
      for (const callback of held.splice(0)) callback();
    },
  };
}
