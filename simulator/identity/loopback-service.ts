// The HTTP shell every identity stand-in shares: bind loopback, read a bounded body, wait the injected latency, name
// the operation, apply an armed fault, run the service's handler, answer, and log the outcome without any credential.
// Services supply only decisions (which operation, what answer, how their errors look).
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { answerLatency } from '../latency.js';
import { loopbackBindAddress } from '../vault/loopback.js';
import { createIdentityFaults } from './faults.js';
import type { IdentityFaultKind, IdentityRequestLogEntry, IdentityStandIn, LoopbackServiceOptions } from './types.js';

/** Bigger than any legitimate request here (a form with a JWT of a few kB). */
const MAX_BODY_BYTES = 256 * 1024;
const MAX_LOGGED_REQUESTS = 50_000;

export interface ServiceRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  /** Undefined when the body was larger than MAX_BODY_BYTES (the service answers its own "too large" error). */
  readonly body: Buffer | undefined;
}

export interface ServiceAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
  /** The error code for the request log (never a secret). */
  readonly error?: string;
}

export interface ServiceDefinition<Operation extends string> {
  /** For error messages: `GitHub OIDC stand-in`, … */
  readonly name: string;
  readonly operations: readonly Operation[];
  operationOf(request: ServiceRequest): Operation | 'unknown';
  handle(request: ServiceRequest, operation: Operation | 'unknown'): Promise<ServiceAnswer> | ServiceAnswer;
  /** The service's own answer for an injected `service-error` fault or an unexpected exception. */
  errorAnswer(status: number, code: string | undefined, message: string | undefined): ServiceAnswer;
}

export interface RunningService<Operation extends string> extends IdentityStandIn<Operation> {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
}

export async function startLoopbackService<Operation extends string>(
  definition: ServiceDefinition<Operation>,
  options: LoopbackServiceOptions = {},
): Promise<RunningService<Operation>> {
  const host = loopbackBindAddress(options.host ?? '127.0.0.1');
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 60_000) {
    throw new TypeError(`${definition.name}: latencyMs must be an integer from 0 to 60000`);
  }
  const faults = createIdentityFaults<Operation>(definition.name, definition.operations);
  const requests: IdentityRequestLogEntry<Operation>[] = [];
  const record = (entry: IdentityRequestLogEntry<Operation>) => {
    requests.push(entry);
    if (requests.length > MAX_LOGGED_REQUESTS) requests.splice(0, requests.length - MAX_LOGGED_REQUESTS);
  };

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    serve(definition, faults.take, latencyMs, record, req, res).catch(() => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`${definition.name}: no TCP address`);

  let closing: Promise<void> | undefined;
  return {
    origin: `http://${host}:${address.port}`,
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    close() {
      // Finishes promptly even with hung requests: every socket is destroyed rather than waited for.
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
      return closing;
    },
  };
}

async function serve<Operation extends string>(
  definition: ServiceDefinition<Operation>,
  takeFault: (operation: Operation | 'unknown') => IdentityFaultKind | undefined,
  latencyMs: number,
  record: (entry: IdentityRequestLogEntry<Operation>) => void,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://stand-in.invalid');
  const request: ServiceRequest = { method, url, headers: req.headers, body: await readBoundedBody(req) };
  if (latencyMs > 0) await answerLatency(latencyMs);
  const operation = definition.operationOf(request);
  const log = (httpStatus: number, error?: string, fault?: IdentityFaultKind['type']) =>
    record({
      operation,
      method,
      path: url.pathname,
      httpStatus,
      ...(error ? { error } : {}),
      ...(fault ? { fault } : {}),
    });

  const fault = takeFault(operation);
  switch (fault?.type) {
    case 'connection-reset':
      req.socket.resetAndDestroy();
      log(0, undefined, fault.type);
      return;
    case 'hang':
      // Hold the socket: no answer until the client gives up or the stand-in closes.
      log(0, undefined, fault.type);
      return;
    case 'service-error': {
      const answer = definition.errorAnswer(fault.status ?? 500, fault.code, fault.message);
      write(res, answer);
      log(answer.status, answer.error, fault.type);
      return;
    }
    default:
      break;
  }

  let answer: ServiceAnswer;
  try {
    answer = await definition.handle(request, operation);
  } catch {
    answer = definition.errorAnswer(500, undefined, undefined);
  }
  if (fault?.type === 'lost-answer') {
    // Processed (a token may have been issued), but the client never hears about it.
    req.socket.destroy();
    log(0, answer.error, fault.type);
    return;
  }
  write(res, answer);
  log(answer.status, answer.error);
}

function write(res: ServerResponse, answer: ServiceAnswer): void {
  res.writeHead(answer.status, { 'Content-Length': String(Buffer.byteLength(answer.body)), ...answer.headers });
  res.end(answer.body);
}

async function readBoundedBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks);
}

/** A JSON answer with the headers OAuth endpoints send (RFC 6749 §5.1: no caching). */
export function jsonAnswer(status: number, value: unknown, error?: string, headers: Record<string, string> = {}) {
  return {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      ...headers,
    },
    body: JSON.stringify(value),
    ...(error ? { error } : {}),
  } satisfies ServiceAnswer;
}

/** Form parameters of a request (`application/x-www-form-urlencoded`), or undefined when the body is another type. */
export function formParams(request: ServiceRequest): URLSearchParams | undefined {
  const type = String(request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return undefined;
  return new URLSearchParams((request.body ?? Buffer.alloc(0)).toString('utf8'));
}

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(String(headers.authorization ?? ''));
  return match?.[1];
}
