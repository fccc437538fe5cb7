import { describe, expect, it } from 'vitest';
import { UnitWorld } from './support/unit-world.js';

describe('every step first checks the staging state', () => {
  it('rejects an unknown step before calling anything', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const versionId = world.sm.startRotation(arn);
    await expect(world.invoke('rotateSecret', arn, versionId)).rejects.toThrow(/Unknown rotation step "rotateSecret"/);
    expect(world.sm.calls).toEqual([]);
  });

  it('fails when rotation is explicitly disabled, but not when the flag is absent', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const versionId = world.sm.startRotation(arn);
    world.sm.setRotationEnabled(arn, false);
    await expect(world.invoke('setSecret', arn, versionId)).rejects.toThrow(/is not enabled for rotation/);
    world.sm.setRotationEnabled(arn, undefined);
    await expect(world.invoke('setSecret', arn, versionId)).resolves.toBeUndefined();
  });

  it('fails when the token is not a version of the secret', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    await expect(world.invoke('createSecret', arn, 'not-a-version')).rejects.toThrow(/has no stage for rotation/);
    expect(world.vault.calls).toEqual([]);
  });

  it('succeeds without doing anything when the version is already AWSCURRENT', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const current = world.sm.versionWith(arn, 'AWSCURRENT')!;
    for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
      await world.invoke(step, arn, current);
    }
    expect(world.sm.calls.map((call) => call.command)).toEqual(Array(4).fill('DescribeSecret'));
    expect(world.vault.calls).toEqual([]);
  });

  it('fails when the version is neither AWSCURRENT nor AWSPENDING', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const stray = world.sm.putVersion(arn, '{}', []);
    await expect(world.invoke('testSecret', arn, stray)).rejects.toThrow(/is not set as AWSPENDING/);
  });

  it('setSecret logs that there is nothing to do in Vault', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const versionId = world.sm.startRotation(arn);
    await world.invoke('setSecret', arn, versionId);
    expect(world.vault.calls).toEqual([]);
    expect(world.logger.messages()).toContain('setSecret: nothing to do in Vault (the new token is active from birth)');
    const tagged = world.logger.lines.find((line) => line.message.startsWith('setSecret'));
    expect(tagged?.attributes).toMatchObject({ step: 'setSecret', secretArn: arn, versionId });
  });

  it('never logs the RotationToken', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const versionId = world.sm.startRotation(arn);
    await world.invoke('createSecret', arn, versionId, 'rotation-token-secret');
    expect(world.leakedSecrets(world.logger.text())).toEqual([]);
    expect(world.sm.callsTo('PutSecretValue')[0]?.input.RotationToken).toBe('rotation-token-secret');
  });
});
