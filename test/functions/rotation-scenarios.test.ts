// Integration: the function as built for deployment, driven the way Secrets Manager drives it, against each Secrets
// Manager backend (the stand-in; moto when installed) and a fresh Vault simulator per scenario. Invariants are checked
// after every scenario.

import { UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SECRETS_MANAGER_MAX_ATTEMPTS } from '../../functions/rotation/fleet/secrets-manager-retry.js';
import { rotationTokenName, secretTokenPrefix } from '../../shared/rotated-secret/index.js';
import { testRotationConfiguration } from '../../simulator/rotation-driver.js';
import type { SecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import type { SimFaultKind, SimOperation } from '../../simulator/vault-simulator-types.js';
import { secretsManagerBackends } from '../support/secrets-manager-backends.js';
import { invokerFor } from './support/bundle.js';
import { type BackendFixture, ScenarioWorld, startBackendFixture, USER_PASSWORD } from './support/integration-world.js';

const CAP = 25;

for (const backendCase of secretsManagerBackends) {
  describe.skipIf(backendCase.skip)(`rotation scenarios against the ${backendCase.name} Secrets Manager`, () => {
    let fixture: BackendFixture;
    let world: ScenarioWorld;

    beforeAll(async () => {
      fixture = await startBackendFixture(backendCase);
      if (backendCase.diverges('fault-injection')) {
        console.warn(
          `WARNING: ${backendCase.name} cannot inject Secrets Manager faults: the PutSecretValue-failure scenario is SKIPPED there (it runs against the stand-in).`,
        );
      }
    });
    afterAll(async () => {
      await fixture?.close();
    });
    beforeEach(async () => {
      world = await ScenarioWorld.start(fixture);
    });
    afterEach(async () => {
      await world?.close();
    });

    const activeOf = (arn: string, vault = 'main') =>
      world.simulator.tokens({ vault, activeOnly: true }).filter((t) => t.name.startsWith(secretTokenPrefix(arn)));

    it('first rotation from a bootstrap secret (vaultDns + accessToken only)', async () => {
      const { arn, token } = await world.bootstrapSecret();
      const result = await world.rotate(arn);
      expect(result).toMatchObject({ succeeded: true, attempts: 1 });
      const current = await world.value(arn);
      expect(current).toMatchObject({ vaultDns: world.simulator.url, userId: world.user.id });
      expect(current.accessToken).not.toBe(token);
      expect(current.tokenId).toBe(activeOf(arn)[0]?.id);
      expect(current.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(activeOf(arn).map((t) => t.name)).toEqual([rotationTokenName(arn, result.versionId)]);
      // The bootstrap token was made by a person; the rotator has no id for it and leaves it alone.
      expect(world.simulator.isTokenAccepted(token)).toBe(true);
      const lines = world.output.lines();
      expect(
        lines.some((l) => l.step === 'createSecret' && l.secretArn === arn && l.versionId === result.versionId),
      ).toBe(true);
      expect(lines.some((l) => l.service === 'vault-api-token-rotator')).toBe(true);
      const vaultCalls = lines.filter((l) => l.message === 'Vault request');
      expect(vaultCalls.length).toBeGreaterThan(0);
      expect(vaultCalls.every((l) => typeof l.executionId === 'string' && l.step !== undefined)).toBe(true);
      await world.check(arn, { rotationCompleted: true });
    });

    it('five rotations in a row', async () => {
      const { arn } = await world.bootstrapSecret();
      const tokenIds = new Set<string>();
      for (let i = 0; i < 5; i += 1) {
        expect((await world.rotate(arn)).succeeded).toBe(true);
        tokenIds.add((await world.value(arn)).tokenId!);
        await world.check(arn, { rotationCompleted: true });
      }
      expect(tokenIds.size).toBe(5);
      // At rest exactly two: AWSCURRENT's and AWSPREVIOUS's (finishSecret revoked the one it unlabelled).
      const current = await world.value(arn);
      expect(activeOf(arn)).toHaveLength(2);
      expect(activeOf(arn).map((t) => t.id)).toContain(current.tokenId);
    });

    it('every step retried (each invoked twice)', async () => {
      const { arn } = await world.bootstrapSecret();
      world.invoke = async (event) => {
        await fixture.invoke(event);
        await fixture.invoke(event);
      };
      for (let i = 0; i < 3; i += 1) {
        expect((await world.rotate(arn)).succeeded).toBe(true);
        await world.check(arn, { rotationCompleted: true });
      }
      expect(world.requestCount('mint')).toBe(3);
    });

    it('death after mint, before PutSecretValue: the retry sweeps the orphan', async () => {
      const { arn } = await world.bootstrapSecret({ userId: world.user.id });
      expect((await world.rotate(arn)).succeeded).toBe(true);
      const versionId = '11111111-2222-4333-8444-555555555555';
      const orphan = world.simulator.issueToken(world.user.id, { name: rotationTokenName(arn, versionId) });
      const result = await world.rotate(arn, { clientRequestToken: versionId });
      expect(result.succeeded).toBe(true);
      expect(world.simulator.isTokenAccepted(orphan.token)).toBe(false);
      expect((await world.value(arn)).tokenId).not.toBe(orphan.id);
      await world.check(arn, { rotationCompleted: true, secrets: [orphan.token] });
    });

    it('a lost mint answer: the token is revoked by name and the rotation is retried', async () => {
      const { arn } = await world.bootstrapSecret();
      world.simulator.injectFault({ operation: 'mint', kind: { type: 'lost-answer' } });
      const result = await world.rotate(arn);
      expect(result).toMatchObject({ succeeded: true, attempts: 2 });
      expect(result.errors[0]?.message).toMatch(/got no usable answer/);
      expect(activeOf(arn)).toHaveLength(1);
      await world.check(arn, { rotationCompleted: true });
    });

    it.skipIf(backendCase.diverges('fault-injection'))(
      'PutSecretValue fails: the new token is revoked and the retry succeeds',
      async () => {
        const { arn } = await world.bootstrapSecret();
        // Enough to outlast the function's own SDK retries within one attempt.
        (world.backend as SecretsManagerStandIn).injectFault({
          operation: 'PutSecretValue',
          kind: 'service',
          times: SECRETS_MANAGER_MAX_ATTEMPTS,
        });
        const result = await world.rotate(arn);
        expect(result).toMatchObject({ succeeded: true, attempts: 2 });
        expect(world.requestCount('mint')).toBe(2);
        expect(activeOf(arn)).toHaveLength(1);
        await world.check(arn, { rotationCompleted: true });
      },
    );

    describe('Vault faults at each call', () => {
      const transient: [SimOperation, SimFaultKind][] = [
        ['mint', { type: 'http-503-html' }],
        ['mint', { type: 'connection-reset' }],
        ['query', { type: 'vault-error', errorType: 'UNEXPECTED_ERROR' }],
        ['query', { type: 'connection-reset' }],
        ['delete', { type: 'http-503-html' }],
        ['delete', { type: 'lost-answer' }],
        ['whoAmI', { type: 'vault-error', errorType: 'API_LIMIT_EXCEEDED' }],
        ['whoAmI', { type: 'connection-reset' }],
      ];
      it.each(transient)('transient %s fault (%j) is recovered', async (operation, kind) => {
        const { arn } = await world.bootstrapSecret();
        // Three rotations first, so the next one has a stale token to delete.
        for (let i = 0; i < 3; i += 1) expect((await world.rotate(arn)).succeeded).toBe(true);
        world.simulator.injectFault({ operation, kind });
        const result = await world.rotate(arn);
        expect(result.succeeded).toBe(true);
        expect(world.simulator.requests.some((r) => r.operation === operation && r.fault === kind.type)).toBe(true);
        await world.check(arn, { rotationCompleted: true });
      });

      // The steady state queries only in finishSecret, after the move (best effort): a query fault is below.
      const permanent: SimOperation[] = ['mint', 'whoAmI'];
      it.each(permanent)('a permanent %s fault fails cleanly; the next rotation succeeds', async (operation) => {
        const { arn } = await world.bootstrapSecret();
        for (let i = 0; i < 3; i += 1) expect((await world.rotate(arn)).succeeded).toBe(true);
        const before = await world.value(arn);
        world.simulator.injectFault({
          operation,
          kind: { type: 'vault-error', errorType: 'INSUFFICIENT_ACCESS' },
          times: 10,
        });
        const failed = await world.rotate(arn, { maxAttempts: 1 });
        expect(failed.succeeded).toBe(false);
        expect(failed.errors[0]?.message).toMatch(/INSUFFICIENT_ACCESS|insufficient/i);
        expect(await world.value(arn)).toEqual(before);
        await world.check(arn);
        world.simulator.clearFaults();
        const next = await world.rotate(arn, { clientRequestToken: failed.versionId });
        expect(next.succeeded).toBe(true);
        await world.check(arn, { rotationCompleted: true });
      });
    });

    it.each(['query', 'delete'] as const)(
      'a permanent %s fault: the steady state still rotates (finishSecret only warns); the next finishSecret revokes what it left',
      async (operation) => {
        const { arn } = await world.bootstrapSecret();
        for (let i = 0; i < 3; i += 1) expect((await world.rotate(arn)).succeeded).toBe(true);
        world.simulator.injectFault({
          operation,
          kind: { type: 'vault-error', errorType: 'INSUFFICIENT_ACCESS' },
          times: 10,
        });
        expect((await world.rotate(arn)).succeeded).toBe(true);
        expect(world.output.lines().some((l) => String(l.message).startsWith('finishSecret: could not revoke'))).toBe(true);
        expect(activeOf(arn)).toHaveLength(3);
        await world.check(arn, { rotationCompleted: true });
        world.simulator.clearFaults();
        expect((await world.rotate(arn)).succeeded).toBe(true);
        expect(activeOf(arn)).toHaveLength(2);
        await world.check(arn, { rotationCompleted: true });
      },
    );

    it('a Vault call that hangs is aborted before the Lambda timeout, logged, and the next attempt succeeds', async () => {
      const { arn } = await world.bootstrapSecret();
      world.simulator.injectFault({ operation: 'mint', kind: { type: 'hang' } });
      const aborted = await world.rotate(arn, { maxAttempts: 1, invoke: invokerFor(fixture.handler, 2500) });
      expect(aborted.succeeded).toBe(false);
      expect(aborted.errors[0]?.name).toBe('TimeoutError');
      const failure = world.output.lines().find((l) => l.message === 'Rotation step failed');
      expect(failure).toMatchObject({ errorName: 'TimeoutError', step: 'createSecret', secretArn: arn });
      const next = await world.rotate(arn, { clientRequestToken: aborted.versionId });
      expect(next.succeeded).toBe(true);
      await world.check(arn, { rotationCompleted: true });
    });

    describe('the 25-token cap', () => {
      it('stale tokens of this secret make room', async () => {
        const { arn } = await world.bootstrapSecret();
        expect((await world.rotate(arn)).succeeded).toBe(true);
        for (let i = 0; i < 5; i += 1) {
          world.simulator.issueToken(world.user.id, { name: `${secretTokenPrefix(arn)}stale-${i}` });
        }
        while (world.simulator.tokens({ userId: world.user.id, activeOnly: true }).length < CAP) {
          world.simulator.issueToken(world.user.id);
        }
        expect((await world.rotate(arn)).succeeded).toBe(true);
        await world.check(arn, { rotationCompleted: true });
      });

      it('in never mode the cap itself triggers the clean-up of stale tokens', async () => {
        const { arn } = await world.bootstrapSecret({ revokePrevious: 'never' });
        for (let i = 0; i < 3; i += 1) expect((await world.rotate(arn)).succeeded).toBe(true);
        while (world.simulator.tokens({ userId: world.user.id, activeOnly: true }).length < CAP) {
          world.simulator.issueToken(world.user.id);
        }
        expect((await world.rotate(arn)).succeeded).toBe(true);
        expect(world.output.text()).toContain('at the API access token cap');
        expect(activeOf(arn)).toHaveLength(3);
        await world.check(arn, { rotationCompleted: true });
      });

      it('with no stale token of this secret it fails naming the cap and the user', async () => {
        const { arn } = await world.bootstrapSecret();
        const before = await world.value(arn);
        while (world.simulator.tokens({ userId: world.user.id, activeOnly: true }).length < CAP) {
          world.simulator.issueToken(world.user.id);
        }
        const result = await world.rotate(arn, { maxAttempts: 1 });
        expect(result.succeeded).toBe(false);
        expect(result.errors[0]?.message).toContain(`user ${world.user.id} has 25 active API access tokens`);
        expect(result.errors[0]?.message).toContain(`at most ${CAP} per user`);
        expect(await world.value(arn)).toEqual(before);
        expect(world.requestCount('mint')).toBe(1);
        await world.check(arn);
      });
    });

    describe('an expired current token', () => {
      it('without a credentials secret fails with re-bootstrap steps that work', async () => {
        const expired = world.simulator.issueToken(world.user.id, { expiresAt: world.simulator.clock.now() - 1000 });
        const arn = await world.createSecret({ vaultDns: world.simulator.url, accessToken: expired.token });
        const failed = await world.rotate(arn, { maxAttempts: 1 });
        expect(failed.succeeded).toBe(false);
        const message = failed.errors[0]?.message ?? '';
        expect(message).toContain('is no longer accepted by Vault');
        expect(message).toContain('aws secretsmanager put-secret-value');
        expect(message).toContain(`--remove-from-version-id ${failed.versionId}`);
        expect(world.requestCount('mint')).toBe(0);

        // Follow the instructions.
        const fresh = world.simulator.issueToken(world.user.id, { name: 'made in the Vault UI' });
        await world.putCurrent(arn, { vaultDns: world.simulator.url, accessToken: fresh.token });
        await world.sm.send(
          new UpdateSecretVersionStageCommand({
            SecretId: arn,
            VersionStage: 'AWSPENDING',
            RemoveFromVersionId: failed.versionId,
          }),
        );
        expect((await world.rotate(arn)).succeeded).toBe(true);
        await world.check(arn, { rotationCompleted: true, secrets: [expired.token, fresh.token] });
      });

      it('with a credentials secret recovers on its own', async () => {
        const credentialsSecretArn = await world.credentialsSecret();
        const expired = world.simulator.issueToken(world.user.id, { expiresAt: world.simulator.clock.now() - 1000 });
        const arn = await world.createSecret({
          vaultDns: world.simulator.url,
          accessToken: expired.token,
          userId: world.user.id,
          credentialsSecretArn,
        });
        // A token of this secret left behind earlier: only the new token can clean it up now.
        const stale = world.simulator.issueToken(world.user.id, { name: `${secretTokenPrefix(arn)}stale` });
        const result = await world.rotate(arn);
        expect(result).toMatchObject({ succeeded: true, attempts: 1 });
        expect(world.simulator.requests.some((r) => r.operation === 'auth')).toBe(true);
        expect(world.simulator.isTokenAccepted(stale.token)).toBe(false);
        expect(world.output.text()).toContain('no longer accepted by Vault; minting with the credentials secret');
        await world.check(arn, { rotationCompleted: true, secrets: [expired.token, stale.token] });
        expect((await world.rotate(arn)).succeeded).toBe(true);
        await world.check(arn, { rotationCompleted: true, secrets: [expired.token, stale.token] });
      });
    });

    it('testSecret alone (RotateImmediately=false)', async () => {
      const { arn } = await world.bootstrapSecret();
      expect((await world.rotate(arn)).succeeded).toBe(true);
      world.simulator.clearRequests();
      const result = await testRotationConfiguration({ backend: world.backend, secretId: arn, invoke: world.invoke });
      expect(result).toMatchObject({ succeeded: true, errors: [] });
      expect(world.requestCount('mint')).toBe(0);
      expect(world.requestCount('whoAmI')).toBe(1);
      await world.check(arn, { rotationCompleted: true });
    });

    it('forUserId: an admin credentials secret mints for another user', async () => {
      const admin = world.simulator.addUser({
        userName: 'token-admin@acme.test',
        password: USER_PASSWORD,
        admin: true,
      });
      const credentialsSecretArn = await world.credentialsSecret({ username: admin.userName, password: USER_PASSWORD });
      const { arn } = await world.bootstrapSecret({ forUserId: world.user.id, credentialsSecretArn });
      for (let i = 0; i < 3; i += 1) expect((await world.rotate(arn)).succeeded).toBe(true);
      const current = await world.value(arn);
      expect(current.userId).toBe(world.user.id);
      const row = world.simulator.tokens({ activeOnly: true }).find((t) => t.id === current.tokenId);
      expect(row?.userId).toBe(world.user.id);
      await world.check(arn, { rotationCompleted: true });
    });

    it('sandbox: mints through the parent Vault; the token works on the sandbox', async () => {
      const sandbox = await world.simulator.addSandbox('UAT');
      const credentialsSecretArn = await world.credentialsSecret();
      const issued = world.simulator.issueToken(world.user.id, { vault: 'UAT', name: 'made in the sandbox UI' });
      const arn = await world.createSecret({
        vaultDns: sandbox.url,
        accessToken: issued.token,
        sandboxName: 'UAT',
        parentVaultDns: world.simulator.url,
        credentialsSecretArn,
      });
      for (let i = 0; i < 3; i += 1) {
        expect((await world.rotate(arn)).succeeded).toBe(true);
        await world.check(arn, { vault: 'UAT', rotationCompleted: true });
      }
      const current = await world.value(arn);
      expect(world.simulator.isTokenAccepted(current.accessToken!, 'UAT')).toBe(true);
      expect(world.simulator.isTokenAccepted(current.accessToken!, 'main')).toBe(false);
      expect(activeOf(arn, 'UAT')).toHaveLength(2);
    });

    describe('revokePrevious', () => {
      it('next-rotation: a token stays valid while it is AWSCURRENT or AWSPREVIOUS', async () => {
        const { arn } = await world.bootstrapSecret();
        await world.rotate(arn);
        const first = await world.value(arn);
        await world.rotate(arn); // first is AWSPREVIOUS
        expect(world.simulator.isTokenAccepted(first.accessToken!)).toBe(true);
        await world.rotate(arn); // first is unreferenced now: the finishSecret that unlabelled it revoked it
        expect(world.simulator.isTokenAccepted(first.accessToken!)).toBe(false);
        expect(activeOf(arn)).toHaveLength(2);
        await world.check(arn, { rotationCompleted: true });
      });

      it('immediately: the previous token is revoked as soon as the new one is current', async () => {
        const { arn } = await world.bootstrapSecret({ revokePrevious: 'immediately' });
        await world.rotate(arn);
        const first = await world.value(arn);
        expect((await world.rotate(arn)).succeeded).toBe(true);
        expect(world.simulator.isTokenAccepted(first.accessToken!)).toBe(false);
        expect(activeOf(arn)).toHaveLength(1);
        await world.check(arn, { rotationCompleted: true, revokePrevious: 'immediately' });
      });

      it('never: tokens are left to expire', async () => {
        const { arn } = await world.bootstrapSecret({ revokePrevious: 'never' });
        const seen: string[] = [];
        for (let i = 0; i < 4; i += 1) {
          await world.rotate(arn);
          seen.push((await world.value(arn)).accessToken!);
        }
        expect(seen.every((token) => world.simulator.isTokenAccepted(token))).toBe(true);
        expect(world.requestCount('delete')).toBe(0);
        await world.check(arn, { rotationCompleted: true, revokePrevious: 'never' });
      });
    });

    describe('bad configuration: error naming the field, secret unchanged, no token minted', () => {
      const creds = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:creds-AbCdEf';
      const cases: [string, (base: Record<string, unknown>) => Record<string, unknown>][] = [
        ['vaultDns', (b) => ({ ...b, vaultDns: 'https://vault.example.com/api' })],
        ['apiVersion', (b) => ({ ...b, apiVersion: '26.2' })],
        ['accessToken', (b) => ({ ...b, accessToken: 'not-a-vault-token' })],
        ['tokenId', (b) => ({ ...b, tokenId: 7 })],
        ['expiresAt', (b) => ({ ...b, expiresAt: 'next week' })],
        ['userId', (b) => ({ ...b, userId: 'alice' })],
        ['credentialsSecretArn', (b) => ({ ...b, credentialsSecretArn: 'my-creds' })],
        ['forUserId', (b) => ({ ...b, forUserId: 'bob' })],
        ['sandboxName', (b) => ({ ...b, sandboxName: '' })],
        ['parentVaultDns', (b) => ({ ...b, sandboxName: 'UAT', credentialsSecretArn: creds })],
        ['tokenLifetime', (b) => ({ ...b, tokenLifetime: 'forever' })],
        ['revokePrevious', (b) => ({ ...b, revokePrevious: 'later' })],
        ['clientId', (b) => ({ ...b, clientId: 'has spaces!' })],
      ];
      it.each(cases)('%s', async (field, mutate) => {
        const issued = world.simulator.issueToken(world.user.id);
        const value = mutate({ vaultDns: world.simulator.url, accessToken: issued.token });
        const arn = await world.createSecret(value);
        const result = await world.rotate(arn, { maxAttempts: 1 });
        expect(result.succeeded).toBe(false);
        expect(result.errors[0]?.message).toContain(`: ${field}: `);
        expect(await world.value(arn)).toEqual(value);
        expect(world.requestCount('mint')).toBe(0);
        expect(world.simulator.isTokenAccepted(issued.token)).toBe(true);
        const failures = world.output.lines().filter((l) => l.message === 'Rotation step failed');
        expect(failures.at(-1)?.errorMessage).toContain(`${field}: `);
        await world.check(arn, { currentIsUsable: field !== 'accessToken' });
      });
    });
  });
}
