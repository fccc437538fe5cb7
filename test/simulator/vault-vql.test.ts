// The VQL parser and evaluator on their own, including property tests for quoting and LIKE.
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

function vqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

describe('parseVql', () => {
  it('builds the tree with AND binding tighter than OR', () => {
    const parsed = parseVql(
      "SELECT id, name__v FROM api_access_token__sys WHERE a = '1' OR b != 2 AND (c LIKE 'x%' OR d NOT IN ('p', 'q'))",
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
          left: { kind: 'like', field: 'c', pattern: 'x%', negated: false },
          right: {
            kind: 'in',
            field: 'd',
            values: [
              { kind: 'string', value: 'p' },
              { kind: 'string', value: 'q' },
            ],
            negated: true,
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
        const parsed = parseVql(`SELECT id FROM t WHERE name__v = ${vqlString(value)}`);
        expect(parsed.where).toEqual({ kind: 'compare', field: 'name__v', op: '=', value: { kind: 'string', value } });
      }),
    );
  });
});

describe('LIKE', () => {
  it('prefix% matches exactly the strings that start with the prefix, whatever characters it holds (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prefix, candidate) => {
        fc.pre(!prefix.includes('%'));
        expect(likeToRegExp(`${prefix}%`).test(candidate)).toBe(candidate.startsWith(prefix));
        expect(likeToRegExp(`${prefix}%`).test(prefix + candidate)).toBe(true);
      }),
    );
  });

  it('treats _ and regex characters literally', () => {
    expect(likeToRegExp('a_c').test('abc')).toBe(false);
    expect(likeToRegExp('a_c').test('a_c')).toBe(true);
    expect(likeToRegExp('a.*').test('abc')).toBe(false);
    expect(likeToRegExp('%[x]%').test('1[x]2')).toBe(true);
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
