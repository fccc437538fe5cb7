// An HttpFetch over node:http and node:https, for processes that make a few requests and exit (the GitHub Action).
// Why not Node's fetch: it parses answers with undici's WebAssembly build of llhttp, and from the second answer on V8
// optimises that WebAssembly on a background thread that the process then waits for at exit — about 50 ms on
// Node 24 for a step that makes two calls (measured: docs/benchmark.md, "What the action's last 30 % was"). node:http
// parses with Node's native llhttp. What it does not do, the clients never ask for (http-fetch.ts): it follows no
// redirect (none is ever followed), asks for no compression, and reads the whole answer as text.

import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { CLOSED_BEFORE_SEND, type HttpAnswer, type HttpFetch, type HttpRequestInit } from './http-fetch.js';

export const nodeHttpFetch: HttpFetch = async (url, init = {}) => {
  try {
    return await exchange(url, init, 'pooled');
  } catch (error) {
    // Nothing was written on the stale connection, so sending again cannot repeat a mint.
    if ((error as { code?: unknown }).code !== CLOSED_BEFORE_SEND) throw error;
    return exchange(url, init, 'new connection');
  }
};

function exchange(url: string, init: HttpRequestInit, connection: 'pooled' | 'new connection'): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') {
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
    // Pooled: Node's global agent, which keeps connections alive between the requests of one step (whoAmI, then the
    // mint) as fetch does. A retry after a stale pooled connection takes a new one of its own.
    const options = { method: init.method ?? 'GET', headers, ...(connection === 'new connection' ? { agent: false } : {}) };
    // Throws before any connection on a header value Node refuses (ERR_INVALID_CHAR, …): the promise rejects with it.
    const request = secure ? httpsRequest(target, options) : httpRequest(target, options);
    // One listener for the whole exchange: aborting destroys the request (and with it the answer being read).
    const onAbort = () => request.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    // Set the moment the request is handed to the connection; an error before then on a pooled connection means the
    // server had closed it, and nothing of this request left the machine.
    let written = false;
    request.on('error', (error) => {
      settle();
      const stale = !written && request.reusedSocket && signal?.aborted !== true;
      reject(stale && (error as { code?: unknown }).code !== CLOSED_BEFORE_SEND ? closedBeforeSend(error) : error);
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
        resolve(answer(message.statusCode ?? 0, message.headers, decode(Buffer.concat(chunks))));
      });
      // A connection closed before the answer's end: the request reached the server, the answer is lost.
      message.on('close', () => {
        if (message.complete) return;
        settle();
        reject(Object.assign(new Error('The connection closed before the answer was complete'), { code: 'ECONNRESET' }));
      });
    });
    request.once('socket', (socket: Socket) => {
      if (!request.reusedSocket) {
        written = true;
        request.end(body);
        return;
      }
      // A pooled connection may have been closed by the server right after its last answer, without "Connection:
      // close" (nodejs/node#47130; the agent of Node 24.22 checks for this itself, Node 20's does not). Writing on it would
      // fail as if the request had been sent, and a mint would look lost. So nothing is written until the event loop
      // has read what waits on the connection (two turns: one full poll); a connection found closed by then is
      // dropped and the request goes out on a new one.
      setImmediate(() =>
        setImmediate(() => {
          if (written || request.destroyed) return;
          if (socket.destroyed || socket.readableEnded || !socket.writable) {
            request.destroy(closedBeforeSend(undefined));
            return;
          }
          written = true;
          request.end(body);
        }),
      );
    });
  });
}

function closedBeforeSend(cause: unknown): Error {
  return Object.assign(
    new Error('The pooled connection was closed by the server before the request was sent', { cause }),
    { code: CLOSED_BEFORE_SEND },
  );
}

/** As fetch's text(): UTF-8, a leading byte-order mark dropped, invalid bytes as U+FFFD. */
function decode(bytes: Buffer): string {
  return new TextDecoder().decode(bytes);
}

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
