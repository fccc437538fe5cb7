// A cancelled job: the runner sends SIGINT, then SIGTERM 7.5 s later, then kills the process 2.5 s after that
// (actions/runner ProcessInvoker). Node's default for either signal is to die at once, which would leave a token
// minted in that instant valid and unknown to the post step. Instead the main step keeps running: it sends nothing
// new, lets a mint already in flight finish for a few seconds (or abandons it, then looks for the token by name),
// revokes what it minted, and stops its cleanup before the kill.

import type { Cancellation } from '../deps.js';

/** After SIGINT, how long a mint already sent may still answer. */
export const FINISH_MS = 3_000;
/** After SIGINT, when cleanup stops: SIGTERM comes at 7.5 s and the kill at 10 s. */
export const CLEANUP_MS = 9_000;
/** After SIGTERM, when cleanup stops: the kill comes 2.5 s later. */
export const SIGTERM_CLEANUP_MS = 2_000;

export type SignalSource = Pick<NodeJS.Process, 'on' | 'off'>;

export function watchCancellation(source: SignalSource, onSignal: (signal: NodeJS.Signals) => void): Cancellation {
  const beforeMint = new AbortController();
  const mint = new AbortController();
  const cleanup = new AbortController();
  const timers: NodeJS.Timeout[] = [];
  let first: NodeJS.Signals | undefined;
  const later = (ms: number, controller: AbortController, reason: string) => {
    const timer = setTimeout(() => controller.abort(new Error(reason)), ms);
    timer.unref();
    timers.push(timer);
  };
  const handle = (signal: NodeJS.Signals) => {
    const isFirst = first === undefined;
    first ??= signal;
    if (isFirst) onSignal(signal);
    beforeMint.abort(new Error(`cancelled (${signal})`));
    if (signal === 'SIGTERM') {
      mint.abort(new Error('cancelled (SIGTERM)'));
      later(SIGTERM_CLEANUP_MS, cleanup, 'cancelled (SIGTERM): no time left');
    } else if (isFirst) {
      later(FINISH_MS, mint, `cancelled (${signal}): no answer within ${FINISH_MS / 1000} s`);
      later(CLEANUP_MS, cleanup, `cancelled (${signal}): no time left`);
    }
  };
  const onInt = () => handle('SIGINT');
  const onTerm = () => handle('SIGTERM');
  source.on('SIGINT', onInt);
  source.on('SIGTERM', onTerm);
  return {
    get signal() {
      return first;
    },
    beforeMint: beforeMint.signal,
    mint: mint.signal,
    cleanup: cleanup.signal,
    dispose() {
      for (const timer of timers) clearTimeout(timer);
      source.off('SIGINT', onInt);
      source.off('SIGTERM', onTerm);
    },
  };
}

/** For callers that are never cancelled (tests of the logic, the post step). */
export function neverCancelled(): Cancellation {
  const never = new AbortController().signal;
  return { signal: undefined, beforeMint: never, mint: never, cleanup: never, dispose: () => undefined };
}
