// Session ids are secrets of any length (security.md, rotation.md "Logs"): one Vault quotes back in an error is blanked,
// whether it is Vault's usual long id or a short one. Driven through the public client against a scripted server.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { openVaultSession, Secret } from '../../shared/index.js';
import { captureLogger } from './support/capture-logger.js';
import { FAST_RETRY } from './support/session.js';
import { failure, type StubServer, startStubServer, success } from './support/stub-server.js';

let stub: StubServer;
beforeAll(async () => {
  stub = await startStubServer();
});
afterAll(async () => {
  await stub.close();
});

async function echoedSessionId(sessionId: string): Promise<string[]> {
  stub.requests.length = 0;
  stub.reply(
    success({ sessionId, userId: 12021, vaultIds: [{ id: 1776, url: `${stub.url}/api` }], vaultId: 1776 }),
    failure('INSUFFICIENT_ACCESS', `Session ${sessionId} may not do this`),
  );
  const logger = captureLogger();
  const session = openVaultSession(
    { vaultDns: stub.url, retry: FAST_RETRY, logger },
    { kind: 'password', username: 'api@veepharm.com', password: new Secret('correct horse battery staple') },
  );
  const error = await session.whoAmI().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, 'the call fails').toBeInstanceOf(Error);
  expect(stub.requests.at(-1)?.headers.authorization, 'the session id was really used').toBe(sessionId);
  await session.close();
  return [(error as Error).message, (error as Error).stack ?? '', inspect(error, { depth: 5 }), logger.text()];
}

describe('a session id Vault quotes back in an error', () => {
  it('is blanked when it is long, as Vault issues them', async () => {
    const sessionId = 'SESSION-3B3C45FD240E26F0AB';
    for (const text of await echoedSessionId(sessionId)) expect(text).not.toContain(sessionId);
  });

  // A Secret registers its value whatever its length (issue 17: a short session id used to be printed).
  it('is blanked when it is shorter than 8 characters', async () => {
    const sessionId = 'Sx7kQ2';
    for (const text of await echoedSessionId(sessionId)) expect(text).not.toContain(sessionId);
  });
});
