import { describe, expect, it } from 'vitest';
import { rotate } from '../../functions/rotation/handler.js';
import { rotationTokenName } from '../../shared/rotated-secret/index.js';
import type { RotationEvent } from '../../functions/rotation/context.js';
import type { Context } from 'aws-lambda';
import type { VaultSession } from '../../shared/types.js';
import { STEPS, UnitWorld } from './support/unit-world.js';

async function throughTest(world: UnitWorld, arn: string) {
  const versionId = world.sm.startRotation(arn);
  for (const step of STEPS.slice(0, 3)) await world.invoke(step, arn, versionId);
  return versionId;
}

describe('finishSecret', () => {
  it('refuses a version createSecret never filled with the documented message, leaving AWSCURRENT where it is', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const current = world.sm.versionWith(arn, 'AWSCURRENT');
    const versionId = world.sm.startRotation(arn);
    const error = (await world.invoke('finishSecret', arn, versionId).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(`finishSecret: version ${versionId} of secret ${arn} holds no accessToken; it is not made AWSCURRENT.`);
    expect(world.sm.versionWith(arn, 'AWSCURRENT')).toBe(current);
    expect(world.sm.callsTo('UpdateSecretVersionStage')).toEqual([]);
  });

  it('moves AWSCURRENT and leaves the previous token valid (next-rotation)', async () => {
    const world = new UnitWorld();
    const { arn, token } = world.bootstrap();
    const old = world.sm.versionWith(arn, 'AWSCURRENT');
    const versionId = await throughTest(world, arn);
    await world.invoke('finishSecret', arn, versionId);
    expect(world.sm.stages(arn)[versionId]).toEqual(expect.arrayContaining(['AWSCURRENT']));
    expect(world.sm.stages(arn)[old!]).toEqual(['AWSPREVIOUS']);
    expect(world.sm.callsTo('UpdateSecretVersionStage')[0]?.input).toMatchObject({
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: versionId,
      RemoveFromVersionId: old,
    });
    expect(world.vault.isAccepted(token.value)).toBe(true);
  });

  it('keeps the token of a rotation that started after the move (its version is not in the DescribeSecret it judged by)', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ revokePrevious: 'immediately' });
    const versionId = await throughTest(world, arn);
    let newer: { active: boolean } | undefined;
    const handler = rotate({
      ...world.deps,
      openVaultSession: async (options, credentials) => {
        const session = await world.vault.openVaultSession(options, credentials);
        // Between the AWSCURRENT move and the listing: the service ends this rotation and a RotateSecret starts
        // the next, whose createSecret mints under the new version's name.
        const listTokens: VaultSession['listTokens'] = (filter, o) => {
          if (newer === undefined && world.sm.versionWith(arn, 'AWSCURRENT') === versionId) {
            world.sm.completeRotation(arn, versionId);
            const next = world.sm.startRotation(arn);
            newer = world.vault.issueToken(world.userId, { name: rotationTokenName(arn, next) });
          }
          return session.listTokens(filter, o);
        };
        return { ...session, listTokens };
      },
    });
    const event = { Step: 'finishSecret', SecretId: arn, ClientRequestToken: versionId } as RotationEvent;
    await handler(event, {} as Context, { signal: new AbortController().signal });
    expect(newer).toBeDefined();
    expect(newer?.active).toBe(true);
  });

  it('returns early when retried after the move', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const versionId = await throughTest(world, arn);
    await world.invoke('finishSecret', arn, versionId);
    await world.invoke('finishSecret', arn, versionId);
    expect(world.sm.callsTo('UpdateSecretVersionStage')).toHaveLength(1);
  });

  it('revokes the previous token right after the move (immediately)', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ revokePrevious: 'immediately' });
    await world.rotateOnce(arn);
    const previous = world.current(arn);
    const versionId = await throughTest(world, arn);
    await world.invoke('finishSecret', arn, versionId);
    expect(world.vault.isAccepted(previous.accessToken!)).toBe(false);
    expect(world.vault.isAccepted(world.current(arn).accessToken!)).toBe(true);
  });

  it('only warns when the immediate revoke fails; the next rotation revokes that token', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ revokePrevious: 'immediately' });
    await world.rotateOnce(arn);
    const previous = world.current(arn);
    const versionId = await throughTest(world, arn);
    world.vault.injectFault('revokeTokens', { type: 'transport' });
    await world.invoke('finishSecret', arn, versionId);
    expect(world.sm.versionWith(arn, 'AWSCURRENT')).toBe(versionId);
    expect(world.logger.messages('warn')).toContain(
      'finishSecret: could not revoke the tokens this rotation retired now; the next finishSecret revokes them (they are no longer referenced)',
    );
    expect(world.vault.isAccepted(previous.accessToken!)).toBe(true);
    world.sm.completeRotation(arn, versionId);
    await world.rotateOnce(arn);
    expect(world.vault.isAccepted(previous.accessToken!)).toBe(false);
  });

  it('never revokes in never mode', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ revokePrevious: 'never' });
    await world.rotateOnce(arn);
    const previous = world.current(arn);
    await world.rotateOnce(arn);
    await world.rotateOnce(arn);
    expect(world.vault.isAccepted(previous.accessToken!)).toBe(true);
    expect(world.vault.callsTo('revokeTokens')).toEqual([]);
  });

  it('fails without moving anything when UpdateSecretVersionStage fails', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const old = world.sm.versionWith(arn, 'AWSCURRENT');
    const versionId = await throughTest(world, arn);
    world.sm.injectFault('UpdateSecretVersionStage');
    await expect(world.invoke('finishSecret', arn, versionId)).rejects.toThrow(/injected fault/);
    expect(world.sm.versionWith(arn, 'AWSCURRENT')).toBe(old);
    await world.invoke('finishSecret', arn, versionId);
    expect(world.sm.versionWith(arn, 'AWSCURRENT')).toBe(versionId);
  });
});
