// VQL for api_access_token__sys. Values are spliced into the query text, so they are restricted to a character set
// that cannot close a string literal or add a clause: [A-Za-z0-9._:/ -]. Anything else is refused, not escaped.

import { VaultConfigError } from './errors.js';
import { validateTokenId, validateUserId } from './ids.js';
import type { TokenFilter } from './types.js';

const VQL_SAFE = /^[A-Za-z0-9._:/ -]+$/;
const MAX_VALUE_LENGTH = 128;
/** 500 × `id = '<40 chars>' OR ` stays under 30,000 characters, inside VQL's 50,000. */
export const MAX_IDS_PER_QUERY = 500;

export const TOKEN_FIELDS = ['id', 'name__v', 'user__sys', 'status__v', 'expiry_date__sys', 'last_used_date__sys'];

/** A quoted VQL string literal; throws VaultConfigError naming `field` for characters outside the safe set. */
export function vqlLiteral(value: unknown, field: string): string {
  assertVqlSafe(value, field);
  return `'${value}'`;
}

export function assertVqlSafe(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_VALUE_LENGTH) {
    throw new VaultConfigError(field, `expected 1–${MAX_VALUE_LENGTH} characters, got ${describe(value)}`);
  }
  if (!VQL_SAFE.test(value)) {
    throw new VaultConfigError(
      field,
      `may contain only letters, digits, space and . _ : / - (got ${describe(value)}); other characters could alter the VQL query`,
    );
  }
}

export function tokenListQuery(filter: TokenFilter): string {
  const conditions: string[] = [];
  if (filter.userId !== undefined) {
    conditions.push(`user__sys = '${validateUserId(filter.userId, 'filter.userId')}'`);
  }
  if (filter.name !== undefined) conditions.push(`name__v = ${vqlLiteral(filter.name, 'filter.name')}`);
  if (filter.namePrefix !== undefined) {
    assertVqlSafe(filter.namePrefix, 'filter.namePrefix');
    conditions.push(`name__v LIKE '${filter.namePrefix}%'`);
  }
  if (filter.activeOnly ?? true) conditions.push(`status__v = 'active__v'`);
  return selectTokens(conditions);
}

/**
 * All records among `ids`, whatever their status (used to tell "already gone" from "still there"). OR'ed equalities,
 * not `id IN ('a', 'b')`: Vault allows IN only with a relationship subquery. Callers keep `ids` short (revoke.ts
 * looks up 200 at a time, far below VQL's 50,000-character limit).
 */
export function tokenIdsQuery(ids: readonly string[]): string {
  if (ids.length === 0) throw new VaultConfigError('ids', 'expected at least one token id');
  if (ids.length > MAX_IDS_PER_QUERY) {
    throw new VaultConfigError('ids', `expected at most ${MAX_IDS_PER_QUERY} token ids per query, got ${ids.length}`);
  }
  return selectTokens([`(${ids.map((id) => `id = '${validateTokenId(id, 'ids')}'`).join(' OR ')})`]);
}

function selectTokens(conditions: readonly string[]): string {
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  return `SELECT ${TOKEN_FIELDS.join(', ')} FROM api_access_token__sys${where}`;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}" (${value.length} chars)` : typeof value;
}
