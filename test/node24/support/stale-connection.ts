// Run by test/node24/node-http-fetch.test.ts on Node 24 (`node --import tsx`): a server that answers and then closes
// the connection without "Connection: close" (half-close: FIN; full-close: the socket destroyed), and ten auth → mint
// pairs sent back to back through nodeHttpFetch. Prints one JSON line per mode.
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { nodeHttpFetch } from '../../../shared/http/node-http-fetch.js';

for (const mode of ['half-close', 'full-close'] as const) {
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
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let ok = 0;
  const failures: string[] = [];
  for (let i = 0; i < 10; i++) {
    try {
      await nodeHttpFetch(`${base}/auth`, { method: 'POST', body: 'a=1' });
      const mint = await nodeHttpFetch(`${base}/mint`, { method: 'POST', body: 'a=1' });
      if (mint.status === 200) ok += 1;
    } catch (error) {
      failures.push(`${(error as { code?: string }).code ?? ''} ${(error as Error).message}`);
    }
  }
  server.close();
  const mintsSeen = paths.filter((path) => path === '/mint').length;
  console.log(JSON.stringify({ node: process.version, mode, ok, mintsSeen, failures }));
}
