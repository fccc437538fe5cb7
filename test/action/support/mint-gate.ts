// A loopback reverse proxy in front of the Vault simulator that slows the mint (or the revoke): the test learns when it
// arrives (to cancel the step right then), Vault receives it a little later (so the token is created after the
// cancel), and the answer comes back after a delay, or never. Every other request passes straight through.

import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface MintGate {
  /** `http://127.0.0.1:PORT`: use as vault-dns. */
  readonly url: string;
  /** Settles when the first slowed request arrives. */
  readonly arrived: Promise<void>;
  close(): Promise<void>;
}

export interface MintGateOptions {
  /** How long after its arrival the mint reaches Vault (default 300 ms). */
  readonly forwardAfterMs?: number;
  /** How long after its arrival the answer is sent; `never` holds it until the client gives up. */
  readonly answerAfterMs: number | 'never';
  /** Which request to slow (default: the mint, `POST …/api_access_token__sys`). */
  readonly slow?: 'mint' | 'delete';
  /** Drop the slowed request instead of forwarding it when the client has gone by then (default false). */
  readonly dropIfClientGone?: boolean;
}

export async function startMintGate(vaultUrl: string, options: MintGateOptions): Promise<MintGate> {
  const target = new URL(vaultUrl);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let markArrived: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => {
    markArrived = resolve;
  });
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const forward = (req: IncomingMessage, body: Buffer, answer: (status: number, headers: object, data: Buffer) => void) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => answer(res.statusCode ?? 502, res.headers, Buffer.concat(chunks)));
      },
    );
    upstream.on('error', () => answer(502, {}, Buffer.alloc(0)));
    upstream.end(body);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const send = (status: number, headers: object, data: Buffer) => {
        if (!res.destroyed) res.writeHead(status, headers as Record<string, string>).end(data);
      };
      const path = (req.url ?? '').split('?')[0] ?? '';
      const isSlow =
        (options.slow ?? 'mint') === 'mint'
          ? req.method === 'POST' && path.endsWith('/api_access_token__sys')
          : req.method === 'DELETE' && path.endsWith('/vobjects/api_access_token__sys');
      if (!isSlow) {
        forward(req, body, send);
        return;
      }
      markArrived();
      let answer: (() => void) | undefined;
      let due = false;
      later(options.forwardAfterMs ?? 300, () => {
        if (options.dropIfClientGone && (req.socket.destroyed || res.destroyed)) return;
        forward(req, body, (status, headers, data) => {
          answer = () => send(status, headers, data);
          if (due) answer();
        });
      });
      if (options.answerAfterMs !== 'never') {
        later(options.answerAfterMs, () => {
          due = true;
          answer?.();
        });
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('mint gate has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    arrived,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
