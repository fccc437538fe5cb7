// Simulated time for the fleet run: either scaled (the simulators' clocks run `scale` times faster than real time;
// a wait of N simulated ms sleeps N / scale real ms) or manual (clocks stand still while work runs; when every
// rotation is waiting, time jumps to the earliest wake-up, which makes the tests' small fleet deterministic).

export interface SimTime {
  now(): number;
  sleep(simMs: number): Promise<void>;
  /** Manual mode: called by the harness whenever it may be idle. */
  tick(isIdle: () => boolean): void;
}

export function scaledTime(now: () => number, scale: number): SimTime {
  return {
    now,
    sleep: (simMs) => new Promise((resolve) => setTimeout(resolve, Math.max(0, simMs / scale))),
    tick: () => undefined,
  };
}

export function manualTime(clocks: readonly { now(): number; set(ms: number): void }[]): SimTime {
  const timers: { due: number; wake: () => void }[] = [];
  const now = () => clocks[0]!.now();
  let checking = false;
  return {
    now,
    sleep(simMs) {
      return new Promise((resolve) => timers.push({ due: now() + simMs, wake: resolve }));
    },
    tick(isIdle) {
      if (checking) return;
      checking = true;
      // Idle twice in a row, a macrotask apart: nothing is between two awaits of an invocation.
      setImmediate(() =>
        setImmediate(() => {
          checking = false;
          if (!isIdle() || timers.length === 0) return;
          timers.sort((a, b) => a.due - b.due);
          const due = timers[0]!.due;
          if (due > now()) for (const clock of clocks) clock.set(due);
          while (timers.length > 0 && timers[0]!.due <= now()) timers.shift()!.wake();
        }),
      );
    },
  };
}
