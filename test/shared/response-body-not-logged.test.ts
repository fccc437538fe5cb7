// security.md / SECURITY.md: a Vault response body is never logged. Whatever an answer carries beyond the fields the
// client reads (a JSON field it ignores, an HTML error page, a body that is not JSON at all) stays out of the log lines
// and out of the error, through the public client against a scripted server.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultSession, Secret } from '../../shared/index.js';
import { captureLogger } from './support/capture-logger.js';
import { FAST_RETRY } from './support/session.js';
import { type Reply, type StubServer, startStubServer } from './support/stub-server.js';

const MARKER = 'body-only-marker-5d1f';

let stub: StubServer;
beforeAll(async () => {
  stub = await startStubServer();
});
afterAll(async () => {
  await stub.close();
});

async function texts(...replies: Reply[]): Promise<string[]> {
  stub.reply(...replies);
  const logger = captureLogger();
  const session = openVaultSession(
    { vaultDns: stub.url, retry: FAST_RETRY, logger },
    { kind: 'token', token: new Secret('veeva-vault-TESTTOKEN0123456789abcdef') },
  );
  const outcome = await session.whoAmI().then(
    (value) => JSON.stringify(value),
    (error: unknown) => (error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error)),
  );
  return [outcome, logger.text()];
}

describe('a Vault response body is never logged', () => {
  it.each([
    [
      'a successful JSON answer with a field the client ignores',
      [{ json: { responseStatus: 'SUCCESS', users: [{ user: { id: 1, user_name__v: 'a@b.c' } }], extra: MARKER } }],
    ],
    ['an HTML error page, through every retry', Array.from({ length: 3 }, () => ({ status: 500, text: `<html>${MARKER}</html>` }))],
    ['a 200 answer that is not JSON', [{ status: 200, text: `not json ${MARKER}` }]],
  ] as const)('%s', async (_what, replies) => {
    const [outcome, log] = await texts(...(replies as readonly Reply[]));
    expect(outcome, 'the call answered or failed with a message').not.toBe('');
    expect(outcome).not.toContain(MARKER);
    expect(log).not.toContain(MARKER);
  });
});
