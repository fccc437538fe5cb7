// Password sessions reused across invocations of a warm container (session-cache.ts, vault-guard.ts): keyed by the
// credentials secret and its version, bounded, ended on eviction, refreshed once when Vault no longer accepts them.
import { describe, expect, it } from 'vitest';
import { createFleet } from '../../functions/rotation/fleet/fleet.js';
import { SessionCache, type SessionKey } from '../../functions/rotation/fleet/session-cache.js';
import type { StepContext } from '../../functions/rotation/context.js';
import { fleetScope } from '../../functions/rotation/fleet/sessions-fleet.js';
import { guardedSession } from '../../functions/rotation/fleet/guard.js';
import { VaultApiError } from '../../shared/errors.js';
import { openVaultSession, Secret } from '../../shared/index.js';
import type { VaultSession } from '../../shared/types.js';
import { failure, startStubServer, success } from '../shared/support/stub-server.js';
import { UnitWorld } from './support/unit-world.js';

function fakeSession(name: string, closed: string[], mint: () => Promise<unknown> = async () => ({ id: name })): VaultSession {
  return {
    target: { origin: 'https://main.vault.test', host: 'main.vault.test', apiVersion: 'v26.2' },
    mintToken: mint as VaultSession['mintToken'],
    whoAmI: async () => ({ userId: '1', userName: name }),
    listTokens: async () => [],
    revokeTokens: async () => [],
    findSandbox: async () => undefined,
    close: async () => {
      closed.push(name);
    },
  };
}

const key = (versionId: string, credentialsSecretArn = 'arn:creds-a'): SessionKey => ({
  credentialsSecretArn,
  versionId,
  origin: 'https://main.vault.test',
  apiVersion: 'v26.2',
  clientId: '',
});

describe('SessionCache', () => {
  it('hands back the cached session for the same credentials secret and version', () => {
    const closed: string[] = [];
    const cache = new SessionCache();
    const session = fakeSession('s1', closed);
    cache.put(key('v1'), session, 0);
    expect(cache.take(key('v1'), 1000)).toBe(session);
    expect(cache.take(key('v2'), 1000)).toBeUndefined();
    expect(closed).toEqual([]);
  });

  it('retires (ends) the sessions of an older version when a new version signs in', () => {
    const closed: string[] = [];
    const cache = new SessionCache();
    cache.put(key('v1'), fakeSession('old', closed), 0);
    cache.put(key('v1', 'arn:creds-b'), fakeSession('other-secret', closed), 0);
    cache.put(key('v2'), fakeSession('new', closed), 1);
    expect(closed).toEqual(['old']);
    expect(cache.take(key('v1'), 2)).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('is bounded: the least recently used session is ended', () => {
    const closed: string[] = [];
    const cache = new SessionCache({ max: 2 });
    cache.put(key('v', 'a'), fakeSession('a', closed), 0);
    cache.put(key('v', 'b'), fakeSession('b', closed), 1);
    cache.take(key('v', 'a'), 2);
    cache.put(key('v', 'c'), fakeSession('c', closed), 3);
    expect(closed).toEqual(['b']);
    expect(cache.size).toBe(2);
  });

  it('ends a session idle longer than the limit instead of handing it out', () => {
    const closed: string[] = [];
    const cache = new SessionCache({ maxIdleMs: 1000 });
    cache.put(key('v1'), fakeSession('idle', closed), 0);
    expect(cache.take(key('v1'), 1001)).toBeUndefined();
    expect(closed).toEqual(['idle']);
  });

  it('forgets a session Vault no longer accepts without ending it', () => {
    const closed: string[] = [];
    const cache = new SessionCache();
    const session = fakeSession('expired', closed);
    cache.put(key('v1'), session, 0);
    cache.forget(key('v1'), session);
    expect(cache.take(key('v1'), 1)).toBeUndefined();
    expect(closed).toEqual([]);
  });
});

describe('a reused session that Vault no longer accepts', () => {
  it('is replaced by a fresh sign-in and the call repeated once', async () => {
    const fleet = createFleet();
    const closed: string[] = [];
    const invalid = new VaultApiError({
      operation: 'mintToken',
      message: 'INVALID_SESSION_ID',
      type: 'INVALID_SESSION_ID',
      responseStatus: 'FAILURE',
      httpStatus: 200,
      executionId: undefined,
      errors: [{ type: 'INVALID_SESSION_ID', message: 'Invalid or expired session ID.' }],
      retryable: false,
    });
    const stale = fakeSession('stale', closed, async () => {
      throw invalid;
    });
    const fresh = fakeSession('fresh', closed);
    fleet.sessions.put(key('v1'), stale, 0);
    let signIns = 0;
    const guarded = guardedSession(fleet, () => new Date(0), stale, {
      key: key('v1'),
      reused: true,
      fresh: async () => {
        signIns += 1;
        fleet.sessions.put(key('v1'), fresh, 0);
        return fresh;
      },
    });
    await expect(guarded.mintToken({ name: 'x' })).resolves.toEqual({ id: 'fresh' });
    expect(signIns).toBe(1);
    expect(fleet.sessions.take(key('v1'), 1)).toBe(fresh);
    // An invocation never ends a cached session.
    await guarded.close();
    expect(closed).toEqual([]);
  });
});

describe('rotations sharing one password credentials secret in a warm container', () => {
  it('sign in once, and again only after the credentials secret gets a new version', async () => {
    const world = new UnitWorld();
    const credentials = world.credentialsSecret({ username: 'admin@acme.test', password: 'admin-password-123' });
    const secrets = Array.from({ length: 4 }, () =>
      world.bootstrap({ credentialsSecretArn: credentials, forUserId: world.userId }),
    );
    for (const { arn } of secrets) await world.rotateOnce(arn);
    const summaries = world.logger.lines.filter(
      (line) => line.message === 'Rotation invocation summary' && line.attributes.step === 'createSecret',
    );
    expect(summaries.map((line) => line.attributes.sessionReused)).toEqual([false, true, true, true]);

    world.sm.putVersion(
      credentials,
      JSON.stringify({ username: 'admin@acme.test', password: 'admin-password-123', usableBy: ['arn:aws:*'] }),
      ['AWSCURRENT'],
    );
    await world.rotateOnce(secrets[0]!.arn);
    const last = world.logger.lines.filter((line) => line.message === 'Rotation invocation summary').at(-4);
    expect(last?.attributes).toMatchObject({ step: 'createSecret', sessionReused: false });
  });
});

describe('a password sign-in that fails', () => {
  // Invocation 1 meets USER_LOCKED_OUT; an admin unlocks the user; later invocations on the same warm container must
  // sign in again instead of replaying the remembered failure (nothing in the credentials secret changed).
  it('is not cached: after the user is unlocked the next invocations sign in and succeed', async () => {
    const stub = await startStubServer();
    try {
      let locked = true;
      stub.fallback = (request) => {
        if (request.path.endsWith('/auth')) {
          return locked
            ? failure('USER_LOCKED_OUT', 'Your account is locked.')
            : success({ sessionId: 'SESSION-UNLOCKED', userId: 1, vaultId: 1, vaultIds: [{ id: 1, name: 'v', url: `${stub.url}/api` }] });
        }
        return success({ users: [{ user: { id: 1, user_name__v: 'admin@acme.test' } }] });
      };
      const fleet = createFleet({ allowedVaultHosts: new URL(stub.url).host });
      const ctx = {
        secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:vault-token-a-AbCdEf',
        deps: { fleet, now: () => new Date(), openVaultSession },
      } as unknown as StepContext;
      const credentials = { kind: 'password', username: 'admin@acme.test', password: new Secret('admin-password-123') } as const;
      const outcomes: string[] = [];
      for (let invocation = 1; invocation <= 3; invocation += 1) {
        if (invocation === 2) locked = false;
        const scope = fleetScope(ctx, { vaultDns: stub.url } as never);
        const session = await scope.reusable({ vaultDns: stub.url, retry: { attempts: 1 } }, credentials, {
          credentialsSecretArn: 'arn:creds-a',
          versionId: 'v1',
        });
        outcomes.push(
          await session!.whoAmI().then(
            () => 'ok',
            (error: unknown) => (error as { type?: string }).type ?? String(error),
          ),
        );
      }
      expect(outcomes).toEqual(['USER_LOCKED_OUT', 'ok', 'ok']);
      // Sign-ins: the locked one, one after the unlock, and invocation 3 reuses the good session.
      expect(stub.requests.filter((r) => r.path.endsWith('/auth'))).toHaveLength(2);
    } finally {
      await stub.close();
    }
  });
});

describe('SessionCache idle eviction', () => {
  it('counts idleness from the last successful use, not from the last take', () => {
    const closed: string[] = [];
    const cache = new SessionCache({ maxIdleMs: 1000 });
    cache.put(key('v1'), fakeSession('s', closed), 0);
    // Taken (and its calls failing) every 600 ms: no touch, so it is idle since 0 and ends at 1200.
    expect(cache.take(key('v1'), 600)).toBeDefined();
    expect(cache.take(key('v1'), 1200)).toBeUndefined();
    expect(closed).toEqual(['s']);
  });
});
