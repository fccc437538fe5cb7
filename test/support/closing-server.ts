// A server (or gateway) that answers each connection's first request and then closes the connection without
// "Connection: close": a FIN (half-close) or the socket destroyed (full-close). A client that reuses the connection
// for its next request meets a closed one. Used on the test runner's Node (test/shared/node-http-fetch.test.ts) and
// on Node 24 (test/node24/support/stale-connection.ts).
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';

export type CloseMode = 'half-close' | 'full-close';

export interface ClosingServer {
  /** `http://127.0.0.1:<port>`. */
  readonly base: string;
  /** The path of every request received, in order. */
  readonly paths: readonly string[];
  close(): Promise<void>;
}

export async function startClosingServer(mode: CloseMode): Promise<ClosingServer> {
  const paths: string[] = [];
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (data) => {
      paths.push(String(data).split(' ')[1] ?? '');
      socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
      if (mode === 'full-close') socket.once('finish', () => socket.destroy());
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
