// Holds for both simulators: a test arms one for the next request of an operation; that request waits, after it has
// arrived and before it is processed, until the test releases it. So a test can act (signal a client process, say)
// while a given call is in flight, without timing guesses. Closing the simulator releases every hold.

export interface Hold {
  /** Settles when the held request has arrived (and is waiting). */
  readonly arrived: Promise<void>;
  /** Lets the request be processed as usual. */
  release(): void;
}

export interface HoldBook<Operation extends string> {
  hold(operation: Operation): Hold;
  /** Called by the server for each request: waits while a hold armed for this operation is not released. */
  pass(operation: Operation): Promise<void>;
  releaseAll(): void;
}

interface Armed<Operation> {
  readonly operation: Operation;
  readonly reached: () => void;
  readonly released: Promise<void>;
  readonly release: () => void;
  taken: boolean;
}

export function createHoldBook<Operation extends string>(): HoldBook<Operation> {
  const armed: Armed<Operation>[] = [];
  return {
    hold(operation) {
      let reached!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (reached = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      armed.push({ operation, reached, released, release, taken: false });
      return { arrived, release };
    },
    async pass(operation) {
      const entry = armed.find((a) => a.operation === operation && !a.taken);
      if (entry === undefined) return;
      entry.taken = true;
      entry.reached();
      await entry.released;
      armed.splice(armed.indexOf(entry), 1);
    },
    releaseAll() {
      for (const entry of armed) entry.release();
    },
  };
}
