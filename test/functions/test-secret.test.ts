import { describe, expect, it } from 'vitest';
import { VaultUserMismatchError } from '../../shared/errors.js';
import { UnitWorld } from './support/unit-world.js';

async function created(world: UnitWorld, extra: Record<string, unknown> = {}) {
  const { arn } = world.bootstrap(extra);
  const versionId = world.sm.startRotation(arn);
  await world.invoke('createSecret', arn, versionId);
  return { arn, versionId };
}

describe('testSecret', () => {
  it('a pending version whose token was revoked is not stuck: AWSPENDING comes off, the next rotation recovers', async () => {
    const world = new UnitWorld();
    const { arn, versionId } = await created(world);
    const dead = JSON.parse(world.sm.valueAt(arn, 'AWSPENDING')!) as { tokenId: string };
    world.vault.tokens.find((t) => t.id === dead.tokenId)!.active = false;
    await expect(world.invoke('testSecret', arn, versionId)).rejects.toThrow(
      /does not accept the pending token .* AWSPENDING was removed from that version/,
    );
    expect(world.sm.versionWith(arn, 'AWSPENDING')).toBeUndefined();
    // The service's reattempt of that version is refused at once; the next rotation starts afresh and succeeds.
    await expect(world.invoke('createSecret', arn, versionId)).rejects.toThrow(/not set as AWSPENDING|has no stage for rotation/); // an unlabelled version: DescribeSecret no longer lists it
    const next = await world.rotateOnce(arn);
    expect(world.sm.versionWith(arn, 'AWSCURRENT')).toBe(next);
    expect(world.vault.isAccepted(world.current(arn).accessToken!)).toBe(true);
  });

  it('validates the pending token as the expected user', async () => {
    const world = new UnitWorld();
    const { arn, versionId } = await created(world);
    await world.invoke('testSecret', arn, versionId);
    const whoAmI = world.vault.callsTo('whoAmI');
    expect(whoAmI.at(-1)).toMatchObject({ vault: 'main', credential: 'token' });
    expect(world.logger.messages()).toContain('testSecret: the pending token works');
  });

  it('retries while the new token propagates, then succeeds', async () => {
    const world = new UnitWorld();
    const { arn, versionId } = await created(world);
    world.vault.injectFault('whoAmI', { type: 'vault-error', errorType: 'INVALID_SESSION_ID' }, 2);
    await world.invoke('testSecret', arn, versionId);
    expect(world.vault.callsTo('whoAmI').length).toBeGreaterThanOrEqual(3);
  });

  it('gives up after the bounded retries and throws', async () => {
    const world = new UnitWorld();
    const { arn, versionId } = await created(world);
    world.vault.injectFault('whoAmI', { type: 'vault-error', errorType: 'INVALID_SESSION_ID' }, 10);
    const before = world.vault.callsTo('whoAmI').length;
    await expect(world.invoke('testSecret', arn, versionId)).rejects.toThrow(/does not accept the pending token/);
    expect(world.vault.callsTo('whoAmI').length - before).toBe(3);
  });

  it('does not retry other failures', async () => {
    const world = new UnitWorld();
    const { arn, versionId } = await created(world);
    world.vault.injectFault('whoAmI', { type: 'vault-error', errorType: 'INSUFFICIENT_ACCESS' });
    const before = world.vault.callsTo('whoAmI').length;
    await expect(world.invoke('testSecret', arn, versionId)).rejects.toThrow(/INSUFFICIENT_ACCESS/);
    expect(world.vault.callsTo('whoAmI').length - before).toBe(1);
  });

  it('fails when the pending token belongs to another user', async () => {
    const world = new UnitWorld();
    const { arn } = await created(world);
    const value = JSON.parse(world.sm.valueAt(arn, 'AWSPENDING')!);
    const other = world.vault.addUser('someone@acme.test');
    world.sm.putVersion(arn, JSON.stringify({ ...value, userId: other }), ['AWSPENDING']);
    const forged = world.sm.versionWith(arn, 'AWSPENDING')!;
    await expect(world.invoke('testSecret', arn, forged)).rejects.toThrow(
      /the pending token belongs to another Vault user than its userId .* AWSPENDING was removed from that version/,
    );
    // It can never pass, so it no longer blocks the next rotation.
    expect(world.sm.stages(arn)[forged]).not.toContain('AWSPENDING');
  });

  it('one answer naming another user is confirmed before anything is abandoned: a second, right answer passes', async () => {
    const world = new UnitWorld();
    const { arn, versionId } = await created(world);
    world.vault.throwNext('whoAmI', new VaultUserMismatchError(world.userId, '99999'));
    await world.invoke('testSecret', arn, versionId);
    expect(world.sm.versionWith(arn, 'AWSPENDING')).toBe(versionId);
    expect(world.logger.messages()).toContain('testSecret: the pending token works');
    await world.invoke('finishSecret', arn, versionId);
    expect(world.sm.versionWith(arn, 'AWSCURRENT')).toBe(versionId);
  });

  it('works alone, when the pending version carries the current value (RotateImmediately=false)', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const versionId = world.sm.putVersion(arn, world.sm.valueAt(arn, 'AWSCURRENT'), ['AWSPENDING']);
    await world.invoke('testSecret', arn, versionId);
    expect(world.vault.callsTo('mintToken')).toEqual([]);
    expect(world.vault.callsTo('whoAmI')).toHaveLength(1);
  });

  it('fails on the value-less placeholder (createSecret never ran)', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const versionId = world.sm.startRotation(arn);
    await expect(world.invoke('testSecret', arn, versionId)).rejects.toThrow(/can't find the specified secret value/);
  });
});
