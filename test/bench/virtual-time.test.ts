// The fleet benchmark's simulated clock (bench/fleet/virtual-time.ts): computation takes no simulated time, waits
// do, and time moves only once every request in flight is waiting inside a simulator, whatever the real delays are.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualTime } from '../../bench/fleet/virtual-time.js';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('the simulated clock', () => {
  it('wakes sleepers in order of due time, then of asking, and moves the clocks that follow it', async () => {
    const time = new VirtualTime(1_000);
    const followed: number[] = [];
    time.follow({ set: (ms) => followed.push(ms) });
    stop = time.start();
    const woke: string[] = [];
    await Promise.all([
      time.sleep(300).then(() => woke.push(`a@${time.now()}`)),
      time.sleep(100).then(() => woke.push(`b@${time.now()}`)),
      time.sleep(100).then(() => woke.push(`c@${time.now()}`)),
      time.sleep(0).then(() => woke.push(`d@${time.now()}`)),
    ]);
    expect(woke).toEqual(['d@1000', 'b@1100', 'c@1100', 'a@1300']);
    expect(followed).toEqual([1000, 1100, 1300]);
    expect(time.stalls).toBe(0);
  });

  it('holds time while a request travels, and counts a parked wait inside the server as waiting', async () => {
    const time = new VirtualTime(0);
    stop = time.start();
    // A server that first does real work (20 ms of real time, no simulated time), then waits 500 simulated ms.
    const server = createServer((req, res) => {
      setTimeout(() => {
        void time.parkedSleep(500).then(() => res.end(String(time.now())));
      }, 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      // Meanwhile a plain sleeper wants to wake at 100: it must not, before the request is parked at 0.
      const sleeper = time.sleep(100).then(() => time.now());
      const answered = await (await time.fetchFor(1)(url)).text();
      expect(await sleeper).toBe(100);
      expect(Number(answered)).toBe(500);
      expect(time.now()).toBe(500);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
