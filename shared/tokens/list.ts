// List api_access_token__sys records through VQL, following next_page links up to a fixed page bound.

import { callVault } from '../call.js';
import { apiPath, type VaultContext } from '../context.js';
import { VaultConfigError, type VaultOperation, VaultTransportError } from '../errors.js';
import type { Authorization } from '../http/authorization.js';
import { operationLabel } from '../http/failure-message.js';
import type { TokenFilter, TokenRecord } from '../types.js';
import { tokenListQuery } from '../vql.js';
import { asIdString, asOptionalString, asRecord, malformedAnswer } from './response-shape.js';

/** 100 pages of up to 1000 rows: far beyond 25 active tokens per user, yet a hard stop for a looping next_page. */
export const MAX_QUERY_PAGES = 100;

export async function listTokens(
  context: VaultContext,
  filter: TokenFilter,
  signal: AbortSignal | undefined,
): Promise<TokenRecord[]> {
  return queryTokens(context, tokenListQuery(filter ?? {}), 'listTokens', signal);
}

export async function queryTokens(
  context: VaultContext,
  query: string,
  operation: VaultOperation,
  signal: AbortSignal | undefined,
  authorization?: Authorization,
): Promise<TokenRecord[]> {
  const records: TokenRecord[] = [];
  let page: { path: string; form?: Record<string, string> } = {
    path: apiPath(context.target, '/query'),
    form: { q: query },
  };
  for (let pageNumber = 1; ; pageNumber++) {
    const response = await callVault(context, operation, { method: 'POST', ...page }, signal, authorization);
    const rows = response.body.data;
    if (!Array.isArray(rows)) throw malformedAnswer(operation, 'a data array', response.executionId);
    for (const row of rows) records.push(toTokenRecord(row, operation, response.executionId));

    const nextPage = asRecord(response.body.responseDetails)?.next_page;
    if (typeof nextPage !== 'string' || nextPage === '') return records;
    if (pageNumber >= MAX_QUERY_PAGES) {
      throw new VaultConfigError(
        'filter',
        `the token query returned more than ${MAX_QUERY_PAGES} pages; narrow it (e.g. by user or name prefix)`,
      );
    }
    page = { path: sameOriginPath(nextPage, context.http.origin, operation) };
  }
}

/** next_page is documented as a relative URL; anything that would leave the Vault's origin is refused. */
function sameOriginPath(link: string, origin: string, operation: VaultOperation): string {
  let url: URL;
  try {
    url = new URL(link, origin);
  } catch {
    url = new URL('http://invalid');
  }
  if (url.origin !== origin || !url.pathname.startsWith('/api/')) {
    throw new VaultTransportError({
      operation,
      reason: 'not-json',
      message: `${operationLabel(operation)} failed: Vault's next_page link does not point to ${origin}/api/…; refusing to follow it.`,
    });
  }
  return `${url.pathname}${url.search}`;
}

function toTokenRecord(row: unknown, operation: VaultOperation, executionId: string | undefined): TokenRecord {
  const record = asRecord(row);
  const id = asIdString(record?.id);
  if (record === undefined || id === undefined) throw malformedAnswer(operation, 'an id on every row', executionId);
  return {
    id,
    name: asOptionalString(record.name__v) ?? '',
    userId: asIdString(record.user__sys) ?? '',
    status: asOptionalString(record.status__v) ?? '',
    expiresAt: asOptionalString(record.expiry_date__sys),
    lastUsedAt: asOptionalString(record.last_used_date__sys),
  };
}
