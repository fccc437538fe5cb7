// The wire: AWS JSON 1.1 over loopback HTTP (POST /, X-Amz-Target: secretsmanager.<Operation>), enough for the real
// SDK. Signatures are not checked; any dummy credentials do.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceError } from './errors.js';
import type { FaultBook } from './faults.js';
import type { Store } from './model.js';
import { isOperation, runOperation } from './operations.js';

const TARGET_PREFIX = 'secretsmanager.';
const MAX_BODY_BYTES = 1024 * 1024;

export interface StandInServer {
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function serveSecretsManager(store: Store, faults: FaultBook, port = 0): Promise<StandInServer> {
  const server = createServer((request, response) => {
    handle(store, faults, request, response).catch(() => {
      if (!response.headersSent) reply(response, 500, errorBody('InternalServiceError', 'An internal error occurred.'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${boundPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(store: Store, faults: FaultBook, request: IncomingMessage, response: ServerResponse) {
  const raw = await readBody(request);
  const target = String(request.headers['x-amz-target'] ?? '');
  const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  if (request.method !== 'POST' || !isOperation(operation)) {
    return replyError(response, new ServiceError('UnknownOperationException', `Unknown operation ${target}`));
  }
  const fault = faults.take(operation);
  if (fault === 'reset') return void request.socket.destroy();
  if (fault === 'service') {
    return replyError(
      response,
      new ServiceError('InternalServiceError', 'An internal error occurred (injected).', 500),
    );
  }
  if (fault === 'throttle') return replyError(response, new ServiceError('ThrottlingException', 'Rate exceeded'));
  try {
    if (raw === undefined)
      throw new ServiceError('ValidationException', `Request body exceeds ${MAX_BODY_BYTES} bytes`);
    reply(response, 200, JSON.stringify(runOperation(store, operation, parseJson(raw))));
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    replyError(response, error);
  }
}

/** Undefined when the body is larger than any real request could be. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new ServiceError('SerializationException', 'The request body is not valid JSON.');
  }
}

function errorBody(type: string, message: string): string {
  return JSON.stringify({ __type: type, message });
}

function replyError(response: ServerResponse, error: ServiceError): void {
  reply(response, error.httpStatus, errorBody(error.type, error.message), { 'x-amzn-errortype': error.type });
}

function reply(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  response.end(body);
}
