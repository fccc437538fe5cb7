// Fails if a token, password or session id shows up in any error (message, stack, cause chain, inspect, JSON,
// String), any log line, or the printed session/minted objects, across a battery of failure paths.
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openVaultSession, Secret, type VaultClientOptions, type VaultCredentials } from '../../shared/index.js';
import { captureLogger } from './support/capture-logger.js';
import { failure, type Reply, success, useStubVault } from './support/stub-server.js';

const TOKEN = 'veeva-vault-REDACTME0000aaaa1111bbbb';
const PASSWORD = 'Pa55word-never-printed';
const SESSION_ID = 'SESS-9F8E7D6C5B4A39281706';
const MINTED = 'veeva-vault-MINTED-zzzz9999yyyy8888';
const ODD_MINTED = 'NOT-A-VAULT-TOKEN-but-secret-4242';
const SECRETS = [TOKEN, PASSWORD, SESSION_ID, MINTED, ODD_MINTED];

const stub = useStubVault(() => success());
let logger: ReturnType<typeof captureLogger>;
beforeEach(() => {
  logger = captureLogger();
});

function options(extra: Partial<VaultClientOptions> = {}): VaultClientOptions {
  return {
    vaultDns: stub.url,
    logger,
    requestTimeoutMs: 300,
    retry: { attempts: 2, minDelayMs: 1, maxDelayMs: 2 },
    ...extra,
  };
}

const tokenCredentials = (): VaultCredentials => ({ kind: 'token', token: new Secret(TOKEN) });
const passwordCredentials = (): VaultCredentials => ({
  kind: 'password',
  username: 'api@veepharm.com',
  password: new Secret(PASSWORD),
});
const authOkFor = (url: string): Reply => ({
  json: { responseStatus: 'SUCCESS', sessionId: SESSION_ID, vaultIds: [{ id: 1, url: `${url}/api` }], vaultId: 1 },
});

/** Every textual view of a value we can think of. */
function renderings(value: unknown): string[] {
  const out = [
    String(value),
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    inspect(value, { depth: Number.POSITIVE_INFINITY, customInspect: false }),
    JSON.stringify(value) ?? '',
  ];
  let current: unknown = value;
  for (let depth = 0; current instanceof Error && depth < 10; depth++) {
    out.push(current.message, current.stack ?? '', JSON.stringify(current), String(current));
    current = current.cause;
  }
  return out;
}

function expectNoSecrets(...values: unknown[]): void {
  const texts = [...values.flatMap(renderings), logger.text()];
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

const echo = `session ${SESSION_ID} token ${TOKEN} password ${PASSWORD}`;

describe('no secret in any output', () => {
  beforeAll(() => {
    // Register every secret the way the client would meet it.
    for (const secret of SECRETS) new Secret(secret);
  });

  it.each<[string, Reply]>([
    ['a FAILURE echoing secrets', failure('INVALID_DATA', echo)],
    ['an EXCEPTION echoing secrets', failure('UNEXPECTED_ERROR', echo, 'EXCEPTION')],
    ['INVALID_SESSION_ID', failure('INVALID_SESSION_ID', `Invalid session ${TOKEN}`)],
    ['a 503 page echoing secrets', { status: 503, text: `<html>${echo}</html>` }],
    ['a non-JSON 200', { text: echo }],
    ['a reset', { reset: true }],
    ['a hang (timeout)', { hang: true }],
    ['a user mismatch', success({ users: [{ user: { id: 9, user_name__v: echo } }] })],
  ])('whoAmI with a token: %s', async (_label, reply) => {
    stub.fallback = reply;
    const session = openVaultSession(options(), tokenCredentials());
    const error = await failureOf(session.whoAmI({ expectedUserId: '1' }));
    expect(error).toBeInstanceOf(Error);
    expectNoSecrets(error, session);
  });

  it.each<[string, Reply]>([
    ['a reset', { reset: true }],
    ['an EXCEPTION', failure('UNEXPECTED_ERROR', echo, 'EXCEPTION')],
    ['a token of the wrong shape', success({ data: { id: 'V1', token__sys: ODD_MINTED } })],
    ['a 25-token cap', failure('OPERATION_NOT_ALLOWED', `cap reached for ${TOKEN}`)],
  ])('mintToken: %s', async (_label, reply) => {
    stub.reply(reply);
    const session = openVaultSession(options(), tokenCredentials());
    const error = await failureOf(session.mintToken({ name: 'rotator:x' }));
    expectNoSecrets(error, session);
  });

  it('a successful mint: the minted object and the session print no secret', async () => {
    stub.reply(success({ data: { id: 'V1', token__sys: MINTED } }));
    const session = openVaultSession(options(), tokenCredentials());
    const minted = await session.mintToken({ name: 'rotator:x' });
    expect(minted.token.reveal()).toBe(MINTED);
    expectNoSecrets(minted, session, { minted, session });
  });

  it('revoke per-record messages echoing secrets', async () => {
    stub.reply(
      success({ data: [{ responseStatus: 'FAILURE', errors: [{ type: 'INVALID_DATA', message: echo }] }] }),
      success({ data: [{ id: 'A', status__v: 'active__v' }] }),
    );
    const outcomes = await openVaultSession(options(), tokenCredentials()).revokeTokens(['A']);
    expect(outcomes[0]?.outcome).toBe('failed');
    expectNoSecrets(outcomes);
  });

  it('a bad password echoed by Vault', async () => {
    stub.reply(failure('USERNAME_OR_PASSWORD_INCORRECT', `Authentication failed: ${PASSWORD}`));
    const session = openVaultSession(options(), passwordCredentials());
    const error = await failureOf(session.whoAmI());
    expectNoSecrets(error, session);
  });

  it('auth defaulting, and ending that session failing', async () => {
    stub.reply(authOkFor('https://other.veevavault.com'));
    const session = openVaultSession(options({ requestTimeoutMs: 200 }), passwordCredentials());
    const error = await failureOf(session.whoAmI());
    expectNoSecrets(error, session);
  });

  it('a password session through sign-in, use, retries and a failing close', async () => {
    stub.reply(authOkFor(stub.url), failure('RACE_CONDITION', echo), failure('RACE_CONDITION', echo));
    const session = openVaultSession(options(), passwordCredentials());
    const error = await failureOf(session.listTokens({}));
    stub.reply({ status: 500, text: echo });
    await session.close();
    expect(logger.lines.some((line) => line.level === 'warn')).toBe(true);
    expectNoSecrets(error, session);
  });

  it('a refused connection with its fetch cause chain', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const session = openVaultSession(options({ vaultDns: `http://127.0.0.1:${port}` }), tokenCredentials());
    const error = await failureOf(session.whoAmI());
    expect((error as Error).cause).toBeInstanceOf(Error);
    expectNoSecrets(error, session);
  });

  it('a fetch whose own error (and cause) quotes the Authorization header', async () => {
    const leakyFetch: typeof fetch = async (_input, init) => {
      const header = new Headers(init?.headers).get('authorization');
      const cause = Object.assign(new Error(`socket said ${header}`), { code: 'ECONNRESET', header });
      throw Object.assign(new TypeError(`fetch failed for ${header}`, { cause }), { authorization: header });
    };
    const session = openVaultSession(options({ fetch: leakyFetch }), tokenCredentials());
    const error = await failureOf(session.whoAmI());
    expectNoSecrets(error, session);
  });

  it('the credentials and Secret objects themselves', () => {
    const credentials = passwordCredentials();
    expectNoSecrets(credentials, new Secret(TOKEN), `${new Secret(TOKEN)}`);
  });

  it('the check itself can fail: a raw secret is detected', () => {
    // Objects outside the client print raw values as they are; the assertion must catch that.
    expect(() => expectNoSecrets({ leaked: PASSWORD })).toThrow();
    expect(() => expectNoSecrets({ nested: { cause: new Error('x', { cause: { token: TOKEN } }) } })).toThrow();
    expect(() => expectNoSecrets('fine')).not.toThrow();
  });
});
