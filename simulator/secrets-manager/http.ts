// The wire: AWS JSON 1.1 over loopback HTTP (POST /, X-Amz-Target: secretsmanager.<Operation>), enough for the real
// SDK. Signatures are not checked; any dummy credentials do.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HoldBook } from '../holds.js';
import type { SecretsManagerFault, SecretsManagerOperation } from '../secrets-manager-types.js';
import { ServiceError } from './errors.js';
import type { FaultBook } from './faults.js';
import { filterLogEvents, LOGS_TARGET } from './function-logs.js';
import { answerLatency } from '../latency.js';
import type { Store } from './model.js';
import type { QuotaBook } from './quotas.js';
import { isOperation, runOperation } from './operations.js';
import type { RequestLog, StandInRequestLogEntry } from './request-log.js';

const TARGET_PREFIX = 'secretsmanager.';
const MAX_BODY_BYTES = 1024 * 1024;

export interface StandInServer {
  readonly endpoint: string;
  close(): Promise<void>;
}

export interface WireOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  /** Delay before each request is processed, in ms (default 0). */
  readonly latencyMs?: number;
  /** Where every answered request is recorded. */
  readonly log?: RequestLog;
  /** Requests held by a test before they are processed (simulator/holds.ts). */
  readonly holds?: HoldBook<SecretsManagerOperation>;
  /** The service's per-second quotas (quotas.ts); none when absent. */
  readonly quotas?: QuotaBook;
  /** How latencyMs is waited, given the request's headers; default real timers. */
  readonly sleep?: (ms: number, headers: IncomingHttpHeaders) => Promise<void>;
}

interface Answer {
  readonly operation: StandInRequestLogEntry['operation'];
  readonly httpStatus: number;
  readonly errorType?: string;
  readonly fault?: SecretsManagerFault['kind'];
}

export async function serveSecretsManager(
  store: Store,
  faults: FaultBook,
  options: WireOptions = {},
): Promise<StandInServer> {
  const server = createServer((request, response) => {
    handle(store, faults, options, request, response, options.holds).then(
      (answer) => options.log?.record(answer),
      () => {
        if (!response.headersSent)
          reply(response, 500, errorBody('InternalServiceError', 'An internal error occurred.'));
        options.log?.record({ operation: 'unknown', httpStatus: 500, errorType: 'InternalServiceError' });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
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

async function handle(
  store: Store,
  faults: FaultBook,
  options: WireOptions,
  request: IncomingMessage,
  response: ServerResponse,
  holds?: HoldBook<SecretsManagerOperation>,
): Promise<Answer> {
  const raw = await readBody(request);
  const latencyMs = options.latencyMs ?? 0;
  if (latencyMs > 0) await (options.sleep ?? answerLatency)(latencyMs, request.headers);
  const target = String(request.headers['x-amz-target'] ?? '');
  const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  if (request.method === 'POST' && target === LOGS_TARGET) return answerLogs(store, raw, response);
  if (request.method !== 'POST' || !isOperation(operation)) {
    return replyError(
      response,
      'unknown',
      new ServiceError('UnknownOperationException', `Unknown operation ${target}`),
    );
  }
  await holds?.pass(operation);
  const fault = faults.take(operation);
  if (fault === 'reset') {
    request.socket.destroy();
    return { operation, httpStatus: 0, fault };
  }
  if (fault === 'service') {
    const error = new ServiceError('InternalServiceError', 'An internal error occurred (injected).', 500);
    return { ...replyError(response, operation, error), fault };
  }
  if (fault === 'throttle') {
    return { ...replyError(response, operation, new ServiceError('ThrottlingException', 'Rate exceeded')), fault };
  }
  if (options.quotas !== undefined && !options.quotas.admit(operation)) {
    return replyError(response, operation, new ServiceError('ThrottlingException', 'Rate exceeded'));
  }
  try {
    if (raw === undefined)
      throw new ServiceError('ValidationException', `Request body exceeds ${MAX_BODY_BYTES} bytes`);
    reply(response, 200, JSON.stringify(runOperation(store, operation, parseJson(raw))));
    return { operation, httpStatus: 200 };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return replyError(response, operation, error);
  }
}

/** The function logs (CloudWatch Logs' FilterLogEvents), served on the same port. */
function answerLogs(store: Store, raw: string | undefined, response: ServerResponse): Answer {
  try {
    reply(response, 200, JSON.stringify(filterLogEvents(store, parseJson(raw ?? ''))));
    return { operation: 'FilterLogEvents', httpStatus: 200 };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return replyError(response, 'FilterLogEvents', error);
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

function replyError(response: ServerResponse, operation: Answer['operation'], error: ServiceError): Answer {
  reply(response, error.httpStatus, errorBody(error.type, error.message), { 'x-amzn-errortype': error.type });
  return { operation, httpStatus: error.httpStatus, errorType: error.type };
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
