// A simulated clock that does not depend on the machine's load (issue 18). Computation takes no simulated time;
// only waits do: the simulators' latency and burst delays (parkedSleep), Secrets Manager's retry back-off, Lambda's
// and Secrets Manager's reattempts, the modelled CPU of each invocation (sleep). Time jumps to the earliest wake-up
// once nothing can happen before it, that is when every request a client has sent (begin) is waiting inside a
// simulator (parkedSleep), and that still holds a full turn of the event loop later (I/O, microtasks and immediates
// of that turn done). The outcome then depends on the order of events, not on how fast the machine runs them. Wake-ups
// due at the same moment go in the order of a key the caller gives (a request carries its client's key in the
// ORDER_HEADER), not in the order the machine happened to deliver them, so that two runs take the same path.

import type { IncomingHttpHeaders } from 'node:http';

/** The header a counted client puts on each request: its ordering key (`orderKey`). */
export const ORDER_HEADER = 'x-simulated-order';

/** A sortable key: who (a client or rotation number) and its n-th wait or request. */
export function orderKey(who: number, nth: number): string {
  return `${String(who).padStart(6, '0')}:${String(nth).padStart(9, '0')}`;
}

interface Timer {
  readonly due: number;
  readonly key: string;
  readonly seq: number;
  readonly wake: () => void;
}

export interface ClockSink {
  set(ms: number): void;
}

export class VirtualTime {
  #now: number;
  #seq = 0;
  readonly #timers: Timer[] = [];
  #open = 0;
  #parked = 0;
  #progress = 0;
  #seen = -1;
  #quietTurns = 0;
  #scheduled = false;
  #running = false;
  readonly #clocks: ClockSink[] = [];
  /** How many times time moved; how often the watchdog had to move it (should stay 0). */
  advances = 0;
  stalls = 0;

  constructor(startMs: number) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** Clocks (the Vault simulators') set to this time whenever it moves. */
  follow(clock: ClockSink): void {
    clock.set(this.#now);
    this.#clocks.push(clock);
  }

  /** A wait of `ms` simulated ms that is not a request inside a simulator; `key` orders equal wake-ups. */
  sleep(ms: number, key = ''): Promise<void> {
    return this.#timer(ms, false, key);
  }

  /** A request waiting inside a simulator (latency, burst delay): the client that sent it counts it as open. */
  parkedSleep = (ms: number, headers?: IncomingHttpHeaders): Promise<void> => {
    const key = headers?.[ORDER_HEADER];
    return this.#timer(ms, true, typeof key === 'string' ? key : '');
  };

  /** A client sent a request; call the result when its answer has been read. */
  begin(): () => void {
    this.#open += 1;
    this.#poke();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#open -= 1;
      this.#poke();
    };
  }

  /** fetch for client `who`: counted from the call until the whole body has been read, and ordered by `who`. */
  fetchFor(who: number): typeof fetch {
    let nth = 0;
    return (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set(ORDER_HEADER, orderKey(who, (nth += 1)));
      return this.#fetch(input, { ...init, headers });
    };
  }

  readonly #fetch: typeof fetch = async (input, init) => {
    const end = this.begin();
    try {
      const response = await fetch(input, init);
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      end();
    }
  };

  /** Runs the scheduler until the returned stop() is called. */
  start(): () => void {
    this.#running = true;
    let lastProgress = this.#progress;
    let lastProgressAt = Date.now();
    // A request that never parks (a real timer somewhere) would hold time still for ever: move on, and count it.
    const watchdog = setInterval(() => {
      if (this.#progress !== lastProgress) {
        lastProgress = this.#progress;
        lastProgressAt = Date.now();
      } else if (this.#timers.length > 0 && Date.now() - lastProgressAt > 10_000) {
        this.stalls += 1;
        lastProgressAt = Date.now();
        this.#advance();
      }
    }, 1000);
    this.#poke();
    return () => {
      this.#running = false;
      clearInterval(watchdog);
    };
  }

  /** Something happened: look again on the next turn of the event loop (once, however many things happened). */
  #poke(): void {
    this.#progress += 1;
    if (this.#scheduled || !this.#running) return;
    this.#scheduled = true;
    setImmediate(this.#check);
  }

  readonly #check = (): void => {
    this.#scheduled = false;
    if (!this.#running) return;
    if (this.#progress !== this.#seen) {
      this.#seen = this.#progress;
      this.#quietTurns = 0;
    } else if (this.#timers.length > 0 && this.#open === this.#parked) {
      this.#quietTurns += 1;
      if (this.#quietTurns >= 2) {
        this.#quietTurns = 0;
        this.#advance();
        return;
      }
    } else {
      // Requests in flight: their next step (parked or answered) pokes.
      return;
    }
    this.#scheduled = true;
    setImmediate(this.#check);
  };

  #timer(ms: number, parked: boolean, key: string): Promise<void> {
    return new Promise((resolve) => {
      const timer: Timer = {
        due: this.#now + Math.max(0, ms),
        key,
        seq: (this.#seq += 1),
        wake: () => {
          if (parked) this.#parked -= 1;
          resolve();
        },
      };
      if (parked) this.#parked += 1;
      this.#poke();
      // Sorted by (due, key, seq): equal wake-ups go by key, then in the order they were asked for.
      let at = this.#timers.length;
      while (at > 0 && later(this.#timers[at - 1]!, timer)) at -= 1;
      this.#timers.splice(at, 0, timer);
    });
  }

  #advance(): void {
    const first = this.#timers[0];
    if (first === undefined) return;
    if (first.due > this.#now) {
      this.#now = first.due;
      for (const clock of this.#clocks) clock.set(this.#now);
    }
    this.advances += 1;
    this.#poke();
    while (this.#timers.length > 0 && this.#timers[0]!.due <= this.#now) this.#timers.shift()!.wake();
  }
}

function later(a: Timer, b: Timer): boolean {
  if (a.due !== b.due) return a.due > b.due;
  if (a.key !== b.key) return a.key > b.key;
  return a.seq > b.seq;
}
