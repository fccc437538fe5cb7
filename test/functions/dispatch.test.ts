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
    await expect(world.invoke('testSecret', arn, versionId)).rejects.toThrow(/is not enabled for rotation/);
    world.sm.setRotationEnabled(arn, undefined);
    await expect(world.invoke('finishSecret', arn, versionId)).rejects.toThrow(/holds no accessToken/);
  });

  it('fails when the token is not a version of the secret', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    await expect(world.invoke('createSecret', arn, '00000000-0000-4000-8000-999999999999')).rejects.toThrow(
      /has no stage for rotation/,
    );
    expect(world.vault.calls).toEqual([]);
  });

  it('succeeds without doing anything when the version is already AWSCURRENT', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const current = world.sm.versionWith(arn, 'AWSCURRENT')!;
    for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
      await world.invoke(step, arn, current);
    }
    // setSecret changes nothing, so it does not describe the secret either.
    expect(world.sm.calls.map((call) => call.command)).toEqual(Array(3).fill('DescribeSecret'));
    expect(world.vault.calls).toEqual([]);
  });

  it('fails when the version is neither AWSCURRENT nor AWSPENDING', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const stray = world.sm.putVersion(arn, '{}', ['STAGED-BY-HAND']);
    await expect(world.invoke('testSecret', arn, stray)).rejects.toThrow(/is not set as AWSPENDING/);
    // A version without any label is not listed by DescribeSecret (as the service does): refused all the same.
    const unlabelled = world.sm.putVersion(arn, '{}', []);
    await expect(world.invoke('testSecret', arn, unlabelled)).rejects.toThrow(/has no stage for rotation/);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'short', '', 'x'.repeat(65), 'with space 0000000000000000000000000'])(
    'refuses ClientRequestToken %j clearly, before any call',
    async (token) => {
      const world = new UnitWorld();
      const { arn } = world.bootstrap();
      world.sm.startRotation(arn);
      for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
        const error = await world.invoke(step, arn, token).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).name).toBe('RotationError');
        expect((error as Error).message).toMatch(/ClientRequestToken is not a secret version id: expected 32-64/);
      }
      expect(world.sm.calls).toEqual([]);
      expect(world.vault.calls).toEqual([]);
    },
  );

  it('looks version ids up as own keys only (a 32+ character id that is not a version)', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    world.sm.startRotation(arn);
    const notOwn = '__proto____proto____proto____proto__';
    await expect(world.invoke('createSecret', arn, notOwn)).rejects.toThrow(/has no stage for rotation/);
  });

  it('setSecret does not call Secrets Manager (it changes nothing)', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const versionId = world.sm.startRotation(arn);
    await world.invoke('setSecret', arn, versionId);
    expect(world.sm.calls).toEqual([]);
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
