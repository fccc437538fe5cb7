// Runs a parsed VQL query over the api_access_token__sys records a caller may see. Only the documented fields exist:
// anything else is INVALID_DATA, so a client asking for an undocumented field finds out here, not in production.
import { VaultFailure, vaultDateTime } from './envelopes.js';
import type { Condition, Literal, VqlQuery } from './vql.js';

export const TOKEN_OBJECT = 'api_access_token__sys';

/** One token as VQL sees it. */
export interface TokenView {
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  readonly status: 'active__v' | 'inactive__v';
  readonly expiresAt: number | null;
  readonly lastUsedAt: number | null;
}

type FieldDef =
  | { readonly type: 'text'; readonly get: (t: TokenView) => string; readonly output: (t: TokenView) => unknown }
  | { readonly type: 'datetime'; readonly get: (t: TokenView) => number | null };

const FIELDS: Readonly<Record<string, FieldDef>> = {
  id: { type: 'text', get: (t) => t.id, output: (t) => t.id },
  name__v: { type: 'text', get: (t) => t.name, output: (t) => t.name },
  user__sys: { type: 'text', get: (t) => t.userId, output: (t) => t.userId },
  // Picklist-like fields come back as arrays in Vault object JSON.
  status__v: { type: 'text', get: (t) => t.status, output: (t) => [t.status] },
  expiry_date__sys: { type: 'datetime', get: (t) => t.expiresAt },
  last_used_date__sys: { type: 'datetime', get: (t) => t.lastUsedAt },
};

export function runTokenQuery(query: VqlQuery, visible: readonly TokenView[]): Record<string, unknown>[] {
  if (query.from.toLowerCase() !== TOKEN_OBJECT) {
    throw new VaultFailure('INVALID_DATA', `Object [${query.from}] is not queryable here; only [${TOKEN_OBJECT}] is`);
  }
  for (const name of query.fields) fieldDef(name);
  for (const order of query.orderBy) fieldDef(order.field);
  const matches = query.where ? compileCondition(query.where) : () => true;

  let rows = visible.filter(matches);
  if (query.orderBy.length > 0) rows = [...rows].sort(comparator(query));
  if (query.limit !== undefined) rows = rows.slice(0, query.limit);
  return rows.map((row) => project(query.fields, row));
}

function fieldDef(name: string): FieldDef {
  const def = Object.hasOwn(FIELDS, name) ? FIELDS[name] : undefined;
  if (!def) {
    throw new VaultFailure(
      'INVALID_DATA',
      `No such field [${name}] on object [${TOKEN_OBJECT}]; queryable fields: ${Object.keys(FIELDS).join(', ')}`,
    );
  }
  return def;
}

function project(fields: readonly string[], row: TokenView): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of fields) {
    const def = fieldDef(name);
    out[name] = def.type === 'text' ? def.output(row) : vaultDateTime(def.get(row));
  }
  return out;
}

function comparator(query: VqlQuery): (a: TokenView, b: TokenView) => number {
  return (a, b) => {
    for (const { field, descending } of query.orderBy) {
      const def = fieldDef(field);
      const x = def.get(a);
      const y = def.get(b);
      if (x === y) continue;
      // Nulls sort first ascending, as in most SQL dialects.
      const order = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return descending ? -order : order;
    }
    return 0;
  };
}

type Predicate = (row: TokenView) => boolean;

/** Checks fields and literals once, up front, so a bad query fails even when no record would reach the check. */
function compileCondition(condition: Condition): Predicate {
  switch (condition.kind) {
    case 'and': {
      const left = compileCondition(condition.left);
      const right = compileCondition(condition.right);
      return (row) => left(row) && right(row);
    }
    case 'or': {
      const left = compileCondition(condition.left);
      const right = compileCondition(condition.right);
      return (row) => left(row) || right(row);
    }
    case 'like': {
      const def = fieldDef(condition.field);
      if (def.type !== 'text') {
        throw new VaultFailure('INVALID_DATA', `LIKE is not supported on the datetime field [${condition.field}]`);
      }
      const regex = likeToRegExp(condition.parts);
      return (row) => regex.test(def.get(row)) !== condition.negated;
    }
    case 'contains': {
      const def = fieldDef(condition.field);
      const wanted = condition.values.map((value) => coerce(def, condition.field, value));
      return (row) => {
        const actual = def.get(row);
        return actual !== null && wanted.includes(actual);
      };
    }
    case 'compare': {
      const def = fieldDef(condition.field);
      const wanted = coerce(def, condition.field, condition.value);
      const op = condition.op;
      return (row) => {
        const actual = def.get(row);
        if (actual === null) return false;
        switch (op) {
          case '=':
            return actual === wanted;
          case '!=':
            return actual !== wanted;
          case '<':
            return actual < wanted;
          case '<=':
            return actual <= wanted;
          case '>':
            return actual > wanted;
          case '>=':
            return actual >= wanted;
        }
      };
    }
  }
}

function coerce(def: FieldDef, field: string, literal: Literal): string | number {
  if (def.type === 'text') return literal.kind === 'string' ? literal.value : literal.text;
  const ms = literal.kind === 'string' ? parseVqlDateTime(literal.value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new VaultFailure(
      'INVALID_DATA',
      `Invalid datetime for [${field}]: use a quoted 'YYYY-MM-DDTHH:MM:SS.sssZ' or 'YYYY-MM-DD' value`,
    );
  }
  return ms;
}

function parseVqlDateTime(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z)?$/.test(text)) return Number.NaN;
  return Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
}

/**
 * VQL LIKE, given the pattern's pieces between unescaped `%` wildcards (the parser splits them; `\%` stays inside a
 * piece as a literal percent): each `%` matches any run of characters, everything else (including `_` and `*`) is
 * literal, and matching is case-sensitive.
 */
export function likeToRegExp(parts: readonly string[]): RegExp {
  const body = parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 's');
}
