import { describe, expect, it } from 'vitest';
import { secretTokenPrefix } from '../../shared/rotated-secret/index.js';
import { UnitWorld } from './support/unit-world.js';

describe('whole rotations (fakes)', () => {
  it('five rotations in a row keep at most three tokens and the current one valid', async () => {
    const world = new UnitWorld();
    const { arn, token } = world.bootstrap();
    const seen: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      await world.rotateOnce(arn);
      const current = world.current(arn);
      seen.push(current.tokenId!);
      expect(world.vault.isAccepted(current.accessToken!)).toBe(true);
      expect(world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) }).length).toBeLessThanOrEqual(3);
    }
    expect(new Set(seen).size).toBe(5);
    // The bootstrap token was made in the Vault UI: not the rotator's to revoke.
    expect(world.vault.isAccepted(token.value)).toBe(true);
    expect(world.leakedSecrets(world.logger.text())).toEqual([]);
  });

  it.each([
    ['next-rotation', 14],
    ['never', 13],
  ])('a steady-state rotation (%s) makes at most %d calls', async (mode, budget) => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ revokePrevious: mode });
    for (let i = 0; i < 3; i += 1) await world.rotateOnce(arn);
    const sm = world.sm.calls.length;
    const vault = world.vault.calls.length;
    await world.rotateOnce(arn);
    expect(world.sm.calls.length - sm + world.vault.calls.length - vault).toBeLessThanOrEqual(budget);
  });

  it('a steady-state rotation (immediately) makes at most 15 calls', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ revokePrevious: 'immediately' });
    for (let i = 0; i < 3; i += 1) await world.rotateOnce(arn);
    const before = world.sm.calls.length + world.vault.calls.length;
    await world.rotateOnce(arn);
    expect(world.sm.calls.length + world.vault.calls.length - before).toBeLessThanOrEqual(15);
  });
});
