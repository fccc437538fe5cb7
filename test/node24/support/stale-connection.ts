// Run by test/node24/node-http-fetch.test.ts on Node 24 (`node --import tsx`): ten auth → mint pairs sent back to back
// through nodeHttpFetch to a server that closes each connection after its answer (test/support/closing-server.ts).
// Prints one JSON line per mode.
import { nodeHttpFetch } from '../../../shared/http/node-http-fetch.js';
import { startClosingServer } from '../../support/closing-server.js';

for (const mode of ['half-close', 'full-close'] as const) {
  const server = await startClosingServer(mode);
  let ok = 0;
  const failures: string[] = [];
  for (let i = 0; i < 10; i++) {
    try {
      await nodeHttpFetch(`${server.base}/auth`, { method: 'POST', body: 'a=1' });
      const mint = await nodeHttpFetch(`${server.base}/mint`, { method: 'POST', body: 'a=1' });
      if (mint.status === 200) ok += 1;
    } catch (error) {
      failures.push(`${(error as { code?: string }).code ?? ''} ${(error as Error).message}`);
    }
  }
  await server.close();
  const mintsSeen = server.paths.filter((path) => path === '/mint').length;
  console.log(JSON.stringify({ node: process.version, mode, ok, mintsSeen, failures }));
}
