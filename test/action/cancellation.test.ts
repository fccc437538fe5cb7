// The phases of a cancelled main step (action/src/mint/cancellation.ts), in-process with fake timers: the bundle tests
// (main-revokes-itself.test.ts) show the outcome under the runner model; these pin which signal ends which phase.

import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLEANUP_MS, FINISH_MS, SIGTERM_CLEANUP_MS, watchCancellation } from '../../action/src/mint/cancellation.js';

describe('watchCancellation', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const source = () => new EventEmitter() as unknown as Pick<NodeJS.Process, 'on' | 'off'> & EventEmitter;

  it('SIGINT: stops new work at once, gives a mint in flight FINISH_MS, and cleanup until CLEANUP_MS', () => {
    const emitter = source();
    const seen: string[] = [];
    const cancellation = watchCancellation(emitter, (signal) => seen.push(signal));
    expect(cancellation.signal).toBeUndefined();
    emitter.emit('SIGINT');
    expect(seen).toEqual(['SIGINT']);
    expect(cancellation.signal).toBe('SIGINT');
    expect([cancellation.beforeMint.aborted, cancellation.mint.aborted, cancellation.cleanup.aborted]).toEqual([
      true,
      false,
      false,
    ]);
    vi.advanceTimersByTime(FINISH_MS);
    expect([cancellation.mint.aborted, cancellation.cleanup.aborted]).toEqual([true, false]);
    vi.advanceTimersByTime(CLEANUP_MS - FINISH_MS);
    expect(cancellation.cleanup.aborted).toBe(true);
    // The runner's SIGTERM comes 7.5 s after SIGINT and its kill 2.5 s later: cleanup ends before the kill.
    expect(CLEANUP_MS).toBeLessThan(10_000);
    cancellation.dispose();
  });

  it('SIGTERM after SIGINT: the mint is abandoned at once, cleanup gets SIGTERM_CLEANUP_MS at most', () => {
    const emitter = source();
    const cancellation = watchCancellation(emitter, () => undefined);
    emitter.emit('SIGINT');
    vi.advanceTimersByTime(1_000);
    emitter.emit('SIGTERM');
    expect(cancellation.signal).toBe('SIGINT');
    expect(cancellation.mint.aborted).toBe(true);
    vi.advanceTimersByTime(SIGTERM_CLEANUP_MS);
    expect(cancellation.cleanup.aborted).toBe(true);
    cancellation.dispose();
  });

  it('dispose removes the handlers, so a later signal gets Node’s default again', () => {
    const emitter = source();
    const cancellation = watchCancellation(emitter, () => undefined);
    expect(emitter.listenerCount('SIGINT')).toBe(1);
    cancellation.dispose();
    expect(emitter.listenerCount('SIGINT') + emitter.listenerCount('SIGTERM')).toBe(0);
  });
});
