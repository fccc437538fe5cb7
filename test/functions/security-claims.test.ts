// Security promises of docs/rotation.md, docs/fleet.md and SECURITY.md that no other test pinned (issue 17): held
// secrets blanked down an error's cause chain, the session cache's documented defaults, and no token written to disk
// or to environment variables. Written against the handler and the cache's public methods, so they survive internal
// moves. test/docs/security-claims.test.ts maps each sentence to its test here.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_IDLE_MS,
  DEFAULT_MAX_SESSIONS,
  SessionCache,
  type SessionKey,
} from '../../functions/rotation/fleet/session-cache.js';
import type { VaultSession } from '../../shared/types.js';
import { UnitWorld } from './support/unit-world.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome, 'the step fails').toBeInstanceOf(Error);
  return outcome as Error;
}

/** Every error of a cause chain, outermost first (bounded: a cycle must not hang the test). */
function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let current = error; current instanceof Error && chain.length < 20; current = current.cause) chain.push(current);
  return chain;
}

describe('redaction by value, down the cause chain (rotation.md "Logs")', () => {
  it('blanks a held secret that only an inner cause of the thrown error quotes', async () => {
    const world = new UnitWorld();
    const shortPassword = 'pw7';
    world.vault.addUser('short@acme.test', { password: shortPassword, admin: true });
    const credentialsSecretArn = world.credentialsSecret({ username: 'short@acme.test', password: shortPassword });
    const { arn, token } = world.bootstrap({ credentialsSecretArn });
    const rotationToken = 'rt-c4a1';
    const echo = `upstream said: password ${shortPassword}, token ${token.value}, RotationToken ${rotationToken}`;
    // Two levels down: the outer errors say nothing secret, the innermost cause quotes three held secrets.
    const innermost = new Error(echo);
    const middle = new Error('the request failed', { cause: innermost });
    world.vault.throwNext('mintToken', new Error('minting failed', { cause: middle }));

    const error = await failure(world.invoke('createSecret', arn, world.sm.startRotation(arn), rotationToken));

    const chain = causeChain(error);
    expect(chain.length, 'the thrown error keeps its causes').toBeGreaterThanOrEqual(3);
    expect(chain.some((link) => link.message.includes('[REDACTED]')), 'the quoting cause is still there, blanked').toBe(
      true,
    );
    const texts = [
      ...chain.flatMap((link) => [link.message, link.stack ?? '']),
      inspect(error, { depth: 10 }),
      world.logger.text(),
    ];
    for (const text of texts) {
      expect(text).not.toContain(shortPassword);
      expect(text).not.toContain(rotationToken);
      expect(text).not.toContain(token.value);
    }
  });
});

describe('the session cache’s documented defaults (fleet.md: 16 sessions, 9 minutes idle)', () => {
  const closedBy = (closed: string[]) =>
    ({
      target: { origin: 'https://main.vault.test', host: 'main.vault.test', apiVersion: 'v26.2' },
      close: async () => {
        closed.push('closed');
      },
    }) as unknown as VaultSession;
  const key = (credentialsSecretArn: string): SessionKey => ({
    credentialsSecretArn,
    versionId: 'v1',
    origin: 'https://main.vault.test',
    apiVersion: 'v26.2',
    clientId: '',
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('keeps 16 sessions by default and ends the least recently used one for the 17th', async () => {
    expect(DEFAULT_MAX_SESSIONS).toBe(16);
    const closed: string[][] = [];
    const cache = new SessionCache();
    for (let i = 0; i < 16; i += 1) {
      closed.push([]);
      cache.put(key(`arn:creds-${i}`), closedBy(closed[i]!), i);
    }
    await settle();
    expect(cache.size).toBe(16);
    expect(closed.flat()).toEqual([]);
    closed.push([]);
    cache.put(key('arn:creds-16'), closedBy(closed[16]!), 16);
    await settle();
    expect(cache.size).toBe(16);
    expect(closed[0], 'the least recently used is ended').toEqual(['closed']);
    expect(closed.slice(1).flat()).toEqual([]);
    expect(cache.take(key('arn:creds-0'), 17)).toBeUndefined();
  });

  it('hands out a session idle for 9 minutes by default, and replaces (ends) one idle a moment longer', async () => {
    expect(DEFAULT_MAX_IDLE_MS).toBe(9 * 60_000);
    const closed: string[] = [];
    const cache = new SessionCache();
    const session = closedBy(closed);
    cache.put(key('arn:creds-a'), session, 0);
    expect(cache.take(key('arn:creds-a'), 9 * 60_000)).toBe(session);
    cache.touch(key('arn:creds-a'), 0);
    expect(cache.take(key('arn:creds-a'), 9 * 60_000 + 1)).toBeUndefined();
    await settle();
    expect(closed).toEqual(['closed']);
  });
});

describe('no token is written to disk or to environment variables (SECURITY.md "Never stored")', () => {
  it('a whole rotation leaves no token value in process.env', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const before = { ...process.env };
    await world.rotateOnce(arn);
    const tokens = world.tokenValues();
    expect(tokens.length, 'the rotation minted a token').toBeGreaterThan(1);
    const envText = Object.entries(process.env)
      .map(([name, value]) => `${name}=${value ?? ''}`)
      .join('\n');
    expect(tokens.filter((value) => envText.includes(value))).toEqual([]);
    expect(Object.keys(process.env).sort()).toEqual(Object.keys(before).sort());
  });

  it('the rotator’s and the shared client’s code imports no file system module and assigns no environment variable', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          const source = readFileSync(path, 'utf8');
          if (/from\s+['"](node:)?fs(\/promises)?['"]|require\(\s*['"](node:)?fs/.test(source)) offenders.push(`${path}: fs`);
          if (/process\.env(\.\w+|\[[^\]]+\])\s*=(?!=)/.test(source)) offenders.push(`${path}: process.env assignment`);
          if (/Object\.assign\(\s*process\.env/.test(source)) offenders.push(`${path}: process.env assignment`);
        }
      }
    };
    for (const dir of ['functions', 'shared']) walk(join(ROOT, dir));
    expect(offenders).toEqual([]);
  });
});

describe('testSecret revokes nothing itself (rotation.md: a token still propagating must not be killed)', () => {
  it('gives up on a pending token Vault does not accept yet without revoking it or anything else', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    const versionId = world.sm.startRotation(arn);
    await world.invoke('createSecret', arn, versionId);
    const active = () => world.vault.tokens.filter((token) => token.active).map((token) => token.id);
    const before = active();
    const revokesBefore = world.vault.callsTo('revokeTokens').length;
    world.vault.injectFault('whoAmI', { type: 'vault-error', errorType: 'INVALID_SESSION_ID' }, 10);
    await expect(world.invoke('testSecret', arn, versionId)).rejects.toThrow();
    expect(world.vault.callsTo('revokeTokens').length).toBe(revokesBefore);
    expect(active()).toEqual(before);
  });
});
