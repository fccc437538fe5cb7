// Which endpoint a request is for. Resolution happens before anything else (faults are keyed by operation), and
// knows the shape of Vault's URLs: /api/{version}/… with versions `vNN.N`.
import type { SimOperation } from '../vault-simulator-types.js';
import type { AuthedContext, HandlerResult, RequestContext } from './context.js';
import { VaultFailure } from './envelopes.js';
import { authHandler, endSessionHandler, keepAliveHandler } from './handle-auth.js';
import { deleteHandler } from './handle-delete.js';
import { oauthSessionHandler } from './handle-oauth-session.js';
import { mintHandler } from './handle-mint.js';
import { queryHandler, queryPageHandler } from './handle-query.js';
import { sandboxesHandler } from './handle-sandboxes.js';
import { whoAmIHandler } from './handle-users.js';
import { apiVersionsHandler } from './handle-versions.js';

type Result = HandlerResult | Promise<HandlerResult>;

export type RouteHandler =
  | { readonly public: true; readonly run: (ctx: RequestContext) => Result }
  | { readonly public: false; readonly run: (ctx: AuthedContext) => Result };

interface RouteDef {
  readonly method: string;
  /** Path segments after /api/{version}; `:name` captures one segment. */
  readonly segments: readonly string[];
  readonly operation: SimOperation;
  readonly handler: RouteHandler;
  /** The endpoint does not exist before this API version (METHOD_NOT_SUPPORTED, as Vault answers). */
  readonly since?: readonly [number, number];
}

const TOKEN_ENDPOINTS_SINCE = [26, 2] as const;
const authed = (run: (ctx: AuthedContext) => Result): RouteHandler => ({ public: false, run });

const ROUTES: readonly RouteDef[] = [
  { method: 'POST', segments: ['auth'], operation: 'auth', handler: { public: true, run: authHandler } },
  { method: 'DELETE', segments: ['session'], operation: 'endSession', handler: authed(endSessionHandler) },
  { method: 'POST', segments: ['keep-alive'], operation: 'unknown', handler: authed(keepAliveHandler) },
  { method: 'GET', segments: ['objects', 'users', 'me'], operation: 'whoAmI', handler: authed(whoAmIHandler) },
  {
    method: 'POST',
    segments: ['objects', 'users', 'me', 'api_access_token__sys'],
    operation: 'mint',
    handler: authed(mintHandler('self')),
    since: TOKEN_ENDPOINTS_SINCE,
  },
  {
    method: 'POST',
    segments: ['objects', 'users', ':user_id', 'api_access_token__sys'],
    operation: 'mint',
    handler: authed(mintHandler('user')),
    since: TOKEN_ENDPOINTS_SINCE,
  },
  {
    method: 'POST',
    segments: ['objects', 'sandbox', ':sandbox_name', 'users', 'me', 'api_access_token__sys'],
    operation: 'mint',
    handler: authed(mintHandler('sandbox')),
    since: TOKEN_ENDPOINTS_SINCE,
  },
  { method: 'GET', segments: ['objects', 'sandbox'], operation: 'sandboxes', handler: authed(sandboxesHandler) },
  { method: 'POST', segments: ['query'], operation: 'query', handler: authed(queryHandler) },
  { method: 'GET', segments: ['query'], operation: 'query', handler: authed(queryHandler) },
  { method: 'POST', segments: ['query', ':cursor'], operation: 'query', handler: authed(queryPageHandler) },
  { method: 'GET', segments: ['query', ':cursor'], operation: 'query', handler: authed(queryPageHandler) },
  { method: 'DELETE', segments: ['vobjects', ':object_name'], operation: 'delete', handler: authed(deleteHandler) },
];

const OAUTH_SESSION = ['auth', 'oauth', 'session', ':profile_id'] as const;
const OAUTH_SESSION_HANDLER: RouteHandler = { public: true, run: oauthSessionHandler };

/** The newest API version this simulator answers (v26.3 may be GA or Beta by late 2026). */
export const LATEST_API_VERSION = [26, 3] as const;

export type ResolvedRoute =
  | {
      readonly kind: 'route';
      readonly operation: SimOperation;
      readonly handler: RouteHandler;
      readonly apiVersion: string;
      readonly params: Record<string, string>;
      readonly method: string;
    }
  /** A request Vault rejects for its URL or method; answered after fault injection like any other. */
  | { readonly kind: 'reject'; readonly operation: SimOperation; readonly failure: VaultFailure };

export function resolveRoute(rawMethod: string, url: URL): ResolvedRoute {
  // Clients that cannot send a body with DELETE use POST ?_method=DELETE (documented for Delete Object Records).
  const override = url.searchParams.get('_method')?.toUpperCase();
  const method = rawMethod === 'POST' && override ? override : rawMethod;
  const path = url.pathname.replace(/\/+$/, '');
  const segments = path.split('/').filter((s) => s !== '');

  // The OAuth sign-in lives outside /api (on login.veevavault.com, no API version); everything else there is unknown.
  const profile = matchSegments(OAUTH_SESSION, segments);
  if (profile && method === 'POST') {
    const handler = OAUTH_SESSION_HANDLER;
    return { kind: 'route', operation: 'oauthSession', handler, apiVersion: '', params: profile, method };
  }
  if (segments[0] !== 'api') return reject('unknown', 'MALFORMED_URL', `No resource at [${url.pathname}]`);
  if (segments.length === 1) {
    return method === 'GET'
      ? {
          kind: 'route',
          operation: 'unknown',
          handler: authed(apiVersionsHandler),
          apiVersion: '',
          params: {},
          method,
        }
      : reject('unknown', 'METHOD_NOT_SUPPORTED', `Method [${method}] is not supported for [${url.pathname}]`);
  }

  const apiVersion = segments[1]!;
  const rest = segments.slice(2);
  const pathMatches = ROUTES.map((route) => ({ route, params: matchSegments(route.segments, rest) })).filter(
    (m): m is { route: RouteDef; params: Record<string, string> } => m.params !== undefined,
  );
  const exact = pathMatches.find((m) => m.route.method === method);
  const operation = exact?.route.operation ?? 'unknown';

  const version = /^v(\d{1,2})\.(\d)$/.exec(apiVersion);
  if (!version) return reject(operation, 'MALFORMED_URL', `Invalid API version [${apiVersion}]; expected vNN.N`);
  const major = Number(version[1]);
  const minor = Number(version[2]);
  if (compare([major, minor], LATEST_API_VERSION) > 0) {
    return reject(operation, 'MALFORMED_URL', `API version [${apiVersion}] does not exist`);
  }
  if (!exact) {
    if (pathMatches.length > 0) {
      return reject('unknown', 'METHOD_NOT_SUPPORTED', `Method [${method}] is not supported for [${url.pathname}]`);
    }
    return reject('unknown', 'MALFORMED_URL', `No resource at [${url.pathname}]`);
  }
  if (exact.route.since && compare([major, minor], exact.route.since) < 0) {
    return reject(
      operation,
      'METHOD_NOT_SUPPORTED',
      `[${url.pathname}] is not available in API ${apiVersion}; it requires v${exact.route.since.join('.')} or later`,
    );
  }
  return { kind: 'route', operation, handler: exact.route.handler, apiVersion, params: exact.params, method };
}

function reject(operation: SimOperation, type: string, message: string): ResolvedRoute {
  return { kind: 'reject', operation, failure: new VaultFailure(type, message) };
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const want = pattern[i]!;
    const got = actual[i]!;
    if (want.startsWith(':')) {
      params[want.slice(1)] = safeDecode(got);
    } else if (want !== got) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function compare(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}
