// One loopback HTTP server per simulated Vault. Each request: wait the injected latency (if any), resolve the
// endpoint, apply an injected fault if one is due, authenticate, run the handler, answer with Vault's envelope and
// headers, and log it without credentials.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { SimFaultKind, SimOperation, SimRequestLogEntry } from '../vault-simulator-types.js';
import { authenticate, type Caller, RejectedTokenFailure, requireApiAccess } from './auth.js';
import { BodyTooLargeError, readBody } from './body.js';
import type { HandlerResult } from './context.js';
import { failureBody, firstErrorType, type JsonBody, VaultFailure } from './envelopes.js';
import { vaultHeaders } from './headers.js';
import { answerLatency } from '../latency.js';
import { resolveRoute } from './routes.js';
import type { SimState, VaultRecord } from './state.js';

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

const MAX_LOGGED_REQUESTS = 50_000;

const UNAUTHORIZED_TEXT = 'Unauthorized';

const MAINTENANCE_PAGE =
  '<!DOCTYPE html><html><head><title>Vault Maintenance</title></head>' +
  '<body><h1>Vault is temporarily unavailable</h1><p>Scheduled maintenance is in progress.</p></body></html>';

/** Starts listening; `vaultName` is looked up per request because the record (with the port) is made afterwards. */
export async function startVaultServer(state: SimState, vaultName: string, port: number): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(state, vaultName, req, res).catch(() => {
      // Already answered or the socket is gone; nothing useful is left to do.
      req.socket.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listen(server, state.options.bindAddress, port);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator: server has no TCP address');
  return {
    port: address.port,
    close: () => closeServer(server, sockets),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Finishes promptly even with hung requests: every socket is destroyed rather than waited for. */
function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  });
}

interface Outcome {
  readonly httpStatus: number;
  readonly body: JsonBody | undefined;
  readonly fault?: SimFaultKind['type'];
}

async function handle(state: SimState, vaultName: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const vault = state.vaults.get(vaultName);
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  const log = (operation: SimOperation, outcome: Outcome) => record(state, vaultName, method, url, operation, outcome);
  if (!vault) {
    req.socket.destroy();
    return;
  }

  let body: Buffer;
  let bodyTooLarge = false;
  try {
    body = await readBody(req);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    body = Buffer.alloc(0);
    bodyTooLarge = true;
  }

  if (state.options.latencyMs > 0) await (state.options.sleep ?? answerLatency)(state.options.latencyMs, req.headers);

  const route = resolveRoute(method, url);
  await state.holds.pass(route.operation);
  const fault = state.faults.take(route.operation);
  if (fault && fault.type !== 'lost-answer') {
    log(route.operation, applyFault(state, vault, fault, req, res));
    return;
  }

  let caller: Caller | undefined;
  let result: HandlerResult;
  let unauthorized = false;
  try {
    if (bodyTooLarge) throw new VaultFailure('INVALID_DATA', 'The request body is too large');
    if (route.kind === 'reject') throw route.failure;
    const ctx = { state, vault, method: route.method, url, apiVersion: route.apiVersion, headers: req.headers, body };
    if (route.handler.public) {
      result = await route.handler.run({ ...ctx, params: route.params });
    } else {
      caller = authenticate(state, vault.name, req.headers.authorization);
      requireApiAccess(caller);
      result = await route.handler.run({ ...ctx, params: route.params, caller });
    }
  } catch (error) {
    unauthorized = error instanceof RejectedTokenFailure && state.options.rejectedTokenAnswer === 'http-401';
    const failure =
      error instanceof VaultFailure
        ? error
        : new VaultFailure('UNEXPECTED_ERROR', 'The simulator failed to process the request.', 'EXCEPTION');
    result = { body: failureBody(failure) };
  }

  const userId = caller?.user.id ?? result.userId;
  const headers = vaultHeaders(state, vault, result.body.responseStatus, userId);
  if (headers['X-VaultAPI-ResponseDelay'] !== undefined && state.options.burstDelayRealMs > 0) {
    await (state.options.sleep ?? answerLatency)(state.options.burstDelayRealMs, req.headers);
  }
  if (fault?.type === 'lost-answer') {
    // Processed (a token may now exist), but the client never hears about it.
    req.socket.destroy();
    log(route.operation, { httpStatus: 0, body: result.body, fault: 'lost-answer' });
    return;
  }
  if (unauthorized) {
    log(route.operation, answerUnauthorized(res));
    return;
  }
  res.writeHead(200, headers).end(JSON.stringify(result.body));
  log(route.operation, { httpStatus: 200, body: result.body });
}

/** HTTP 401, plain text, no Vault envelope and no Vault headers (as a gateway in front of Vault would answer). */
function answerUnauthorized(res: ServerResponse): Outcome {
  res.writeHead(401, { 'Content-Type': 'text/plain;charset=UTF-8' }).end(UNAUTHORIZED_TEXT);
  return { httpStatus: 401, body: undefined };
}

function applyFault(
  state: SimState,
  vault: VaultRecord,
  fault: SimFaultKind,
  req: IncomingMessage,
  res: ServerResponse,
): Outcome {
  switch (fault.type) {
    case 'vault-error': {
      const failure = new VaultFailure(
        fault.errorType,
        fault.message ?? `Simulated ${fault.errorType}`,
        fault.responseStatus ?? 'FAILURE',
      );
      const body = failureBody(failure);
      res.writeHead(200, vaultHeaders(state, vault, body.responseStatus, undefined)).end(JSON.stringify(body));
      return { httpStatus: 200, body, fault: fault.type };
    }
    case 'http-401':
      return { ...answerUnauthorized(res), fault: fault.type };
    case 'http-503-html':
      res
        .writeHead(503, {
          'Content-Type': 'text/html;charset=UTF-8',
          'X-VaultAPI-DowntimeExpectedDurationMinutes': '15',
        })
        .end(MAINTENANCE_PAGE);
      return { httpStatus: 503, body: undefined, fault: fault.type };
    case 'connection-reset':
      req.socket.resetAndDestroy();
      return { httpStatus: 0, body: undefined, fault: fault.type };
    case 'hang':
      // Hold the socket: no answer until the client gives up or the simulator closes.
      return { httpStatus: 0, body: undefined, fault: fault.type };
    case 'lost-answer':
      req.socket.destroy();
      return { httpStatus: 0, body: undefined, fault: fault.type };
  }
}

/** httpStatus 0 means no HTTP answer reached the client (reset, hang, lost answer). */
function record(
  state: SimState,
  vault: string,
  method: string,
  url: URL,
  operation: SimOperation,
  outcome: Outcome,
): void {
  const entry: SimRequestLogEntry = {
    operation,
    method,
    path: url.pathname,
    vault,
    httpStatus: outcome.httpStatus,
    ...(outcome.body ? { responseStatus: outcome.body.responseStatus } : {}),
    ...(outcome.body && firstErrorType(outcome.body) ? { errorType: firstErrorType(outcome.body) } : {}),
    ...(outcome.fault ? { fault: outcome.fault } : {}),
  };
  state.requests.push(entry);
  // A simulator left running for days must not grow without bound; tests never come near this.
  if (state.requests.length > MAX_LOGGED_REQUESTS)
    state.requests.splice(0, state.requests.length - MAX_LOGGED_REQUESTS);
  try {
    state.options.onRequest?.(entry);
  } catch {
    // A faulty observer must not break the simulated Vault.
  }
}
