// simulator/holds.ts: a hold stops only the next request of its operation, only until released (or the simulator
// closes), and tells the test when that request has arrived.
import { describe, expect, it } from 'vitest';
import { createHoldBook } from '../../simulator/holds.js';

describe('holdNext', () => {
  it('holds the next request of its operation only, once, until released', async () => {
    const book = createHoldBook<'mint' | 'query'>();
    const hold = book.hold('mint');
    let arrived = false;
    void hold.arrived.then(() => (arrived = true));
    await book.pass('query'); // another operation passes at once
    await Promise.resolve();
    expect(arrived).toBe(false);
    let passed = false;
    const held = book.pass('mint').then(() => (passed = true));
    await hold.arrived;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(passed).toBe(false);
    hold.release();
    await held;
    expect(passed).toBe(true);
    await book.pass('mint'); // used up: the next one passes at once
  });

  it('releaseAll lets every held request go (the simulators call it on close)', async () => {
    const book = createHoldBook<'mint'>();
    book.hold('mint');
    const held = book.pass('mint');
    book.releaseAll();
    await expect(held).resolves.toBeUndefined();
  });
});
