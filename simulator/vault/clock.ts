// The simulated clock: it never follows the wall clock, so expiry, burst windows and session timeouts only change
// when a test (or the CLI user) says so.

export interface SimClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function createClock(startMs: number): SimClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`clock.advance: ms must be a finite number >= 0, got ${String(ms)}`);
      }
      current += ms;
    },
    set(ms: number): void {
      if (!Number.isFinite(ms)) throw new RangeError(`clock.set: ms must be a finite number, got ${String(ms)}`);
      current = ms;
    },
  };
}
