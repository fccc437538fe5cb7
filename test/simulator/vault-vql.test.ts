// The VQL parser and evaluator on their own, including property tests for quoting and LIKE. The lexical rules follow
// Vault's VQL reference ("Syntax Basics: Special Characters" and "Logical Operators").
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVql, VqlSyntaxError } from '../../simulator/vault/vql.js';
import { likeToRegExp, runTokenQuery, type TokenView } from '../../simulator/vault/vql-eval.js';

const row = (name: string): TokenView => ({
  id: 'V8T000000000001',
  name,
  userId: '100001',
  status: 'active__v',
  expiresAt: null,
  lastUsedAt: null,
});

/** A VQL string literal for `value`: backslash escapes for \, ' and % (so % is literal even in LIKE). */
function vqlString(value: string): string {
  return `'${value.replace(/[\\'%]/g, (c) => `\\${c}`)}'`;
}

/** The same value with a quote written as '' (Vault's other documented form). */
function vqlStringDoubled(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/%/g, '\\%').replace(/'/g, "''")}'`;
}

const where = (condition: string) => parseVql(`SELECT id FROM api_access_token__sys WHERE ${condition}`).where;

/** The regex a `name__v LIKE <literal>` condition compiles to, through the parser. */
function like(literal: string): RegExp {
  const condition = where(`name__v LIKE ${literal}`);
  if (condition?.kind !== 'like') throw new Error('not a LIKE');
  return likeToRegExp(condition.parts);
}

describe('parseVql', () => {
  it('builds the tree with AND binding tighter than OR', () => {
    const parsed = parseVql(
      "SELECT id, name__v FROM api_access_token__sys WHERE a = '1' OR b != 2 AND (c LIKE 'x%' OR d CONTAINS ('p', 'q'))",
    );
    expect(parsed.fields).toEqual(['id', 'name__v']);
    expect(parsed.from).toBe('api_access_token__sys');
    expect(parsed.where).toEqual({
      kind: 'or',
      left: { kind: 'compare', field: 'a', op: '=', value: { kind: 'string', value: '1' } },
      right: {
        kind: 'and',
        left: { kind: 'compare', field: 'b', op: '!=', value: { kind: 'number', value: 2, text: '2' } },
        right: {
          kind: 'or',
          left: { kind: 'like', field: 'c', parts: ['x', ''], negated: false },
          right: {
            kind: 'contains',
            field: 'd',
            values: [
              { kind: 'string', value: 'p' },
              { kind: 'string', value: 'q' },
            ],
          },
        },
      },
    });
  });

  it('names the position of a syntax error', () => {
    expect(() => parseVql('SELECT id FROM t WHERE name__v = ')).toThrow(VqlSyntaxError);
    expect(() => parseVql('SELECT id FROM t WHERE name__v = ')).toThrow(/end of query/);
    expect(() => parseVql('SELECT id FROM t WHERE name__v ~ 1')).toThrow(/position 31/);
  });

  it('reads back any string quoted with backslash escapes (property)', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(where(`name__v = ${vqlString(value)}`)).toEqual({
          kind: 'compare',
          field: 'name__v',
          op: '=',
          value: { kind: 'string', value },
        });
      }),
    );
  });

  it("reads back any string whose quotes are doubled ('') (property)", () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(where(`name__v = ${vqlStringDoubled(value)}`)).toMatchObject({ value: { kind: 'string', value } });
      }),
    );
  });
});

describe("VQL's escaping rules", () => {
  it("accepts '' as the empty string and as an escaped quote", () => {
    expect(where(`name__v = ''`)).toMatchObject({ value: { value: '' } });
    expect(where(`name__v = '' AND id = 'x'`)).toMatchObject({ kind: 'and', left: { value: { value: '' } } });
    expect(where(`name__v = 'o''brien'`)).toMatchObject({ value: { value: "o'brien" } });
    expect(where(`name__v = ''''`)).toMatchObject({ value: { value: "'" } });
    expect(where(`name__v = 'o\\'brien'`)).toMatchObject({ value: { value: "o'brien" } });
  });

  it('decodes exactly the documented escapes: \\\\ \\\' \\" \\% \\* \\n \\t \\r', () => {
    expect(where(`name__v = 'a\\\\b\\"c\\%d\\*e\\nf\\tg\\rh'`)).toMatchObject({
      value: { value: 'a\\b"c%d*e\nf\tg\rh' },
    });
  });

  it('refuses any other backslash sequence, as Vault does', () => {
    for (const literal of [`'\\q'`, `'a\\_b'`, `'\\x41'`, `'\\u0041'`, `'trailing\\`]) {
      expect(() => where(`name__v = ${literal}`), literal).toThrow(VqlSyntaxError);
    }
  });

  it('refuses double-quoted strings: VQL strings are single-quoted', () => {
    expect(() => where(`name__v = "o'brien"`)).toThrow(/single quotes/);
    expect(() => where(`name__v = "abc"`)).toThrow(VqlSyntaxError);
    expect(() => where(`name__v LIKE "abc%"`)).toThrow(VqlSyntaxError);
  });

  it('a double quote inside a single-quoted string is a literal character', () => {
    expect(where(`name__v = 'say "hi"'`)).toMatchObject({ value: { value: 'say "hi"' } });
  });
});

describe('IN and CONTAINS', () => {
  it('refuses IN with a literal list (Vault allows IN only with a relationship subquery)', () => {
    for (const condition of [`id IN ('a', 'b')`, `id IN ('a')`, `name__v NOT IN ('a')`, `user__sys IN (1, 2)`]) {
      expect(() => where(condition), condition).toThrow(/IN takes only a relationship subquery/);
    }
  });

  it('refuses an IN subquery: api_access_token__sys has no relationships', () => {
    expect(() => where(`id IN (SELECT id FROM api_access_token__sys)`)).toThrow(/no relationships/);
  });

  it('CONTAINS matches any of the listed values', () => {
    const rows = runTokenQuery(
      parseVql(`SELECT name__v FROM api_access_token__sys WHERE name__v CONTAINS ('a', 'c')`),
      [row('a'), row('b'), row('c')],
    );
    expect(rows).toEqual([{ name__v: 'a' }, { name__v: 'c' }]);
  });
});

describe('LIKE', () => {
  it('prefix% matches exactly the strings that start with the prefix, whatever characters it holds (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prefix, candidate) => {
        const pattern = `${vqlString(prefix).slice(0, -1)}%'`;
        expect(like(pattern).test(candidate)).toBe(candidate.startsWith(prefix));
        expect(like(pattern).test(prefix + candidate)).toBe(true);
      }),
    );
  });

  it('\\% is a literal percent sign, not a wildcard', () => {
    expect(like(`'ci-100\\%'`).test('ci-100%')).toBe(true);
    expect(like(`'ci-100\\%'`).test('ci-1000')).toBe(false);
    expect(like(`'ci-100\\%'`).test('ci-100')).toBe(false);
    expect(like(`'ci-100\\%%'`).test('ci-100%-x')).toBe(true);
    expect(like(`'ci-100\\%%'`).test('ci-1000')).toBe(false);
    expect(like(`'%\\%%'`).test('no percent')).toBe(false);
  });

  it('treats _, * and regex characters literally', () => {
    expect(like(`'a_c'`).test('abc')).toBe(false);
    expect(like(`'a_c'`).test('a_c')).toBe(true);
    expect(like(`'a.*'`).test('abc')).toBe(false);
    expect(like(`'a*'`).test('abc')).toBe(false);
    expect(like(`'%[x]%'`).test('1[x]2')).toBe(true);
  });
});

describe('runTokenQuery', () => {
  it('finds exactly the row whose name equals any quoted string (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (name, other) => {
        fc.pre(name !== other);
        const rows = runTokenQuery(
          parseVql(`SELECT name__v FROM api_access_token__sys WHERE name__v = ${vqlString(name)}`),
          [row(name), row(other)],
        );
        expect(rows).toEqual([{ name__v: name }]);
      }),
    );
  });
});
