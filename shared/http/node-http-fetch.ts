// An HttpFetch over node:http and node:https, for processes that make a few requests and exit (the GitHub Action).
// Why not Node's fetch: it parses answers with undici's WebAssembly build of llhttp, and from the second answer on V8
// optimises that WebAssembly on a background thread that the process then waits for at exit — about 50 ms on
// Node 24 for a step that makes two calls (measured: docs/benchmark.md, "Action start → outputs"). node:http parses
// with Node's native llhttp. What it does not do, the clients never ask for (http-fetch.ts): it follows no redirect
// (none is ever followed), asks for no compression, and reads the whole answer as UTF-8 text.

import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HttpAnswer, HttpFetch } from './http-fetch.js';

export const nodeHttpFetch: HttpFetch = (url, init = {}) =>
  new Promise<HttpAnswer>((resolve, reject) => {
    const target = new URL(url);
    const send =
      target.protocol === 'https:' ? httpsRequest : target.protocol === 'http:' ? httpRequest : undefined;
    if (send === undefined) {
      reject(new TypeError(`Only http: and https: URLs can be fetched, not ${target.protocol}`));
      return;
    }
    const { signal, body } = init;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    // Node's fetch sends these two unless told otherwise; so does this, so that Vault (and any gateway before it) sees
    // the same request whichever transport sent it.
    const headers: Record<string, string> = { Accept: '*/*', 'User-Agent': 'node', ...init.headers };
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    const request = send(target, { method: init.method ?? 'GET', headers });
    // One listener for the whole exchange: aborting destroys the request (and with it the answer being read).
    const onAbort = () => request.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    request.on('error', (error) => {
      settle();
      reject(error);
    });
    request.on('response', (message: IncomingMessage) => {
      const chunks: Buffer[] = [];
      message.on('data', (chunk: Buffer) => chunks.push(chunk));
      message.on('error', (error) => {
        settle();
        reject(error);
      });
      message.on('end', () => {
        settle();
        resolve(answer(message.statusCode ?? 0, message.headers, Buffer.concat(chunks).toString('utf8')));
      });
      // A connection closed before the answer's end: the request reached Vault, the answer is lost.
      message.on('close', () => {
        if (message.complete) return;
        settle();
        reject(Object.assign(new Error('The connection closed before the answer was complete'), { code: 'ECONNRESET' }));
      });
    });
    request.end(body);
  });

function answer(status: number, headers: IncomingHttpHeaders, text: string): HttpAnswer {
  return {
    status,
    ok: status >= 200 && status <= 299,
    headers: {
      get(name) {
        const value = headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: () => Promise.resolve(text),
    clone: () => answer(status, headers, text),
  };
}
