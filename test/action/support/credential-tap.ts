// A loopback relay in front of one stand-in (plain HTTP on 127.0.0.1) that notes every credential of an OAuth
// sign-in crossing it: the GitHub ID token (sent as client_assertion), the access token (in the authorization server's
// answer and as the Bearer of Vault's OAuth sign-in) and the session id (in Vault's answer). The action is given the
// relay's URL as oauth-token-url or vault-login-url, so the test learns the values the bundle held and the leak audit
// can look for them in everything the step wrote. The values stay in the test process and are never printed.

import { createServer, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import type { NamedSecret } from './masker.js';

export interface CredentialTap {
  /** The relay's origin: `http://127.0.0.1:PORT`; a path on it is relayed to the same path upstream. */
  readonly url: string;
  /** Every credential seen, labelled, each value once. */
  secrets(): NamedSecret[];
  /** `METHOD path` of each request relayed, in order (no query, no credential). */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

const ANSWER_FIELDS: Readonly<Record<string, string>> = {
  access_token: 'access token',
  sessionId: 'session id',
  // GitHub's ID-token service answers { value } (when the ID-token request goes through the proxy too).
  value: 'GitHub ID token',
};

/** A relay to `upstream` (an origin) that notes credentials into `seen` (shared by the taps of one test). */
export async function startCredentialTap(upstream: string, seen = new Map<string, string>()): Promise<CredentialTap> {
  const note = (label: string, value: unknown) => {
    if (typeof value === 'string' && value !== '' && !seen.has(value)) seen.set(value, label);
  };
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', upstream);
    requests.push(`${req.method} ${target.pathname}`);
    const sent: Buffer[] = [];
    req.on('data', (chunk: Buffer) => sent.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(sent);
      const form = new URLSearchParams(body.toString('utf8'));
      note('GitHub ID token', form.get('client_assertion'));
      if (target.pathname.startsWith('/auth/oauth/session/')) {
        note('access token', (req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
      }
      const headers = { ...req.headers, host: target.host };
      const relayed = httpRequest(target, { method: req.method, headers }, (answer) => {
        const received: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => received.push(chunk));
        answer.on('end', () => {
          const text = Buffer.concat(received);
          try {
            const json = JSON.parse(text.toString('utf8')) as Record<string, unknown>;
            for (const [field, label] of Object.entries(ANSWER_FIELDS)) note(label, json?.[field]);
          } catch {
            // not JSON: nothing to note
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(text);
        });
      });
      relayed.on('error', () => res.writeHead(502).end());
      relayed.end(body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('tap has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    secrets: () => [...seen].map(([value, label]) => ({ label, value })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
