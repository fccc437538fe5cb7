// nodeHttpFetch, the action's transport when no proxy applies, against a loopback server: what the clients read
// (status, headers, whole text), what they send, and the failures they tell apart (refused = never sent; a connection
// lost mid-answer = sent, outcome unknown; a caller's abort).
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../../shared/http/safe-cause.js';
import { startClosingServer } from '../support/closing-server.js';
import { nodeHttpFetch } from '../../shared/http/node-http-fetch.js';
import { openVaultSession, Secret, VaultAbortedError, VaultTransportError } from '../../shared/index.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server;
let origin: string;
let handler: Handler = (_req, _body, res) => res.end();
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handler(req, body, res));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('nodeHttpFetch', () => {
  it('sends the method, headers and body, and reads status, headers and the whole text', async () => {
    let seen: { method?: string; type?: string; length?: string; auth?: string; agent?: string; accept?: string; body?: string } = {};
    handler = (req, body, res) => {
      seen = {
        method: req.method,
        type: req.headers['content-type'],
        length: req.headers['content-length'],
        auth: req.headers.authorization,
        agent: req.headers['user-agent'],
        accept: req.headers.accept,
        body,
      };
      res.setHeader('X-VaultAPI-BurstLimitRemaining', '1999');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.writeHead(201, { 'Content-Type': 'application/json' });
      // A multi-byte character split across two writes must come back whole.
      const bytes = Buffer.from('{"name":"é€"}', 'utf8');
      res.write(bytes.subarray(0, 10));
      setTimeout(() => res.end(bytes.subarray(10)), 5);
    };
    const body = 'name__v=caf%C3%A9&expiry_date__v=2027-01-01T00%3A00%3A00Z';
    const answer = await nodeHttpFetch(`${origin}/api/v26.2/objects/users/me/api_access_token__sys`, {
      method: 'POST',
      headers: { Authorization: 'Bearer x', 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(seen).toEqual({
      method: 'POST',
      type: 'application/x-www-form-urlencoded',
      length: String(Buffer.byteLength(body)),
      auth: 'Bearer x',
      agent: 'node',
      accept: '*/*',
      body,
    });
    expect(answer.status).toBe(201);
    expect(answer.ok).toBe(true);
    expect(answer.headers.get('x-vaultapi-burstlimitremaining')).toBe('1999');
    expect(answer.headers.get('Content-Type')).toBe('application/json');
    expect(answer.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(answer.headers.get('X-Absent')).toBeNull();
    expect(await answer.text()).toBe('{"name":"é€"}');
    expect(await answer.clone().text()).toBe('{"name":"é€"}');
  });

  it('returns a redirect as it is, following nothing', async () => {
    let requests = 0;
    handler = (_req, _body, res) => {
      requests += 1;
      res.writeHead(302, { Location: `${origin}/elsewhere` }).end();
    };
    const answer = await nodeHttpFetch(`${origin}/auth`, { method: 'POST', body: 'password=p', redirect: 'manual' });
    expect(answer.status).toBe(302);
    expect(answer.ok).toBe(false);
    expect(requests).toBe(1);
  });

  it('fails with ECONNREFUSED when nothing listens (the request was never sent)', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await nodeHttpFetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(errorCode(error)).toBe('ECONNREFUSED');
  });

  it('fails with ECONNRESET when the connection drops after the request (the answer is lost)', async () => {
    handler = (req) => req.socket.destroy();
    const error = await nodeHttpFetch(`${origin}/lost`, { method: 'POST', body: 'x=1' }).catch((e: unknown) => e);
    expect(errorCode(error)).toBe('ECONNRESET');
  });

  it('fails, and does not resolve, when the connection drops in the middle of the answer', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"responseStatus":"SUC');
      setTimeout(() => res.socket?.destroy(), 5);
    };
    const error = await nodeHttpFetch(`${origin}/half`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(errorCode(error)).toBe('ECONNRESET');
  });

  it("rejects with the signal's reason when aborted, before or during the exchange", async () => {
    const before = new AbortController();
    before.abort(new Error('stop before'));
    await expect(nodeHttpFetch(`${origin}/`, { signal: before.signal })).rejects.toThrow('stop before');

    handler = () => undefined; // never answers
    const during = new AbortController();
    const pending = nodeHttpFetch(`${origin}/slow`, { signal: during.signal });
    setTimeout(() => during.abort(new Error('stop during')), 20);
    await expect(pending).rejects.toThrow('stop during');
  });

  it('reads a leading byte-order mark away, as fetch does', async () => {
    handler = (_req, _body, res) => res.end(Buffer.from('\uFEFF{"responseStatus":"SUCCESS"}', 'utf8'));
    expect(await (await nodeHttpFetch(`${origin}/bom`)).text()).toBe('{"responseStatus":"SUCCESS"}');
  });

  it.each(['half-close', 'full-close'] as const)(
    'sends a request once, on a new connection, when the server closed the pooled one after its answer (%s)',
    async (mode) => {
      // Node 20's agent would hand the closed connection to the next request, which then fails as if sent, and a mint
      // would look lost.
      const server = await startClosingServer(mode);
      const { base, paths } = server;
      try {
        for (let i = 0; i < 10; i++) {
          await nodeHttpFetch(`${base}/auth`, { method: 'POST', body: 'a=1' });
          const mint = await nodeHttpFetch(`${base}/mint`, { method: 'POST', body: 'a=1' });
          expect(mint.status).toBe(200);
        }
        expect(paths.filter((path) => path === '/mint')).toHaveLength(10);
      } finally {
        await server.close();
      }
    },
  );

  it('refuses a URL that is neither http: nor https:', async () => {
    await expect(nodeHttpFetch('file:///etc/passwd')).rejects.toThrow(/Only http: and https:/);
  });
});

describe('the Vault client over nodeHttpFetch', () => {
  it('tells a lost answer (sent) from a refused connection (not sent), and a cancel from a failure', async () => {
    const session = (fetchOrigin: string, signal?: AbortSignal) =>
      openVaultSession(
        { vaultDns: fetchOrigin, fetch: nodeHttpFetch, retry: { attempts: 1 }, signal },
        { kind: 'token', token: new Secret('veeva-vault-abc') },
      );
    handler = (req) => req.socket.destroy();
    const lost = await session(origin)
      .whoAmI()
      .catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(VaultTransportError);
    expect((lost as VaultTransportError).requestSent).toBe(true);

    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await session(`http://127.0.0.1:${port}`)
      .whoAmI()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(VaultTransportError);
    expect((refused as VaultTransportError).requestSent).toBe(false);

    // A header value Node will not send fails before any connection: not sent.
    const refusedHeader = await openVaultSession(
      { vaultDns: origin, fetch: nodeHttpFetch, retry: { attempts: 1 } },
      { kind: 'token', token: new Secret('veeva-vault-abc\u0001') },
    )
      .whoAmI()
      .catch((e: unknown) => e);
    expect(refusedHeader).toBeInstanceOf(VaultTransportError);
    expect((refusedHeader as VaultTransportError).requestSent).toBe(false);
    expect(String((refusedHeader as Error).message)).not.toContain('veeva-vault-abc');

    handler = () => undefined;
    const controller = new AbortController();
    const cancelled = session(origin, controller.signal)
      .whoAmI()
      .catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 20);
    expect(await cancelled).toBeInstanceOf(VaultAbortedError);
  });
});
