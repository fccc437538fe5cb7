// createProxyAwareFetch through a real loopback forward proxy (CONNECT tunnels and absolute-form requests).
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProxyAwareFetch } from '../../shared/http/proxy-fetch.js';
import { openVaultSession, Secret } from '../../shared/index.js';
import { type StubServer, startStubServer, success } from './support/stub-server.js';

interface ForwardProxy {
  readonly url: string;
  /** `CONNECT host:port` or `GET http://…` for each proxied request. */
  readonly seen: string[];
  close(): Promise<void>;
}

async function startForwardProxy(): Promise<ForwardProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, clientSocket: Socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    for (const socket of [upstream, clientSocket]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let stub: StubServer;
let proxy: ForwardProxy;
beforeAll(async () => {
  stub = await startStubServer();
  proxy = await startForwardProxy();
  stub.fallback = success({ users: [{ user: { id: 5, user_name__v: 'via@proxy' } }] });
});
afterAll(async () => {
  await proxy.close();
  await stub.close();
});
beforeEach(() => {
  proxy.seen.length = 0;
  stub.requests.length = 0;
});

describe('createProxyAwareFetch', () => {
  it('is the built-in fetch when no proxy is configured', () => {
    expect(createProxyAwareFetch({})).toBe(globalThis.fetch);
    expect(createProxyAwareFetch({ HTTP_PROXY: '  ', NO_PROXY: 'x' })).toBe(globalThis.fetch);
  });

  it.each([['HTTP_PROXY'], ['http_proxy']])('sends http requests through %s', async (name) => {
    const proxiedFetch = createProxyAwareFetch({ [name]: proxy.url });
    const response = await proxiedFetch(`${stub.url}/api/v26.2/objects/users/me`);
    expect(response.status).toBe(200);
    expect(proxy.seen).toHaveLength(1);
    expect(proxy.seen[0]).toContain(new URL(stub.url).host);
    expect(stub.requests).toHaveLength(1);
  });

  it.each([['HTTPS_PROXY'], ['https_proxy']])('tunnels https requests through %s (and not http ones)', async (name) => {
    const proxiedFetch = createProxyAwareFetch({ [name]: proxy.url });
    const host = new URL(stub.url).host;
    // The stub speaks plain HTTP, so TLS inside the tunnel fails; what matters is that the CONNECT went to the proxy.
    await expect(proxiedFetch(`https://${host}/api/v26.2/objects/users/me`)).rejects.toThrow();
    expect(proxy.seen).toEqual([`CONNECT ${host}`]);
    proxy.seen.length = 0;
    await expect(proxiedFetch(`${stub.url}/api/v26.2/objects/users/me`)).resolves.toMatchObject({ status: 200 });
    expect(proxy.seen).toHaveLength(0);
  });

  it.each([['NO_PROXY'], ['no_proxy']])('bypasses the proxy for hosts in %s', async (name) => {
    const proxiedFetch = createProxyAwareFetch({ HTTP_PROXY: proxy.url, [name]: 'example.com,127.0.0.1' });
    const response = await proxiedFetch(`${stub.url}/api/v26.2/objects/users/me`);
    expect(response.status).toBe(200);
    expect(proxy.seen).toHaveLength(0);
    expect(stub.requests).toHaveLength(1);
  });

  it('works as the client fetch, with credentials reaching Vault through the tunnel', async () => {
    const session = openVaultSession(
      { vaultDns: stub.url, fetch: createProxyAwareFetch({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }) },
      { kind: 'token', token: new Secret('veeva-vault-PROXYTEST000111222') },
    );
    await expect(session.whoAmI()).resolves.toEqual({ userId: '5', userName: 'via@proxy' });
    expect(proxy.seen).toHaveLength(1);
    expect(stub.requests[0]?.headers.authorization).toBe('Bearer veeva-vault-PROXYTEST000111222');
  });
});
