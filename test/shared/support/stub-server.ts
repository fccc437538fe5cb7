// A tiny loopback HTTP server for unit tests: each request is answered by the next scripted reply (or a default),
// and every request is recorded (method, path, headers, body) so tests can assert what the client sent.

import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Reply =
  | { readonly status?: number; readonly json: unknown; readonly headers?: Record<string, string> }
  | { readonly status?: number; readonly text: string; readonly headers?: Record<string, string> }
  | { readonly reset: true }
  | { readonly hang: true };

export type Responder = (request: RecordedRequest) => Reply;

export interface StubServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Replies used in order; when exhausted, `fallback` answers. */
  reply(...replies: (Reply | Responder)[]): void;
  fallback: Reply | Responder;
  close(): Promise<void>;
}

export const success = (extra: Record<string, unknown> = {}): Reply => ({
  json: { responseStatus: 'SUCCESS', ...extra },
  headers: { 'X-VaultAPI-ExecutionId': 'exec-ok' },
});

export const failure = (type: string, message = `${type} happened`, responseStatus = 'FAILURE'): Reply => ({
  json: { responseStatus, errors: [{ type, message }] },
  headers: { 'X-VaultAPI-ExecutionId': `exec-${type}` },
});

export async function startStubServer(): Promise<StubServer> {
  const queue: (Reply | Responder)[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const stub: StubServer = {
    url: '',
    requests,
    reply: (...replies) => queue.push(...replies),
    fallback: success(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const next = queue.shift() ?? stub.fallback;
      answer(res, typeof next === 'function' ? next(recorded) : next);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(stub, { url: `http://127.0.0.1:${port}` });
  return stub;
}

function answer(res: ServerResponse, reply: Reply): void {
  if ('reset' in reply) {
    res.socket?.destroy();
    return;
  }
  if ('hang' in reply) return;
  const isJson = 'json' in reply;
  res.writeHead(reply.status ?? 200, {
    'Content-Type': isJson ? 'application/json;charset=UTF-8' : 'text/html',
    ...reply.headers,
  });
  res.end(isJson ? JSON.stringify(reply.json) : reply.text);
}

/**
 * Two stub servers for a describe block or file — `vault`, the configured host, and `elsewhere`, the host a redirect
 * names — started before its tests, their request logs emptied before each, closed after.
 */
export function useRedirectPair(): { readonly vault: StubServer; readonly elsewhere: StubServer } {
  const servers: { vault?: StubServer; elsewhere?: StubServer } = {};
  beforeAll(async () => {
    servers.vault = await startStubServer();
    servers.elsewhere = await startStubServer();
  });
  afterAll(async () => {
    await servers.vault?.close();
    await servers.elsewhere?.close();
  });
  beforeEach(() => {
    if (servers.vault) servers.vault.requests.length = 0;
    if (servers.elsewhere) servers.elsewhere.requests.length = 0;
  });
  const started = (server: StubServer | undefined) => {
    if (server === undefined) throw new Error('useRedirectPair: used outside a test');
    return server;
  };
  return {
    get vault() {
      return started(servers.vault);
    },
    get elsewhere() {
      return started(servers.elsewhere);
    },
  };
}

/**
 * One stub Vault for a file or describe block: started before its tests, its request log emptied and its fallback
 * reset (to `fallback()`, when given) before each, closed after. The returned server stands for the started one.
 */
export function useStubVault(fallback?: () => Reply | Responder): StubServer {
  let server: StubServer | undefined;
  beforeAll(async () => {
    server = await startStubServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    if (server === undefined) return;
    server.requests.length = 0;
    if (fallback !== undefined) server.fallback = fallback();
  });
  const started = (): StubServer => {
    if (server === undefined) throw new Error('useStubVault: used outside a test');
    return server;
  };
  return {
    get url() {
      return started().url;
    },
    get requests() {
      return started().requests;
    },
    reply: (...replies) => started().reply(...replies),
    get fallback() {
      return started().fallback;
    },
    set fallback(reply) {
      started().fallback = reply;
    },
    close: () => started().close(),
  };
}
