// Model check of createSecret's conditional sweep (functions/rotation/revocation/when-to-sweep.ts). fast-check builds
// what earlier attempts can leave behind — tokens of versions that lost their labels (an abandoned pending version,
// with or without a stored value), dead duplicates of AWSCURRENT's and AWSPREVIOUS's names (an attempt that died after
// its mint), the retirement a failed finishSecret could not revoke — and a current value in the steady state or
// edited by hand without userId. Then one clean rotation runs, and then another. Checked:
// - createSecret makes no Vault call but the mint exactly when whySweep says the state is steady, and lists
//   otherwise;
// - after the clean rotation, AWSCURRENT works and only AWSCURRENT's and AWSPREVIOUS's tokens of this secret are
//   active, whether or not createSecret swept (finishSecret's one query revokes the rest);
// - the next rotation is steady again: its createSecret makes only the mint.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rotationTokenName, secretTokenPrefix } from '../../shared/rotated-secret/index.js';
import { VaultTransportError } from '../../shared/errors.js';
import { whySweep } from '../../functions/rotation/revocation/when-to-sweep.js';
import { STEPS, UnitWorld } from './support/unit-world.js';

const RUNS = Number(process.env.VAT_MODEL_RUNS ?? 60);

interface Leftovers {
  readonly mode: 'next-rotation' | 'immediately';
  readonly abandoned: readonly ('no value' | 'stored')[];
  readonly duplicateOfCurrent: boolean;
  readonly duplicateOfPrevious: boolean;
  readonly failedFinish: boolean;
  readonly withoutUserId: boolean;
}

const leftoversArb: fc.Arbitrary<Leftovers> = fc.record({
  mode: fc.constantFrom('next-rotation' as const, 'immediately' as const),
  abandoned: fc.array(fc.constantFrom('no value' as const, 'stored' as const), { maxLength: 2 }),
  duplicateOfCurrent: fc.boolean(),
  duplicateOfPrevious: fc.boolean(),
  failedFinish: fc.boolean(),
  withoutUserId: fc.boolean(),
});

function leaveBehind(world: UnitWorld, arn: string, leftovers: Leftovers): void {
  for (const kind of leftovers.abandoned) {
    const versionId = world.sm.newVersionId();
    const token = world.vault.issueToken(world.userId, { name: rotationTokenName(arn, versionId) });
    const value = kind === 'stored' ? JSON.stringify({ ...world.current(arn), accessToken: token.value, tokenId: token.id }) : undefined;
    world.sm.putVersion(arn, value, [], versionId);
  }
  const duplicate = (stage: string) => {
    const versionId = world.sm.versionWith(arn, stage);
    if (versionId !== undefined) world.vault.issueToken(world.userId, { name: rotationTokenName(arn, versionId) });
  };
  if (leftovers.duplicateOfCurrent) duplicate('AWSCURRENT');
  if (leftovers.duplicateOfPrevious) duplicate('AWSPREVIOUS');
  if (leftovers.withoutUserId) {
    const { userId: _userId, ...rest } = world.current(arn);
    world.sm.putVersion(arn, JSON.stringify(rest), [], world.sm.versionWith(arn, 'AWSCURRENT'));
  }
}

async function rotate(world: UnitWorld, arn: string): Promise<{ createCalls: string[]; swept: boolean }> {
  const versionId = world.sm.startRotation(arn);
  const current = world.current(arn);
  const why = whySweep({
    versionId,
    stages: world.sm.stages(arn),
    currentTokenMints: true,
    userId: current.userId,
    tokenId: current.tokenId,
  });
  const before = world.vault.calls.length;
  await world.invoke('createSecret', arn, versionId);
  const createCalls = world.vault.calls.slice(before).map((call) => call.operation);
  for (const step of STEPS.slice(1)) await world.invoke(step, arn, versionId);
  world.sm.completeRotation(arn, versionId);
  return { createCalls, swept: why !== undefined };
}

function assertAtRest(world: UnitWorld, arn: string): void {
  expect(world.vault.isAccepted(world.current(arn).accessToken ?? ''), "AWSCURRENT's token is accepted").toBe(true);
  const previous = world.sm.valueAt(arn, 'AWSPREVIOUS');
  const referenced = new Set([world.current(arn).tokenId, previous && (JSON.parse(previous) as { tokenId?: string }).tokenId]);
  const extra = world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) }).filter((t) => !referenced.has(t.id));
  expect(extra.map((t) => t.name), 'at rest only AWSCURRENT and AWSPREVIOUS tokens are active').toEqual([]);
}

describe("createSecret's conditional sweep (model-based)", () => {
  it('sweeps exactly when the state is not known, and leaves only two tokens at rest either way', async () => {
    await fc.assert(
      fc.asyncProperty(leftoversArb, async (leftovers) => {
        const world = new UnitWorld();
        const { arn } = world.bootstrap({ revokePrevious: leftovers.mode });
        await world.rotateOnce(arn);
        await world.rotateOnce(arn);
        if (leftovers.failedFinish) {
          // finishSecret's revoke fails for good: it warns, and the retired token stays active.
          world.vault.throwNext(
            'revokeTokens',
            new VaultTransportError({ operation: 'revokeTokens', message: 'injected', reason: 'network', requestSent: false }),
          );
          await world.rotateOnce(arn);
        }
        leaveBehind(world, arn, leftovers);

        const first = await rotate(world, arn);
        expect(first.swept).toBe(leftovers.withoutUserId);
        if (first.swept) expect(first.createCalls).toContain('listTokens');
        else expect(first.createCalls).toEqual(['mintToken']);
        assertAtRest(world, arn);

        const next = await rotate(world, arn);
        expect(next.swept).toBe(false);
        expect(next.createCalls).toEqual(['mintToken']);
        assertAtRest(world, arn);
        expect(world.leakedSecrets(world.logger.text())).toEqual([]);
      }),
      { seed: 20261207, numRuns: RUNS },
    );
  });
});
