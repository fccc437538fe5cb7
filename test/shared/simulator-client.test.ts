// Every client operation against the Vault simulator over real HTTP (loopback). Each test gets a fresh simulator;
// after each, no credential the test handled may appear in any log line the client wrote.
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  isInvalidSession,
  openVaultSession,
  Secret,
  VaultAbortedError,
  VaultApiError,
  VaultAuthDefaultingError,
  type VaultClientOptions,
  VaultMintOutcomeUnknownError,
  type VaultSession,
  VaultTransportError,
  VaultUserMismatchError,
} from '../../shared/index.js';
import { startVaultSimulator, type VaultSimulator } from '../../simulator/vault-simulator.js';
import { captureLogger } from './support/capture-logger.js';

const DAY = 86_400_000;
const FAST = { attempts: 3, minDelayMs: 1, maxDelayMs: 5 };

let sim: VaultSimulator;
let logger: ReturnType<typeof captureLogger>;
/** Every credential a test saw; none may appear in the client's logs. */
let secrets: string[];

beforeEach(async () => {
  sim = await startVaultSimulator({ pageSize: 3 });
  logger = captureLogger();
  secrets = [sim.bootstrapToken, sim.bootstrapUser.password];
});

afterEach(async () => {
  const text = logger.text();
  for (const secret of secrets) expect(text).not.toContain(secret);
  await sim.close();
});

function options(extra: Partial<VaultClientOptions> = {}): VaultClientOptions {
  return { vaultDns: sim.url, logger, retry: FAST, requestTimeoutMs: 5000, ...extra };
}

function asToken(token: string, extra: Partial<VaultClientOptions> = {}): VaultSession {
  secrets.push(token);
  return openVaultSession(options(extra), { kind: 'token', token: new Secret(token) });
}

function asBootstrap(extra: Partial<VaultClientOptions> = {}): VaultSession {
  return asToken(sim.bootstrapToken, extra);
}

function asPassword(username: string, password: string, extra: Partial<VaultClientOptions> = {}): VaultSession {
  secrets.push(password);
  return openVaultSession(options(extra), { kind: 'password', username, password: new Secret(password) });
}

const inDays = (days: number) => new Date(sim.clock.now() + days * DAY);
const countOf = (operation: string) => sim.requests.filter((r) => r.operation === operation).length;

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('mint', () => {
  it('for the caller: a working token, stored with the name and a whole-second UTC expiry', async () => {
    const minted = await asBootstrap().mintToken({ name: 'rotator:self', expiresAt: inDays(30) });
    secrets.push(minted.token.reveal());
    expect(minted.token.reveal()).toMatch(/^veeva-vault-/);
    expect(sim.isTokenAccepted(minted.token.reveal())).toBe(true);
    const row = sim.tokens().find((t) => t.id === minted.id);
    expect(row).toMatchObject({ name: 'rotator:self', userId: sim.bootstrapUser.id, status: 'active__v' });
    expect(row?.expiresAt).toBe(Math.floor(inDays(30).getTime() / 1000) * 1000);
    expect(minted.expiresAt).toBe(`${inDays(30).toISOString().slice(0, 19)}Z`);
    await expect(asToken(minted.token.reveal()).whoAmI()).resolves.toMatchObject({ userId: sim.bootstrapUser.id });
  });

  it('for another user (as an admin)', async () => {
    const user = sim.addUser({ userName: 'integration@veepharm.com' });
    const minted = await asBootstrap().mintToken({
      name: 'for-user',
      expiresAt: inDays(7),
      target: { kind: 'user', userId: user.id },
    });
    await expect(asToken(minted.token.reveal()).whoAmI({ expectedUserId: user.id })).resolves.toEqual({
      userId: user.id,
      userName: 'integration@veepharm.com',
    });
  });

  it('for a sandbox by name: the token works on the sandbox, not on the parent', async () => {
    const sandbox = await sim.addSandbox('Dev Sandbox');
    const minted = await asBootstrap().mintToken({
      name: 'sandbox-token',
      expiresAt: inDays(7),
      target: { kind: 'sandbox', sandboxName: 'Dev Sandbox' },
    });
    secrets.push(minted.token.reveal());
    expect(sim.isTokenAccepted(minted.token.reveal(), 'Dev Sandbox')).toBe(true);
    expect(sim.isTokenAccepted(minted.token.reveal())).toBe(false);
    await expect(asToken(minted.token.reveal(), { vaultDns: sandbox.url }).whoAmI()).resolves.toMatchObject({
      userId: sim.bootstrapUser.id,
    });
    expect(isInvalidSession(await failureOf(asToken(minted.token.reveal()).whoAmI()))).toBe(true);
  });

  it('a lost answer: VaultMintOutcomeUnknownError with the name, no second mint, and the orphan can be found and revoked', async () => {
    sim.injectFault({ operation: 'mint', kind: { type: 'lost-answer' } });
    const session = asBootstrap();
    const error = await failureOf(session.mintToken({ name: 'rotator:lost-1', expiresAt: inDays(7) }));
    expect(error).toBeInstanceOf(VaultMintOutcomeUnknownError);
    expect((error as VaultMintOutcomeUnknownError).tokenName).toBe('rotator:lost-1');
    expect(countOf('mint')).toBe(1);

    const orphans = await session.listTokens({ name: 'rotator:lost-1' });
    expect(orphans).toHaveLength(1);
    const outcomes = await session.revokeTokens(orphans.map((o) => o.id));
    expect(outcomes).toEqual([{ id: orphans[0]?.id, outcome: 'revoked' }]);
    expect(sim.tokens({ activeOnly: true }).filter((t) => t.name === 'rotator:lost-1')).toHaveLength(0);
  });

  it('a reset before processing is still ambiguous to the client; the lookup then finds nothing', async () => {
    sim.injectFault({ operation: 'mint', kind: { type: 'connection-reset' } });
    const session = asBootstrap();
    await expect(session.mintToken({ name: 'rotator:reset', expiresAt: inDays(7) })).rejects.toBeInstanceOf(
      VaultMintOutcomeUnknownError,
    );
    await expect(session.listTokens({ name: 'rotator:reset' })).resolves.toEqual([]);
  });

  it('retries a FAILURE of a transient type and mints exactly once', async () => {
    sim.injectFault({ operation: 'mint', kind: { type: 'vault-error', errorType: 'RACE_CONDITION' }, times: 2 });
    const minted = await asBootstrap().mintToken({ name: 'rotator:race', expiresAt: inDays(7) });
    secrets.push(minted.token.reveal());
    expect(countOf('mint')).toBe(3);
    expect(sim.tokens().filter((t) => t.name === 'rotator:race')).toHaveLength(1);
  });

  it('does not retry an EXCEPTION on mint (it may have half-happened)', async () => {
    sim.injectFault({
      operation: 'mint',
      kind: { type: 'vault-error', errorType: 'UNEXPECTED_ERROR', responseStatus: 'EXCEPTION' },
    });
    await expect(asBootstrap().mintToken({ name: 'rotator:exc', expiresAt: inDays(7) })).rejects.toBeInstanceOf(
      VaultMintOutcomeUnknownError,
    );
    expect(countOf('mint')).toBe(1);
  });
});

describe('whoAmI', () => {
  it('returns the user and checks the expected user id', async () => {
    const session = asBootstrap();
    await expect(session.whoAmI({ expectedUserId: sim.bootstrapUser.id })).resolves.toEqual({
      userId: sim.bootstrapUser.id,
      userName: sim.bootstrapUser.userName,
    });
    const error = await failureOf(session.whoAmI({ expectedUserId: '999999' }));
    expect(error).toBeInstanceOf(VaultUserMismatchError);
  });

  it('an expired token is INVALID_SESSION_ID, not retried', async () => {
    const user = sim.addUser({ userName: 'short@veepharm.com' });
    const { token } = sim.issueToken(user.id, { expiresAt: sim.clock.now() + DAY });
    const session = asToken(token);
    await expect(session.whoAmI()).resolves.toMatchObject({ userId: user.id });
    sim.clock.advance(DAY + 1000);
    const error = await failureOf(session.whoAmI());
    expect(isInvalidSession(error)).toBe(true);
    expect((error as Error).message).toMatch(/invalid, expired or deleted/);
    expect(countOf('whoAmI')).toBe(2);
  });
});

describe('list', () => {
  it('follows next_page with a small page size, with user, prefix, exact name and activeOnly filters', async () => {
    const alice = sim.addUser({ userName: 'alice@veepharm.com' });
    const ids = Array.from({ length: 7 }, (_, i) => sim.issueToken(alice.id, { name: `rotator:alice:${i}` }).id);
    sim.issueToken(alice.id, { name: 'other-tool' });
    sim.issueToken(sim.bootstrapUser.id, { name: 'rotator:admin' });
    const session = asBootstrap();

    sim.clearRequests();
    const mine = await session.listTokens({ userId: alice.id, namePrefix: 'rotator:' });
    expect(mine.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(mine.every((r) => r.userId === alice.id && r.status === 'active__v')).toBe(true);
    expect(countOf('query')).toBe(3);

    expect(await session.listTokens({ name: 'other-tool' })).toHaveLength(1);
    expect((await session.listTokens({ namePrefix: 'rotator:' })).length).toBe(8);

    await session.revokeTokens([ids[0] as string]);
    expect(await session.listTokens({ userId: alice.id, namePrefix: 'rotator:' })).toHaveLength(6);
    const all = await session.listTokens({ userId: alice.id, namePrefix: 'rotator:', activeOnly: false });
    expect(all).toHaveLength(7);
    expect(all.find((r) => r.id === ids[0])?.status).toBe('inactive__v');
  });

  it('a non-admin sees only their own tokens', async () => {
    const bob = sim.addUser({ userName: 'bob@veepharm.com' });
    const { token } = sim.issueToken(bob.id, { name: 'bob-1' });
    const records = await asToken(token).listTokens({});
    expect(records.map((r) => r.name)).toEqual(['bob-1']);
  });
});

describe('revoke', () => {
  it('revokes, then reports the same ids as gone; unknown ids are gone too', async () => {
    const session = asBootstrap();
    const a = sim.issueToken(sim.bootstrapUser.id, { name: 'a' });
    const b = sim.issueToken(sim.bootstrapUser.id, { name: 'b' });
    await expect(session.revokeTokens([a.id, b.id, a.id])).resolves.toEqual([
      { id: a.id, outcome: 'revoked' },
      { id: b.id, outcome: 'revoked' },
    ]);
    expect(sim.isTokenAccepted(a.token)).toBe(false);
    await expect(session.revokeTokens([a.id, 'V8T000000009999'])).resolves.toEqual([
      { id: a.id, outcome: 'gone' },
      { id: 'V8T000000009999', outcome: 'gone' },
    ]);
  });

  it('reports gone when deleted tokens vanish from VQL', async () => {
    await sim.close();
    sim = await startVaultSimulator({ deletedTokens: 'vanish' });
    secrets = [sim.bootstrapToken];
    const a = sim.issueToken(sim.bootstrapUser.id, { name: 'a' });
    const session = asBootstrap();
    await session.revokeTokens([a.id]);
    await expect(session.revokeTokens([a.id])).resolves.toEqual([{ id: a.id, outcome: 'gone' }]);
  });

  it("a per-record failure stands when the token is still active (a non-admin deleting someone else's)", async () => {
    const carol = sim.addUser({ userName: 'carol@veepharm.com' });
    const { token } = sim.issueToken(carol.id, { name: 'carol' });
    const own = sim.issueToken(carol.id, { name: 'carol-2' });
    const outcomes = await asToken(token).revokeTokens([sim.bootstrapTokenId, own.id]);
    expect(outcomes[0]).toMatchObject({
      id: sim.bootstrapTokenId,
      outcome: 'failed',
      errorType: 'INSUFFICIENT_ACCESS',
    });
    expect(outcomes[1]).toEqual({ id: own.id, outcome: 'revoked' });
    expect(sim.isTokenAccepted(sim.bootstrapToken)).toBe(true);
  });

  it('more than 500 ids go in chunks of at most 500', async () => {
    const real = Array.from({ length: 20 }, (_, i) => sim.issueToken(sim.bootstrapUser.id, { name: `bulk-${i}` }).id);
    const fake = Array.from({ length: 1001 }, (_, i) => `V8TFAKE${String(i).padStart(8, '0')}`);
    const session = asBootstrap();
    sim.clearRequests();
    const outcomes = await session.revokeTokens([...fake.slice(0, 600), ...real, ...fake.slice(600)]);
    expect(countOf('delete')).toBe(3);
    expect(outcomes).toHaveLength(1021);
    expect(outcomes.filter((o) => o.outcome === 'revoked').map((o) => o.id)).toEqual(real);
    expect(outcomes.filter((o) => o.outcome === 'gone')).toHaveLength(1001);
    expect(sim.tokens({ activeOnly: true }).filter((t) => t.name.startsWith('bulk-'))).toHaveLength(0);
  });

  it('a revoked credential gets INVALID_SESSION_ID at the top level, which throws', async () => {
    const { token, id } = sim.issueToken(sim.bootstrapUser.id, { name: 'self-destruct' });
    const session = asToken(token);
    await expect(session.revokeTokens([id])).resolves.toEqual([{ id, outcome: 'revoked' }]);
    const error = await failureOf(session.revokeTokens([sim.bootstrapTokenId]));
    expect(isInvalidSession(error)).toBe(true);
    expect(sim.isTokenAccepted(sim.bootstrapToken)).toBe(true);
  });
});

describe('documented error types', () => {
  it('INSUFFICIENT_ACCESS for a user without the API permission', async () => {
    const user = sim.addUser({ userName: 'noapi@veepharm.com', apiAccess: false });
    const { token } = sim.issueToken(user.id);
    const error = await failureOf(asToken(token).whoAmI());
    expect(error).toBeInstanceOf(VaultApiError);
    expect(error).toMatchObject({ type: 'INSUFFICIENT_ACCESS', operation: 'whoAmI', httpStatus: 200 });
    expect((error as VaultApiError).executionId).toEqual(expect.any(String));
    expect((error as Error).message).toMatch(/VaultActions_API_Access/);
    expect(countOf('whoAmI')).toBe(1);
  });

  it('INSUFFICIENT_ACCESS and USER_NOT_FOUND when minting for other users', async () => {
    const dave = sim.addUser({ userName: 'dave@veepharm.com' });
    const { token } = sim.issueToken(dave.id);
    await expect(
      asToken(token).mintToken({
        name: 'x',
        expiresAt: inDays(1),
        target: { kind: 'user', userId: sim.bootstrapUser.id },
      }),
    ).rejects.toMatchObject({ type: 'INSUFFICIENT_ACCESS', operation: 'mintToken' });
    await expect(
      asBootstrap().mintToken({ name: 'x', expiresAt: inDays(1), target: { kind: 'user', userId: '424242' } }),
    ).rejects.toMatchObject({ type: 'USER_NOT_FOUND' });
  });

  it('METHOD_NOT_SUPPORTED for the token endpoints on v25.3, with advice to use v26.2', async () => {
    const error = await failureOf(
      asBootstrap({ apiVersion: 'v25.3' }).mintToken({ name: 'old', expiresAt: inDays(1) }),
    );
    expect(error).toMatchObject({ type: 'METHOD_NOT_SUPPORTED', operation: 'mintToken' });
    expect((error as Error).message).toMatch(/v25\.3.*v26\.2 or later/);
    expect(countOf('mint')).toBe(1);
  });

  it('the 25-token cap', async () => {
    const erin = sim.addUser({ userName: 'erin@veepharm.com' });
    const first = sim.issueToken(erin.id, { name: 'erin-0' });
    for (let i = 1; i < 25; i++) sim.issueToken(erin.id, { name: `erin-${i}` });
    const error = await failureOf(asToken(first.token).mintToken({ name: 'one-too-many', expiresAt: inDays(1) }));
    expect(error).toMatchObject({ type: 'OPERATION_NOT_ALLOWED', operation: 'mintToken' });
    expect((error as Error).message).toMatch(/25 active/);
    expect(countOf('mint')).toBe(1);
  });

  it('an expiry beyond the security profile maximum, and a missing expiry', async () => {
    const session = asBootstrap();
    const beyond = await failureOf(session.mintToken({ name: 'too-long', expiresAt: inDays(91) }));
    expect(beyond).toMatchObject({ type: 'OPERATION_NOT_ALLOWED' });
    expect((beyond as Error).message).toMatch(/maximum/);
    await expect(session.mintToken({ name: 'forever' })).rejects.toMatchObject({ type: 'OPERATION_NOT_ALLOWED' });
    await expect(session.mintToken({ name: 'past', expiresAt: inDays(-1) })).rejects.toMatchObject({
      type: 'INVALID_DATA',
    });
  });

  it.each([
    ['CONFIGURATION_MODE_ENABLED', 'FAILURE', 3],
    ['API_LIMIT_EXCEEDED', 'FAILURE', 3],
    ['UNEXPECTED_ERROR', 'EXCEPTION', 3],
    ['OPERATION_IN_PROGRESS', 'FAILURE', 3],
    ['INSUFFICIENT_ACCESS', 'FAILURE', 1],
    ['INVALID_SESSION_ID', 'FAILURE', 1],
    ['MALFORMED_URL', 'FAILURE', 1],
  ] as const)('%s (%s) on whoAmI is tried %i time(s)', async (errorType, responseStatus, tries) => {
    sim.injectFault({
      operation: 'whoAmI',
      kind: { type: 'vault-error', errorType, responseStatus },
      times: Number.POSITIVE_INFINITY,
    });
    const error = await failureOf(asBootstrap().whoAmI());
    expect(error).toBeInstanceOf(VaultApiError);
    expect(error).toMatchObject({ type: errorType, responseStatus, operation: 'whoAmI' });
    expect(countOf('whoAmI')).toBe(tries);
  });

  it('a 503 HTML page and a connection reset are transport errors, retried and bounded', async () => {
    sim.injectFault({ operation: 'query', kind: { type: 'http-503-html' }, times: Number.POSITIVE_INFINITY });
    const page = await failureOf(asBootstrap().listTokens({}));
    expect(page).toBeInstanceOf(VaultTransportError);
    expect(page).toMatchObject({ reason: 'http-status', httpStatus: 503 });
    expect(countOf('query')).toBe(3);

    sim.clearFaults();
    sim.clearRequests();
    sim.injectFault({ operation: 'query', kind: { type: 'connection-reset' }, times: 2 });
    await expect(asBootstrap().listTokens({})).resolves.toHaveLength(1);
    expect(countOf('query')).toBe(3);
  });
});

describe('password sessions', () => {
  it('signs in, works, and ends the session on close', async () => {
    const session = asPassword(sim.bootstrapUser.userName, sim.bootstrapUser.password);
    await expect(session.whoAmI()).resolves.toMatchObject({ userId: sim.bootstrapUser.id });
    const minted = await session.mintToken({ name: 'via-password', expiresAt: inDays(3) });
    secrets.push(minted.token.reveal());
    await session.close();
    const ends = sim.requests.filter((r) => r.operation === 'endSession');
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ method: 'DELETE', responseStatus: 'SUCCESS', vault: 'main' });
    expect(countOf('auth')).toBe(1);
    expect(inspect(session)).not.toContain(sim.bootstrapUser.password);
  });

  it('a bad password is tried once per session; five sessions lock the account', async () => {
    const frank = sim.addUser({ userName: 'frank@veepharm.com', password: 'right-password-1' });
    for (let i = 0; i < 5; i++) {
      const session = asPassword(frank.userName, 'wrong-password-1');
      await expect(session.whoAmI()).rejects.toMatchObject({ type: 'USERNAME_OR_PASSWORD_INCORRECT' });
      await expect(session.listTokens({})).rejects.toMatchObject({ type: 'USERNAME_OR_PASSWORD_INCORRECT' });
      await session.close();
    }
    expect(countOf('auth')).toBe(5);
    const locked = await failureOf(asPassword(frank.userName, 'right-password-1').whoAmI());
    expect(locked).toMatchObject({ type: 'USER_LOCKED_OUT', operation: 'auth' });
    expect(countOf('auth')).toBe(6);
  });

  it('the auth-defaulting guard: refuses a session for another Vault, sends nothing to that Vault, and never uses it', async () => {
    const other = await sim.addSandbox('Other Vault');
    sim.setAuthDefaulting({ url: other.url, vaultId: other.vaultId });
    const session = asPassword(sim.bootstrapUser.userName, sim.bootstrapUser.password);
    const error = await failureOf(session.whoAmI());
    expect(error).toBeInstanceOf(VaultAuthDefaultingError);
    expect(error).toMatchObject({ expectedHost: sim.host, actualHost: other.host });
    expect((error as Error).message).toContain(sim.host);
    expect((error as Error).message).toContain(other.host);
    expect(sim.requests.map((r) => `${r.operation}@${r.vault}`)).toEqual(['auth@main', 'endSession@main']);
    await session.close();
    expect(countOf('endSession')).toBe(1);
  });
});

describe('timeouts and aborts', () => {
  it("a request that never answers times out (simulator 'hang'), and the retry then succeeds", async () => {
    sim.injectFault({ operation: 'whoAmI', kind: { type: 'hang' } });
    await expect(asBootstrap({ requestTimeoutMs: 200 }).whoAmI()).resolves.toMatchObject({
      userId: sim.bootstrapUser.id,
    });
    expect(countOf('whoAmI')).toBe(1 + 1);
  });

  it('a request that never answers, with one attempt, is a timeout transport error', async () => {
    sim.injectFault({ operation: 'query', kind: { type: 'hang' } });
    const error = await failureOf(asBootstrap({ requestTimeoutMs: 200, retry: { attempts: 1 } }).listTokens({}));
    expect(error).toBeInstanceOf(VaultTransportError);
    expect(error).toMatchObject({ reason: 'timeout', operation: 'listTokens' });
  });

  it('an abort during a hanging request is honoured at once', async () => {
    sim.injectFault({ operation: 'whoAmI', kind: { type: 'hang' } });
    const controller = new AbortController();
    const call = asBootstrap({ requestTimeoutMs: 600_000 }).whoAmI({ signal: controller.signal });
    // Abort once the simulator has the request; a client that ignored the abort would hang until the test times out.
    await vi.waitFor(() => expect(countOf('whoAmI')).toBe(1));
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(VaultAbortedError);
  });

  it('an abort during the backoff wait is honoured at once, with no further attempt', async () => {
    sim.injectFault({ operation: 'whoAmI', kind: { type: 'http-503-html' }, times: Number.POSITIVE_INFINITY });
    const controller = new AbortController();
    const session = asBootstrap({
      signal: controller.signal,
      retry: { attempts: 5, minDelayMs: 300_000, maxDelayMs: 300_000 },
    });
    const call = session.whoAmI();
    await vi.waitFor(() => expect(logger.lines.some((line) => line.level === 'warn')).toBe(true));
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(VaultAbortedError);
    expect(countOf('whoAmI')).toBe(1);
  });
});
