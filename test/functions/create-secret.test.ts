import { describe, expect, it } from 'vitest';
import { rotationTokenName, secretTokenPrefix } from '../../shared/rotated-secret/index.js';
import { UnitWorld, VAULT_DNS } from './support/unit-world.js';

const DAY = 86_400_000;

async function create(world: UnitWorld, arn: string, rotationToken?: string) {
  const versionId = world.sm.startRotation(arn);
  await world.invoke('createSecret', arn, versionId, rotationToken);
  return versionId;
}

/** Removes userId from AWSCURRENT's value in place (a hand edit): createSecret then sweeps before minting. */
function withoutUserId(world: UnitWorld, arn: string): void {
  const { userId: _userId, ...rest } = world.current(arn);
  world.sm.putVersion(arn, JSON.stringify(rest), [], world.sm.versionWith(arn, 'AWSCURRENT'));
}

function pending(world: UnitWorld, arn: string): Record<string, string> | undefined {
  const value = world.sm.valueAt(arn, 'AWSPENDING');
  return value === undefined ? undefined : (JSON.parse(value) as Record<string, string>);
}

/** A world with sandbox UAT under the parent Vault, and a secret for it naming `sandboxName`, minted with a password. */
function sandboxWorld(sandboxName: string) {
  const world = new UnitWorld();
  world.vault.addSandbox('UAT', 'uat.vault.test');
  const credentialsSecretArn = world.credentialsSecret({ username: 'integration@acme.test', password: 'user-password-123' });
  const sandboxToken = world.vault.issueToken(world.userId, { vault: 'UAT' });
  const arn = world.sm.createSecret(
    `sandbox-${world.sm.newVersionId().slice(-4)}`,
    JSON.stringify({ vaultDns: 'uat.vault.test', accessToken: sandboxToken.value, sandboxName, parentVaultDns: VAULT_DNS, credentialsSecretArn }),
  );
  return { world, arn, sandboxToken };
}

describe('createSecret', () => {
  it('mints with the current token and stores AWSPENDING with every field kept', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ team: 'data', apiVersion: 'v26.2' });
    const versionId = await create(world, arn, 'rotation-token-secret');

    const value = pending(world, arn)!;
    const minted = world.vault.tokens.at(-1)!;
    expect(value).toEqual({
      vaultDns: VAULT_DNS,
      accessToken: minted.value,
      team: 'data',
      apiVersion: 'v26.2',
      tokenId: minted.id,
      expiresAt: new Date(world.vault.now + 61 * DAY).toISOString().replace('.000Z', 'Z'),
      userId: world.userId,
    });
    expect(minted).toMatchObject({ name: rotationTokenName(arn, versionId), userId: world.userId, active: true });
    const put = world.sm.callsTo('PutSecretValue')[0]!.input;
    expect(put).toMatchObject({ ClientRequestToken: versionId, VersionStages: ['AWSPENDING'] });
    expect(put.RotationToken).toBe('rotation-token-secret');
    expect(world.sm.valueAt(arn, 'AWSCURRENT')).toContain(world.vault.tokens[0]!.value);
    expect(world.leakedSecrets(world.logger.text())).toEqual([]);
  });

  it('omits RotationToken when the event has none', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    await create(world, arn);
    expect(world.sm.callsTo('PutSecretValue')[0]!.input).not.toHaveProperty('RotationToken');
  });

  it('derives the lifetime from the rotation schedule (interval plus its window, twice, plus a day)', async () => {
    const world = new UnitWorld();
    const arn = world.sm.createSecret(
      'scheduled',
      JSON.stringify({ vaultDns: VAULT_DNS, accessToken: world.vault.issueToken(world.userId).value }),
      { rules: { ScheduleExpression: 'rate(12 hours)' } },
    );
    await create(world, arn);
    // rate(12 hours) with the default one-hour window leaves up to 13 h between rotations: 2 × 13 h + 24 h.
    expect(world.vault.tokens.at(-1)!.expiresAt).toBe(world.vault.now + 50 * 3_600_000);
  });

  it('does nothing when the pending version already has a value (a retried createSecret)', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const versionId = await create(world, arn);
    const before = world.vault.calls.length;
    await world.invoke('createSecret', arn, versionId);
    expect(world.vault.calls.length).toBe(before);
    expect(world.sm.callsTo('PutSecretValue')).toHaveLength(1);
    expect(world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) })).toHaveLength(1);
  });

  it('rejects a bad value naming the field, before any Vault call, changing nothing', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ revokePrevious: 'sometimes' });
    const versionId = world.sm.startRotation(arn);
    await expect(world.invoke('createSecret', arn, versionId)).rejects.toThrow(
      /\(AWSCURRENT\): revokePrevious: expected one of next-rotation, immediately, never/,
    );
    expect(world.vault.calls).toEqual([]);
    expect(world.sm.callsTo('PutSecretValue')).toEqual([]);
  });

  it('keeps a token of its own name while the version has no value (an overlapping attempt may store it); finishSecret revokes it once the value is stored', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ userId: undefined });
    const versionId = world.sm.startRotation(arn);
    const orphan = world.vault.issueToken(world.userId, { name: rotationTokenName(arn, versionId) });
    await world.invoke('createSecret', arn, versionId);
    expect(orphan.active).toBe(true);
    const stored = pending(world, arn)!;
    expect(stored.tokenId).not.toBe(orphan.id);
    for (const step of ['setSecret', 'testSecret', 'finishSecret']) await world.invoke(step, arn, versionId);
    expect(orphan.active).toBe(false);
    expect(world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) }).map((t) => t.id)).toEqual([stored.tokenId]);
  });

  it('revokes the new token when PutSecretValue fails, then rethrows', async () => {
    const world = new UnitWorld();
    const { arn, token } = world.bootstrap();
    const versionId = world.sm.startRotation(arn);
    world.sm.injectFault('PutSecretValue');
    await expect(world.invoke('createSecret', arn, versionId)).rejects.toThrow(/injected fault on PutSecretValue/);
    expect(world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) })).toEqual([]);
    expect(world.vault.isAccepted(token.value)).toBe(true);
    expect(world.sm.valueAt(arn, 'AWSPENDING')).toBeUndefined();
    // The service retries: the next attempt succeeds.
    await world.invoke('createSecret', arn, versionId);
    expect(pending(world, arn)?.tokenId).toBeDefined();
  });

  it('rethrows when the mint answer is lost; the lost token is revoked as a duplicate once the version is stored', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const versionId = world.sm.startRotation(arn);
    world.vault.injectFault('mintToken', { type: 'lost-answer' });
    await expect(world.invoke('createSecret', arn, versionId)).rejects.toThrow(/got no usable answer/);
    // Nothing of this version is revoked while its value is not stored: an overlapping attempt may store that token.
    expect(world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) })).toHaveLength(1);
    for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) await world.invoke(step, arn, versionId);
    expect(world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) }).map((t) => t.id)).toEqual([
      world.current(arn).tokenId,
    ]);
  });

  it('in the steady state makes no Vault call but the mint; finishSecret revokes what an earlier attempt left', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    await world.rotateOnce(arn);
    await world.rotateOnce(arn);
    // An earlier attempt's leftover: a version AWSPENDING was taken off (testSecret gave up on it), its token alive.
    const abandoned = world.sm.putVersion(arn, undefined, []);
    const leftover = world.vault.issueToken(world.userId, { name: rotationTokenName(arn, abandoned) });
    const calls = world.vault.calls.length;
    const versionId = await create(world, arn);
    expect(world.vault.calls.slice(calls).map((call) => call.operation)).toEqual(['mintToken']);
    expect(leftover.active).toBe(true);
    for (const step of ['setSecret', 'testSecret', 'finishSecret']) await world.invoke(step, arn, versionId);
    expect(leftover.active).toBe(false);
    expect(world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) })).toHaveLength(2);
  });

  it('sweeps stale tokens of this secret but keeps AWSCURRENT and AWSPREVIOUS when it cannot take the state as known (no userId)', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    await world.rotateOnce(arn);
    await world.rotateOnce(arn);
    withoutUserId(world, arn);
    const [first, second] = world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) });
    const stale = world.vault.issueToken(world.userId, { name: `${secretTokenPrefix(arn)}left-over` });
    const foreign = world.vault.issueToken(world.userId, { name: 'vat:0123456789ab:other-secret' });
    await create(world, arn);
    expect(stale.active).toBe(false);
    expect(foreign.active).toBe(true);
    expect(first?.active).toBe(true); // AWSPREVIOUS
    expect(second?.active).toBe(true); // AWSCURRENT
    expect(world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) })).toHaveLength(3);
  });

  it('reads AWSPREVIOUS for its tokenId only when no token carries its rotation name', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    await world.rotateOnce(arn);
    const rotated = world.current(arn);
    // Someone put versions by hand: AWSPREVIOUS now names a token whose name does not match its version.
    const kept = world.vault.issueToken(world.userId, { name: `${secretTokenPrefix(arn)}restored-by-hand` });
    world.sm.putVersion(arn, JSON.stringify({ ...rotated, accessToken: kept.value, tokenId: kept.id }), ['AWSCURRENT']);
    // Without userId: createSecret sweeps (a value with userId and tokenId is the steady state, no sweep).
    const { userId: _userId, ...withoutUser } = rotated;
    world.sm.putVersion(arn, JSON.stringify(withoutUser), ['AWSCURRENT']);
    const stale = world.vault.issueToken(world.userId, { name: `${secretTokenPrefix(arn)}stale` });
    const reads = world.sm.callsTo('GetSecretValue').length;
    await create(world, arn);
    expect(kept.active).toBe(true);
    expect(stale.active).toBe(false);
    expect(world.sm.callsTo('GetSecretValue').length - reads).toBe(3); // pending, current, previous
  });

  it('does not read AWSPREVIOUS in steady state (its token is found by name)', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    await world.rotateOnce(arn);
    await world.rotateOnce(arn);
    const reads = world.sm.callsTo('GetSecretValue').length;
    await create(world, arn);
    expect(world.sm.callsTo('GetSecretValue').length - reads).toBe(2); // pending, current
  });

  it('sweeps everything but AWSCURRENT in immediately mode', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ revokePrevious: 'never' });
    await world.rotateOnce(arn);
    await world.rotateOnce(arn);
    const value = world.current(arn);
    // Edited by hand without userId, so createSecret sweeps (see when-to-sweep.ts).
    const { userId: _userId, ...withoutUser } = value;
    world.sm.putVersion(arn, JSON.stringify({ ...withoutUser, revokePrevious: 'immediately' }), ['AWSCURRENT']);
    await create(world, arn);
    const active = world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) }).map((t) => t.id);
    expect(active).toEqual([value.tokenId, pending(world, arn)!.tokenId]);
  });

  it('in never mode sweeps nothing before minting; finishSecret revokes only dead duplicates of its version', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ revokePrevious: 'never' });
    await world.rotateOnce(arn);
    await world.rotateOnce(arn);
    await world.rotateOnce(arn);
    expect(world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) })).toHaveLength(3);
    const versionId = world.sm.startRotation(arn);
    const orphan = world.vault.issueToken(world.userId, { name: rotationTokenName(arn, versionId) });
    await world.invoke('createSecret', arn, versionId);
    expect(world.vault.callsTo('listTokens')).toHaveLength(3); // one per earlier finishSecret, none here
    for (const step of ['setSecret', 'testSecret', 'finishSecret']) await world.invoke(step, arn, versionId);
    expect(orphan.active).toBe(false);
    expect(world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) })).toHaveLength(4);
  });

  describe('the 25-token cap', () => {
    it('is avoided when the sweep frees stale tokens of this secret', async () => {
      const world = new UnitWorld();
      const { arn } = world.bootstrap();
      for (let i = 0; i < 4; i += 1) world.vault.issueToken(world.userId, { name: `${secretTokenPrefix(arn)}old${i}` });
      while (world.vault.activeTokens({ userId: world.userId }).length < 25) world.vault.issueToken(world.userId);
      await create(world, arn);
      expect(pending(world, arn)?.tokenId).toBeDefined();
    });

    it('revokes stale tokens of this secret and mints once more (never mode keeps them until the cap)', async () => {
      const world = new UnitWorld();
      const { arn } = world.bootstrap({ revokePrevious: 'never' });
      await world.rotateOnce(arn);
      await world.rotateOnce(arn);
      await world.rotateOnce(arn);
      while (world.vault.activeTokens({ userId: world.userId }).length < 25) world.vault.issueToken(world.userId);
      const current = world.current(arn).tokenId;
      await create(world, arn);
      expect(world.logger.messages('warn')).toContain(
        'Vault user is at the API access token cap; revoking stale tokens of this secret and minting again',
      );
      const ours = world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) }).map((t) => t.id);
      expect(ours).toHaveLength(3); // AWSPREVIOUS, AWSCURRENT, the new one
      expect(ours).toContain(current);
    });

    it('in the steady state (no sweep first) lists at the cap, proves the owner by the current token’s row, revokes leftovers, mints once more', async () => {
      const world = new UnitWorld();
      const { arn } = world.bootstrap();
      await world.rotateOnce(arn);
      await world.rotateOnce(arn);
      const abandoned = world.sm.putVersion(arn, undefined, []);
      const leftover = world.vault.issueToken(world.userId, { name: rotationTokenName(arn, abandoned) });
      while (world.vault.activeTokens({ userId: world.userId }).length < 25) world.vault.issueToken(world.userId);
      const calls = world.vault.calls.length;
      await create(world, arn);
      expect(world.vault.calls.slice(calls).map((call) => call.operation)).toEqual([
        'mintToken',
        'listTokens',
        'revokeTokens',
        'mintToken',
      ]);
      expect(leftover.active).toBe(false);
      expect(pending(world, arn)?.tokenId).toBeDefined();
    });

    it('in the steady state revokes nothing at the cap when the stored userId is not the current token’s user', async () => {
      const world = new UnitWorld();
      const { arn } = world.bootstrap();
      await world.rotateOnce(arn);
      await world.rotateOnce(arn);
      // userId edited by hand, tokenId kept: the steady state by its fields, but the owner is wrong.
      world.sm.putVersion(arn, JSON.stringify({ ...world.current(arn), userId: world.adminId }), [], world.sm.versionWith(arn, 'AWSCURRENT'));
      const stale = world.vault.issueToken(world.adminId, { name: `${secretTokenPrefix(arn)}stale` });
      while (world.vault.activeTokens({ userId: world.userId }).length < 25) world.vault.issueToken(world.userId);
      const error = (await create(world, arn).catch((e: unknown) => e)) as Error;
      expect(error.name).toBe('SecretValueError');
      expect(error.message).toMatch(/userId: must be the Vault user the tokens belong to/);
      expect(world.vault.callsTo('revokeTokens')).toEqual([]);
      expect(stale.active).toBe(true);
    });

    it('fails naming the cap and the user when nothing of this secret can go; nothing changes', async () => {
      const world = new UnitWorld();
      const { arn, token } = world.bootstrap({ userId: undefined });
      while (world.vault.activeTokens({ userId: world.userId }).length < 25) world.vault.issueToken(world.userId);
      const versionId = world.sm.startRotation(arn);
      const error = (await world.invoke('createSecret', arn, versionId).catch((e: unknown) => e)) as Error;
      expect(error.message).toContain(`user ${world.userId} has 25 active API access tokens`);
      expect(error.message).toContain('at most 25 per user');
      expect(world.vault.activeTokens({ userId: world.userId })).toHaveLength(25);
      expect(world.vault.isAccepted(token.value)).toBe(true);
      expect(world.sm.valueAt(arn, 'AWSPENDING')).toBeUndefined();
    });

    it('passes other OPERATION_NOT_ALLOWED failures through', async () => {
      const world = new UnitWorld();
      const { arn } = world.bootstrap();
      world.vault.injectFault('mintToken', { type: 'vault-error', errorType: 'OPERATION_NOT_ALLOWED' });
      const versionId = world.sm.startRotation(arn);
      await expect(world.invoke('createSecret', arn, versionId)).rejects.toThrow(/OPERATION_NOT_ALLOWED/);
    });
  });

  it('rotates a secret on an AWS cron with a numeric step (cron(0 0/6 * * ? *): every 6 hours)', async () => {
    const world = new UnitWorld();
    const token = world.vault.issueToken(world.userId);
    const value = JSON.stringify({ vaultDns: VAULT_DNS, accessToken: token.value });
    const arn = world.sm.createSecret('vault-token-6h', value, { rules: { ScheduleExpression: 'cron(0 0/6 * * ? *)' } });
    await create(world, arn);
    // Two intervals of 6 h + the 1 h window, plus a day.
    expect(Date.parse(pending(world, arn)!.expiresAt!)).toBe(world.vault.now + 2 * 7 * 3_600_000 + DAY);
  });

  describe("a lifetime longer than the user's security profile allows (often 90 days)", () => {
    function scheduled(world: UnitWorld, schedule: string, extra: Record<string, unknown> = {}) {
      const token = world.vault.issueToken(world.userId);
      const value = { vaultDns: VAULT_DNS, accessToken: token.value, userId: world.userId, ...extra };
      const arn = world.sm.createSecret('vault-token-capped', JSON.stringify(value), { rules: { ScheduleExpression: schedule } });
      // A stale token of this secret's own: the sweep may revoke it; nothing else may go.
      return { arn, token };
    }

    it('with the default lifetime, mints once more with 90 days when that still outlives the schedule', async () => {
      const world = new UnitWorld();
      world.vault.maxExpiryDays = 90;
      const { arn } = scheduled(world, 'rate(60 days)'); // default: 2 × 61 + 1 = 123 days
      await create(world, arn);
      expect(Date.parse(pending(world, arn)!.expiresAt!)).toBe(world.vault.now + 90 * DAY);
      expect(world.logger.messages('warn').join('\n')).toMatch(/tokenLifetime/);
      expect(world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) })).toHaveLength(1);
    });

    it('fails naming tokenLifetime and the schedule when no lifetime Vault takes outlives it; nothing changes', async () => {
      const world = new UnitWorld();
      world.vault.maxExpiryDays = 90;
      const { arn, token } = scheduled(world, 'rate(90 days)'); // needs more than 92 days
      const other = world.vault.issueToken(world.userId, { name: 'made in the Vault UI' });
      const versionId = world.sm.startRotation(arn);
      const error = (await world.invoke('createSecret', arn, versionId).catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/tokenLifetime/);
      expect(error.message).toContain('rate(90 days)');
      expect(error.message).toMatch(/security profile/);
      expect(error.message).toMatch(/Nothing was minted/);
      expect(world.sm.valueAt(arn, 'AWSPENDING')).toBeUndefined();
      expect(world.vault.isAccepted(token.value)).toBe(true);
      expect(world.vault.isAccepted(other.value)).toBe(true);
      expect(world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) })).toEqual([]);
      expect(world.leakedSecrets(error.message)).toEqual([]);
    });

    it('a configured tokenLifetime Vault refuses is not shortened behind the operator’s back: it fails naming it', async () => {
      const world = new UnitWorld();
      world.vault.maxExpiryDays = 90;
      const { arn } = scheduled(world, 'rate(30 days)', { tokenLifetime: '120d' });
      const versionId = world.sm.startRotation(arn);
      const error = (await world.invoke('createSecret', arn, versionId).catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/tokenLifetime/);
      expect(error.message).toContain('rate(30 days)');
      expect(world.vault.callsTo('mintToken')).toHaveLength(1);
      expect(world.sm.valueAt(arn, 'AWSPENDING')).toBeUndefined();
    });
  });

  describe('a current token that is no longer accepted', () => {
    it('without credentialsSecretArn: fails with re-bootstrap instructions and mints nothing', async () => {
      const world = new UnitWorld();
      const expired = world.vault.issueToken(world.userId, { expiresAt: world.vault.now - 1 });
      const { arn } = world.bootstrap({ userId: world.userId }, { token: expired });
      const versionId = world.sm.startRotation(arn);
      const error = (await world.invoke('createSecret', arn, versionId).catch((e: unknown) => e)) as Error;
      expect(error.message).toContain('is no longer accepted by Vault');
      // Vault's token-retention events among the likely causes (docs/operations.md, "Vault's token-retention events").
      for (const cause of ['expired or was deleted', 'sandbox that was refreshed', 'promoted from pre-production', 'converted to VeevaID']) {
        expect(error.message).toContain(cause);
      }
      expect(error.message).toContain(`aws secretsmanager put-secret-value --secret-id ${arn}`);
      expect(error.message).toContain(
        `aws secretsmanager update-secret-version-stage --secret-id ${arn} --version-stage AWSPENDING --remove-from-version-id ${versionId}`,
      );
      expect(error.message).toContain(`aws secretsmanager rotate-secret --secret-id ${arn}`);
      expect(world.leakedSecrets(error.message)).toEqual([]);
      expect(world.vault.callsTo('mintToken')).toEqual([]);
    });

    it('with credentialsSecretArn: mints with the credentials and cleans up with the new token', async () => {
      const world = new UnitWorld();
      const credentialsSecretArn = world.credentialsSecret({
        username: 'integration@acme.test',
        password: 'user-password-123',
      });
      const { arn } = world.bootstrap({ credentialsSecretArn });
      await world.rotateOnce(arn);
      await world.rotateOnce(arn);
      const stale = world.vault.issueToken(world.userId, { name: `${secretTokenPrefix(arn)}stale` });
      for (const t of world.vault.tokens)
        if (t.name.startsWith(secretTokenPrefix(arn)) && t !== stale) t.active = false;
      await create(world, arn);
      expect(world.vault.callsTo('mintToken').at(-1)?.credential).toBe('password');
      expect(stale.active).toBe(false);
      const value = pending(world, arn)!;
      expect(world.vault.isAccepted(value.accessToken!)).toBe(true);
      expect(value.userId).toBe(world.userId);
      expect(world.leakedSecrets(world.logger.text())).toEqual([]);
    });

    it('bootstraps from credentials alone (no accessToken)', async () => {
      const world = new UnitWorld();
      const credentialsSecretArn = world.credentialsSecret({
        username: 'integration@acme.test',
        password: 'user-password-123',
      });
      const arn = world.sm.createSecret('from-creds', JSON.stringify({ vaultDns: VAULT_DNS, credentialsSecretArn }));
      await world.rotateOnce(arn);
      expect(world.vault.isAccepted(world.current(arn).accessToken!)).toBe(true);
      expect(world.current(arn).userId).toBe(world.userId);
    });
  });

  it('mints for forUserId with an admin credentials secret', async () => {
    const world = new UnitWorld();
    const credentialsSecretArn = world.credentialsSecret({
      username: 'admin@acme.test',
      password: 'admin-password-123',
    });
    const { arn } = world.bootstrap({ forUserId: world.userId, credentialsSecretArn });
    await create(world, arn);
    const minted = world.vault.tokens.at(-1)!;
    expect(minted.userId).toBe(world.userId);
    expect(pending(world, arn)?.userId).toBe(world.userId);
  });

  it('a sandbox name Vault refuses (INVALID_DATA) names sandboxName, mints nothing and changes nothing', async () => {
    const { world, arn, sandboxToken } = sandboxWorld('Sandbox\u{1F525}');
    const before = world.vault.tokens.length;
    const error = (await create(world, arn).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SecretValueError');
    expect(error.message).toMatch(/sandboxName: Vault .* refused it \(INVALID_DATA/);
    expect(error.message).not.toContain(sandboxToken.value);
    expect(world.vault.tokens.length).toBe(before);
    expect(pending(world, arn)).toBeUndefined();
  });

  it('mints a sandbox token through the parent Vault', async () => {
    const { world, arn } = sandboxWorld('UAT');
    await create(world, arn);
    const minted = world.vault.tokens.at(-1)!;
    expect(minted.vault).toBe('UAT');
    expect(world.vault.callsTo('mintToken')[0]?.vault).toBe('main');
    expect(world.vault.callsTo('listTokens')[0]?.vault).toBe('UAT');
    expect(world.vault.isAccepted(pending(world, arn)!.accessToken!, 'UAT')).toBe(true);
  });
});
