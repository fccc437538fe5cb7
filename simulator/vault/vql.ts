// A small VQL parser: SELECT f[, f…] FROM object [WHERE cond] [ORDER BY f [ASC|DESC][, …]] [LIMIT n].
// Conditions: =, !=, <>, <, <=, >, >=, [NOT] LIKE (with % wildcards), [NOT] IN (…), AND, OR, parentheses; single- or
// double-quoted strings with backslash escapes. It only parses: field and object names are checked by the evaluator,
// so an unknown field is INVALID_DATA while bad grammar is INCORRECT_QUERY_SYNTAX_ERROR, as in Vault.

export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number; readonly text: string };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { readonly kind: 'compare'; readonly field: string; readonly op: CompareOp; readonly value: Literal }
  | { readonly kind: 'like'; readonly field: string; readonly pattern: string; readonly negated: boolean }
  | { readonly kind: 'in'; readonly field: string; readonly values: readonly Literal[]; readonly negated: boolean }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition };

export interface OrderBy {
  readonly field: string;
  readonly descending: boolean;
}

export interface VqlQuery {
  readonly fields: readonly string[];
  readonly from: string;
  readonly where: Condition | undefined;
  readonly orderBy: readonly OrderBy[];
  readonly limit: number | undefined;
}

export class VqlSyntaxError extends Error {
  override readonly name = 'VqlSyntaxError';
}

type Token =
  | { readonly kind: 'word'; readonly text: string; readonly at: number }
  | { readonly kind: 'string'; readonly text: string; readonly at: number }
  | { readonly kind: 'number'; readonly text: string; readonly at: number }
  | { readonly kind: 'symbol'; readonly text: string; readonly at: number }
  | { readonly kind: 'end'; readonly text: ''; readonly at: number };

const KEYWORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'LIKE',
  'IN',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'LIMIT',
]);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'word', text: match[0], at: i });
      i += match[0].length;
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', text: match[0], at: i });
      i += match[0].length;
    } else if (ch === "'" || ch === '"') {
      const start = i;
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw new VqlSyntaxError(`unterminated string starting at position ${start}`);
        const c = text[i]!;
        if (c === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else if (c === ch) {
          i += 1;
          break;
        } else {
          value += c;
          i += 1;
        }
      }
      tokens.push({ kind: 'string', text: value, at: start });
    } else {
      const two = text.slice(i, i + 2);
      if (two === '!=' || two === '<>' || two === '<=' || two === '>=') {
        tokens.push({ kind: 'symbol', text: two, at: i });
        i += 2;
      } else if ('=<>,()'.includes(ch)) {
        tokens.push({ kind: 'symbol', text: ch, at: i });
        i += 1;
      } else {
        throw new VqlSyntaxError(`unexpected character '${ch}' at position ${i}`);
      }
    }
  }
  tokens.push({ kind: 'end', text: '', at: text.length });
  return tokens;
}

export function parseVql(text: string): VqlQuery {
  const tokens = tokenize(text);
  let pos = 0;

  const peek = (): Token => tokens[pos]!;
  const describe = (t: Token) => (t.kind === 'end' ? 'end of query' : `'${t.text}' at position ${t.at}`);
  const fail = (expected: string): never => {
    throw new VqlSyntaxError(`expected ${expected} but found ${describe(peek())}`);
  };
  const isKeyword = (t: Token, keyword: string) => t.kind === 'word' && t.text.toUpperCase() === keyword;
  const acceptKeyword = (keyword: string): boolean => {
    if (!isKeyword(peek(), keyword)) return false;
    pos += 1;
    return true;
  };
  const expectKeyword = (keyword: string): void => {
    if (!acceptKeyword(keyword)) fail(keyword);
  };
  const acceptSymbol = (symbol: string): boolean => {
    const t = peek();
    if (t.kind !== 'symbol' || t.text !== symbol) return false;
    pos += 1;
    return true;
  };
  const expectSymbol = (symbol: string): void => {
    if (!acceptSymbol(symbol)) fail(`'${symbol}'`);
  };
  const identifier = (what: string): string => {
    const t = peek();
    if (t.kind !== 'word' || KEYWORDS.has(t.text.toUpperCase())) return fail(what);
    pos += 1;
    return t.text;
  };
  const literal = (): Literal => {
    const t = peek();
    if (t.kind === 'string') {
      pos += 1;
      return { kind: 'string', value: t.text };
    }
    if (t.kind === 'number') {
      pos += 1;
      return { kind: 'number', value: Number(t.text), text: t.text };
    }
    return fail('a quoted string or a number');
  };

  const comparison = (): Condition => {
    const field = identifier('a field name');
    const negated = acceptKeyword('NOT');
    if (acceptKeyword('LIKE')) {
      const t = peek();
      if (t.kind !== 'string') return fail('a quoted LIKE pattern');
      pos += 1;
      return { kind: 'like', field, pattern: t.text, negated };
    }
    if (acceptKeyword('IN')) {
      expectSymbol('(');
      const values = [literal()];
      while (acceptSymbol(',')) values.push(literal());
      expectSymbol(')');
      return { kind: 'in', field, values, negated };
    }
    if (negated) return fail('LIKE or IN after NOT');
    const t = peek();
    if (t.kind === 'symbol' && ['=', '!=', '<>', '<', '<=', '>', '>='].includes(t.text)) {
      pos += 1;
      const op = (t.text === '<>' ? '!=' : t.text) as CompareOp;
      return { kind: 'compare', field, op, value: literal() };
    }
    return fail('an operator (=, !=, <, <=, >, >=, LIKE, IN)');
  };
  const primary = (): Condition => {
    if (acceptSymbol('(')) {
      const inner = disjunction();
      expectSymbol(')');
      return inner;
    }
    return comparison();
  };
  const conjunction = (): Condition => {
    let left = primary();
    while (acceptKeyword('AND')) left = { kind: 'and', left, right: primary() };
    return left;
  };
  const disjunction = (): Condition => {
    let left = conjunction();
    while (acceptKeyword('OR')) left = { kind: 'or', left, right: conjunction() };
    return left;
  };

  expectKeyword('SELECT');
  const fields = [identifier('a field name')];
  while (acceptSymbol(',')) fields.push(identifier('a field name'));
  expectKeyword('FROM');
  const from = identifier('an object name');
  const where = acceptKeyword('WHERE') ? disjunction() : undefined;
  const orderBy: OrderBy[] = [];
  if (acceptKeyword('ORDER')) {
    expectKeyword('BY');
    do {
      const field = identifier('a field name');
      const descending = acceptKeyword('DESC');
      if (!descending) acceptKeyword('ASC');
      orderBy.push({ field, descending });
    } while (acceptSymbol(','));
  }
  let limit: number | undefined;
  if (acceptKeyword('LIMIT')) {
    const t = peek();
    if (t.kind !== 'number' || !/^[0-9]+$/.test(t.text)) return fail('a whole number after LIMIT');
    pos += 1;
    limit = Number(t.text);
  }
  if (peek().kind !== 'end') fail('end of query');
  return { fields, from, where, orderBy, limit };
}
