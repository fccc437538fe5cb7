// Edge cases of a rotation, one test each at the unit level: a secret deleted between mint and store, a wrong userId,
// immediately mode, the sweep, values at rest, bad input refused before any Vault call, the re-bootstrap message,
// error names under minification, an early timeout, redaction by value, and an expired token answered with HTTP 401.

import { InvalidRequestException } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { rotate } from '../../functions/rotation/handler.js';
import { secretTokenPrefix } from '../../shared/rotated-secret/index.js';
import type { RotationEvent } from '../../functions/rotation/context.js';
import { isInvalidSession, VaultApiError } from '../../shared/errors.js';
import type { VaultSession } from '../../shared/types.js';
import { apiError } from './support/fake-vault.js';
import { STEPS, UnitWorld, VAULT_DNS } from './support/unit-world.js';

const ours = (world: UnitWorld, arn: string) => world.vault.activeTokens({ namePrefix: secretTokenPrefix(arn) });

async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome, 'the step fails').toBeInstanceOf(Error);
  return outcome as Error;
}

describe('a secret scheduled for deletion between mint and PutSecretValue', () => {
  it('revokes the new token (the put and the check read are both refused)', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const versionId = world.sm.startRotation(arn);
    world.sm.beforeSend = (command) => {
      if (command === 'PutSecretValue') world.sm.scheduleDeletion(arn);
    };
    const error = await failure(world.invoke('createSecret', arn, versionId));
    expect(error).toBeInstanceOf(InvalidRequestException);
    expect(world.vault.callsTo('mintToken')).toHaveLength(1);
    expect(ours(world, arn)).toEqual([]);
    // Only the invocation summary reports the failure: nothing failed to revoke.
    expect(world.logger.messages('error')).toEqual(['Rotation invocation summary']);
  });
});

describe('a well-formed but wrong userId', () => {
  it('is checked against the credential’s user before anything is revoked or minted, naming userId', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ userId: world.adminId });
    const stale = world.vault.issueToken(world.userId, { name: `${secretTokenPrefix(arn)}stale` });
    const versionId = world.sm.startRotation(arn);
    const error = await failure(world.invoke('createSecret', arn, versionId));
    expect(error.name).toBe('SecretValueError');
    expect(error.message).toMatch(/userId: must be the Vault user the tokens belong to/);
    expect(world.vault.callsTo('mintToken')).toEqual([]);
    expect(world.vault.callsTo('revokeTokens')).toEqual([]);
    expect(stale.active).toBe(true);
    expect(world.sm.callsTo('PutSecretValue')).toEqual([]);
  });

  it('a user id Vault does not know: userId and forUserId are named', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ userId: '99999' });
    const error = await failure(world.invoke('createSecret', arn, world.sm.startRotation(arn)));
    expect(error.message).toMatch(/userId: must be the Vault user/);

    const credentialsSecretArn = world.credentialsSecret({ username: 'admin@acme.test', password: 'admin-password-123' });
    const other = world.bootstrap({ forUserId: '99999', credentialsSecretArn });
    const forError = await failure(world.invoke('createSecret', other.arn, world.sm.startRotation(other.arn)));
    expect(forError.name).toBe('SecretValueError');
    expect(forError.message).toMatch(/forUserId: Vault .* has no user with this id/);
    expect(ours(world, other.arn)).toEqual([]);
  });
});

describe('immediately mode', () => {
  it('revokes the previous version’s token only if it is this secret’s and the expected user’s', async () => {
    const world = new UnitWorld();
    // A person stored the Vault UI token's own id as tokenId.
    const uiToken = world.vault.issueToken(world.userId);
    const first = world.bootstrap({ revokePrevious: 'immediately', tokenId: uiToken.id }, { token: uiToken });
    await world.rotateOnce(first.arn);
    expect(uiToken.active).toBe(true);

    // Another tool's token id (named like another secret's) in the value being replaced.
    const foreign = world.vault.issueToken(world.userId, { name: 'vat:0123456789ab:another-secret' });
    const second = world.bootstrap({ revokePrevious: 'immediately', tokenId: foreign.id });
    await world.rotateOnce(second.arn);
    expect(foreign.active).toBe(true);
    expect(world.vault.isAccepted(world.current(second.arn).accessToken!)).toBe(true);
  });
});

describe('the sweep', () => {
  it('checks every row Vault returns: another secret’s prefix and a foreign user’s tokens are never revoked', async () => {
    const world = new UnitWorld();
    // The secret's user can see every user's tokens, and the Vault answers with rows the query did not ask for.
    const adminToken = world.vault.issueToken(world.adminId);
    const { arn } = world.bootstrap({}, { token: adminToken });
    world.vault.listIgnoresFilter = true;
    const otherSecret = world.vault.issueToken(world.adminId, { name: 'vat:0123456789ab:other' });
    const foreignUser = world.vault.issueToken(world.userId, { name: `${secretTokenPrefix(arn)}someone-else` });
    const mine = world.vault.issueToken(world.adminId, { name: `${secretTokenPrefix(arn)}stale` });
    // The bootstrap value has no userId: createSecret sweeps (in the steady state it does not, see when-to-sweep.ts).
    await world.rotateOnce(arn);
    await world.rotateOnce(arn);
    expect(otherSecret.active).toBe(true);
    expect(foreignUser.active).toBe(true);
    expect(mine.active).toBe(false);
  });
});

describe('at rest', () => {
  it('exactly two of this secret’s tokens are active after each rotation (finishSecret revokes the one it unlabels)', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    for (let i = 0; i < 4; i += 1) {
      await world.rotateOnce(arn);
      const previous = JSON.parse(world.sm.valueAt(arn, 'AWSPREVIOUS') ?? '{}') as { tokenId?: string };
      const expected = [world.current(arn).tokenId, previous.tokenId].filter((id) => id !== undefined).sort();
      expect(ours(world, arn).map((t) => t.id).sort()).toEqual(expected);
    }
  });
});

describe('bad input is refused before any Vault call, naming the field, never echoing the value', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['sandboxName', { sandboxName: 'UAT\u0000', parentVaultDns: VAULT_DNS, credentialsSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:c' }, /sandboxName: /],
    ['forUserId', { forUserId: 1e21 }, /forUserId: expected a Vault user id/],
    ['forUserId', { forUserId: '1e21' }, /forUserId: expected a Vault user id/],
    ['userId', { userId: 0 }, /userId: expected a Vault user id/],
    ['tokenId', { tokenId: "V8T'000" }, /tokenId: expected the api_access_token__sys record id/],
    ['vaultDns', { vaultDns: 'myvault.veevavault.com.' }, /vaultDns: /],
    ['vaultDns', { vaultDns: 'my..vault.com' }, /vaultDns: /],
    ['vaultDns', { vaultDns: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com` }, /vaultDns: /],
    ['tokenLifetime', { tokenLifetime: '3m' }, /tokenLifetime: must outlive/],
  ];
  it.each(cases)('%s %j', async (_field, extra, message) => {
    const world = new UnitWorld();
    const { arn, token } = world.bootstrap(extra);
    const stale = world.vault.issueToken(world.userId, { name: `${secretTokenPrefix(arn)}stale` });
    const error = await failure(world.invoke('createSecret', arn, world.sm.startRotation(arn)));
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(token.value);
    expect(world.vault.calls).toEqual([]);
    expect(stale.active).toBe(true);
    expect(world.sm.callsTo('PutSecretValue')).toEqual([]);
  });

  it('credentialsSecretArn that does not exist', async () => {
    const world = new UnitWorld();
    const missing = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:no-such-secret-AbCdEf';
    const { arn } = world.bootstrap({ credentialsSecretArn: missing });
    const error = await failure(world.invoke('createSecret', arn, world.sm.startRotation(arn)));
    expect(error.message).toMatch(/credentialsSecretArn: Secrets Manager has no secret .*no-such-secret/);
    expect(world.vault.calls).toEqual([]);
  });
});

describe('the re-bootstrap message', () => {
  it('ends with retiring the hand-made token, after the rotation, since the rotator never revokes a token it did not name', async () => {
    const world = new UnitWorld();
    const { arn, token } = world.bootstrap();
    token.active = false;
    const versionId = world.sm.startRotation(arn);
    const error = await failure(world.invoke('createSecret', arn, versionId));
    const lines = error.message.split('\n');
    const rotate = lines.findIndex((line) => line.includes(`aws secretsmanager rotate-secret --secret-id ${arn}`));
    const retire = lines.findIndex((line) => line.includes('--revoke-bootstrap-token --bootstrap-token-id'));
    expect(rotate).toBeGreaterThan(0);
    expect(retire).toBeGreaterThan(rotate);
    const name = arn.split(':secret:')[1]!.replace(/-[A-Za-z0-9]{6}$/, '');
    expect(lines[retire]).toContain(`vault-api-token bootstrap --update --secret-name ${name} --vault-dns ${VAULT_DNS} --token-stdin`);
    expect(error.message).toMatch(/never revokes a token it did not name/);
    expect(error.message).toMatch(/delete it in Vault/);
  });

  it('gives a file-based command that keeps the other fields and never puts the token on a command line', async () => {
    const world = new UnitWorld();
    const { arn, token } = world.bootstrap({ revokePrevious: 'immediately', clientId: 'acme-sync' });
    token.active = false;
    const error = await failure(world.invoke('createSecret', arn, world.sm.startRotation(arn)));
    expect(error.message).toMatch(/umask 077/);
    expect(error.message).toMatch(/get-secret-value --secret-id \S+ --query SecretString --output text \| .*jq/);
    expect(error.message).toMatch(/put-secret-value --secret-id \S+ --secret-string file:\/\/vat-secret\.json/);
    expect(error.message).not.toMatch(/--secret-string '\{/);
    expect(error.message).not.toMatch(/"accessToken":/);
  });
});

describe('error names survive minification by construction', () => {
  it('RotationError and SecretValueError name themselves with literals', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap({ revokePrevious: 'sometimes' });
    const bad = await failure(world.invoke('createSecret', arn, world.sm.startRotation(arn)));
    expect(bad.name).toBe('SecretValueError');
    expect(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(bad), 'name')?.get?.toString()).toMatch(
      /["']SecretValueError["']/,
    );
    const unknown = await failure(world.invoke('rotateSecret', arn, world.sm.newVersionId()));
    expect(unknown.name).toBe('RotationError');
  });
});

describe('after an early timeout', () => {
  it('the abandoned handler does not log "Rotation step succeeded"', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const versionId = world.sm.startRotation(arn);
    const controller = new AbortController();
    const handler = rotate({
      ...world.deps,
      openVaultSession: async (options, credentials) => {
        const session = await world.vault.openVaultSession(options, credentials);
        // middy's timeout fires while the mint is under way; the fake answers anyway, as a late answer would.
        const mintToken: VaultSession['mintToken'] = (request, o) => {
          controller.abort();
          return session.mintToken(request, o);
        };
        return { ...session, mintToken };
      },
    });
    const event = { Step: 'createSecret', SecretId: arn, ClientRequestToken: versionId } as RotationEvent;
    await handler(event, {} as Context, { signal: controller.signal }).catch(() => undefined);
    expect(world.logger.messages()).not.toContain('Rotation step succeeded');
  });
});

describe('redaction by value', () => {
  it('blanks every secret the function holds, also when a service echoes it in an error', async () => {
    const world = new UnitWorld();
    const shortPassword = 'pw1';
    world.vault.addUser('short@acme.test', { password: shortPassword, admin: true });
    const credentialsSecretArn = world.credentialsSecret({ username: 'short@acme.test', password: shortPassword });
    const { arn, token } = world.bootstrap({ credentialsSecretArn });
    const rotationToken = 'rt-7f3a';
    const echo = `Invalid request: password ${shortPassword}, token ${token.value}, RotationToken ${rotationToken}`;
    world.vault.throwNext(
      'mintToken',
      new VaultApiError({
        operation: 'mintToken',
        message: echo,
        type: 'INVALID_DATA',
        responseStatus: 'FAILURE',
        httpStatus: 200,
        executionId: 'exec-1',
        errors: [{ type: 'INVALID_DATA', message: echo }],
        retryable: false,
      }),
    );
    const error = await failure(world.invoke('createSecret', arn, world.sm.startRotation(arn), rotationToken));
    const texts = [error.message, error.stack ?? '', world.logger.text()];
    for (const text of texts) {
      expect(text).not.toContain(shortPassword);
      expect(text).not.toContain(rotationToken);
      expect(text).not.toContain(token.value);
    }
  });
});

describe('an expired or deleted token answered with HTTP 401', () => {
  it('is an invalid session: the rotator falls back to the credentials secret', async () => {
    const world = new UnitWorld();
    const credentialsSecretArn = world.credentialsSecret({ username: 'integration@acme.test', password: 'user-password-123' });
    const { arn } = world.bootstrap({ credentialsSecretArn, userId: world.userId });
    const unauthorized = () =>
      new VaultApiError({
        operation: 'listTokens',
        message: 'Vault answered HTTP 401',
        type: 'HTTP_401',
        responseStatus: 'FAILURE',
        httpStatus: 401,
        executionId: undefined,
        errors: [],
        retryable: false,
      });
    world.vault.throwNext('listTokens', unauthorized());
    const versionId = world.sm.startRotation(arn);
    for (const step of STEPS) await world.invoke(step, arn, versionId);
    expect(world.vault.isAccepted(world.current(arn).accessToken!)).toBe(true);
  });

  it('the fake answers INVALID_SESSION_ID for comparison', () => {
    expect(isInvalidSession(apiError('whoAmI', 'INVALID_SESSION_ID'))).toBe(true);
  });
});
