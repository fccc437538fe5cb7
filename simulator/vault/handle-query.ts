// VQL over api_access_token__sys: POST (or GET) /query with `q`, then the `next_page` / `previous_page` URLs.

import { parseParams } from './body.js';
import type { AuthedContext, HandlerResult } from './context.js';
import { successBody, VaultFailure } from './envelopes.js';
import { newQueryCursor } from './ids.js';
import { isTokenActive, type QueryCursor, type SimState } from './state.js';
import { parseVql, VqlSyntaxError } from './vql.js';
import { runTokenQuery, type TokenView } from './vql-eval.js';

const MAX_QUERY_LENGTH = 50_000;
/** Vault keeps paged query results for about 72 hours. */
const CURSOR_LIFETIME_MS = 72 * 60 * 60 * 1000;
/** Bounds memory in a long-running simulator; the oldest cursors go first. */
const MAX_CURSORS = 1000;

export async function queryHandler(ctx: AuthedContext): Promise<HandlerResult> {
  const params = ctx.method === 'POST' ? await parseParams(ctx.headers['content-type'], ctx.body, ['form']) : new Map();
  const q = params.get('q') ?? ctx.url.searchParams.get('q') ?? '';
  if (q.trim() === '') throw new VaultFailure('PARAMETER_REQUIRED', 'Missing required parameter [q]');
  if (q.length > MAX_QUERY_LENGTH) {
    throw new VaultFailure('INVALID_DATA', `The query exceeds ${MAX_QUERY_LENGTH} characters`);
  }
  let parsed: ReturnType<typeof parseVql>;
  try {
    parsed = parseVql(q);
  } catch (error) {
    if (error instanceof VqlSyntaxError) {
      throw new VaultFailure('INCORRECT_QUERY_SYNTAX_ERROR', `Error parsing query: ${error.message}`);
    }
    throw error;
  }
  const rows = runTokenQuery(parsed, visibleTokens(ctx));
  const cursor: QueryCursor = {
    id: newQueryCursor(),
    vault: ctx.vault.name,
    userId: ctx.caller.user.id,
    rows,
    pageSize: ctx.state.options.pageSize,
    createdAt: ctx.state.clock.now(),
  };
  if (rows.length > cursor.pageSize) storeCursor(ctx.state, cursor);
  return { body: page(ctx, cursor, cursor.pageSize, 0) };
}

export function queryPageHandler(ctx: AuthedContext): HandlerResult {
  const { state } = ctx;
  const cursor = state.cursors.get(ctx.params.cursor ?? '');
  if (
    !cursor ||
    cursor.vault !== ctx.vault.name ||
    cursor.userId !== ctx.caller.user.id ||
    state.clock.now() - cursor.createdAt > CURSOR_LIFETIME_MS
  ) {
    throw new VaultFailure('INVALID_DATA', 'Invalid or expired query page; run the query again');
  }
  const pageSize = wholeNumber(ctx.url.searchParams.get('pagesize'), cursor.pageSize, 'pagesize', 1);
  const offset = wholeNumber(ctx.url.searchParams.get('pageoffset'), 0, 'pageoffset', 0);
  return { body: page(ctx, cursor, pageSize, offset) };
}

/** Non-admins see only their own tokens; admins see every user's. Either way, only this Vault's. */
function visibleTokens(ctx: AuthedContext): TokenView[] {
  const { state } = ctx;
  const me = ctx.caller.user;
  const views: TokenView[] = [];
  for (const token of state.tokens.values()) {
    if (token.vault !== ctx.vault.name || (!me.admin && token.userId !== me.id)) continue;
    views.push({
      id: token.id,
      name: token.name,
      userId: token.userId,
      status: isTokenActive(state, token) ? 'active__v' : 'inactive__v',
      expiresAt: token.expiresAt,
      lastUsedAt: token.lastUsedAt,
    });
  }
  return views;
}

function page(ctx: AuthedContext, cursor: QueryCursor, pageSize: number, offset: number) {
  const data = cursor.rows.slice(offset, offset + pageSize);
  const base = `/api/${ctx.apiVersion}/query/${cursor.id}`;
  const details: Record<string, unknown> = {
    pagesize: pageSize,
    pageoffset: offset,
    size: data.length,
    total: cursor.rows.length,
  };
  if (offset > 0) {
    details.previous_page = `${base}?pagesize=${pageSize}&pageoffset=${Math.max(0, offset - pageSize)}`;
  }
  if (offset + pageSize < cursor.rows.length)
    details.next_page = `${base}?pagesize=${pageSize}&pageoffset=${offset + pageSize}`;
  return successBody({ responseDetails: details, data });
}

function storeCursor(state: SimState, cursor: QueryCursor): void {
  state.cursors.set(cursor.id, cursor);
  if (state.cursors.size > MAX_CURSORS) {
    const oldest = state.cursors.keys().next().value;
    if (oldest !== undefined) state.cursors.delete(oldest);
  }
}

function wholeNumber(text: string | null, fallback: number, name: string, min: number): number {
  if (text === null) return fallback;
  if (!/^[0-9]+$/.test(text) || Number(text) < min || Number(text) > 1_000_000) {
    throw new VaultFailure('INVALID_DATA', `Invalid value for [${name}]: expected a whole number >= ${min}`);
  }
  return Number(text);
}
