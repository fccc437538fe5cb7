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

  // The goal: at most 4 Vault calls per steady-state rotation (createSecret mints without a sweep; see
  // functions/rotation/revocation/when-to-sweep.ts). Secrets Manager: 9 calls in every mode.
  it.each([
    ['next-rotation', ['mintToken', 'whoAmI', 'listTokens', 'revokeTokens']],
    ['immediately', ['mintToken', 'whoAmI', 'listTokens', 'revokeTokens']],
    ['never', ['mintToken', 'whoAmI', 'listTokens']],
  ])('a steady-state rotation (%s) makes 9 Secrets Manager calls and the Vault calls %j', async (mode, vaultCalls) => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ revokePrevious: mode });
    for (let i = 0; i < 3; i += 1) await world.rotateOnce(arn);
    const sm = world.sm.calls.length;
    const vault = world.vault.calls.length;
    await world.rotateOnce(arn);
    expect(world.sm.calls.length - sm).toBe(9);
    expect(world.vault.calls.slice(vault).map((call) => call.operation)).toEqual(vaultCalls);
  });
});
