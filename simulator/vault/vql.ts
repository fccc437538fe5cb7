// A small VQL parser: SELECT f[, f…] FROM object [WHERE cond] [ORDER BY f [ASC|DESC][, …]] [LIMIT n].
// Conditions: =, !=, <>, <, <=, >, >=, [NOT] LIKE, CONTAINS ('a', 'b'), AND, OR, parentheses. It only parses: field
// and object names are checked by the evaluator, so an unknown field is INVALID_DATA while bad grammar is
// INCORRECT_QUERY_SYNTAX_ERROR, as in Vault.
//
// It refuses what Vault's VQL reference does not allow, so a client that relies on it fails here first:
// - strings are single-quoted; a double quote is a literal character, not a string delimiter;
// - escapes are exactly Vault's list (\\ \' \" \% \* \n \t \r, and '' for a quote); any other backslash is an error;
// - in LIKE only an unescaped % is a wildcard (\% is a literal percent; _ and * are literal);
// - IN takes only a relationship subquery ("inner join relationship queries"), which api_access_token__sys has none
//   of, so a literal list such as IN ('a', 'b') is refused: use OR'ed equalities or CONTAINS.

export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number; readonly text: string };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { readonly kind: 'compare'; readonly field: string; readonly op: CompareOp; readonly value: Literal }
  /** `parts` are the pattern's pieces between unescaped `%` wildcards (so `a%b` is ['a', 'b']). */
  | { readonly kind: 'like'; readonly field: string; readonly parts: readonly string[]; readonly negated: boolean }
  /** `field CONTAINS ('a', 'b')`: OR logic over the listed values. */
  | { readonly kind: 'contains'; readonly field: string; readonly values: readonly Literal[] }
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
  /** `text` is the decoded value; `parts` splits it at unescaped `%` (LIKE wildcards). */
  | { readonly kind: 'string'; readonly text: string; readonly parts: readonly string[]; readonly at: number }
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
  'CONTAINS',
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
    } else if (ch === '"') {
      throw new VqlSyntaxError(`unexpected '"' at position ${i}; VQL strings are enclosed in single quotes`);
    } else if (ch === "'") {
      const string = readString(text, i);
      tokens.push({ kind: 'string', text: string.parts.join('%'), parts: string.parts, at: i });
      i = string.end;
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

/** VQL's escape sequences (Vault's "Special Characters" table) and what each stands for. */
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  '%': '%',
  '*': '*',
  n: '\n',
  t: '\t',
  r: '\r',
};

/** Reads a single-quoted string starting at `start`; returns its pieces between unescaped `%` and where it ends. */
function readString(text: string, start: number): { parts: string[]; end: number } {
  const parts = [''];
  const append = (value: string) => {
    parts[parts.length - 1] += value;
  };
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw new VqlSyntaxError(`unterminated string starting at position ${start}`);
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1] ?? '';
      const escaped = Object.hasOwn(ESCAPES, next) ? ESCAPES[next] : undefined;
      if (escaped === undefined) {
        throw new VqlSyntaxError(
          `invalid escape sequence at position ${i}; a backslash must start one of \\\\ \\' \\" \\% \\* \\n \\t \\r`,
        );
      }
      append(escaped);
      i += 2;
    } else if (c === "'" && text[i + 1] === "'") {
      append("'");
      i += 2;
    } else if (c === "'") {
      return { parts, end: i + 1 };
    } else if (c === '%') {
      parts.push('');
      i += 1;
    } else {
      append(c);
      i += 1;
    }
  }
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
      return { kind: 'like', field, parts: t.parts, negated };
    }
    if (acceptKeyword('IN')) {
      const at = peek().at;
      expectSymbol('(');
      if (isKeyword(peek(), 'SELECT')) {
        throw new VqlSyntaxError(
          `IN subquery at position ${at}: api_access_token__sys has no relationships to join on`,
        );
      }
      throw new VqlSyntaxError(
        `IN with a list of values at position ${at}; IN takes only a relationship subquery. Use OR'ed conditions or CONTAINS ('a', 'b')`,
      );
    }
    if (negated) return fail('LIKE after NOT');
    if (acceptKeyword('CONTAINS')) {
      expectSymbol('(');
      const values = [literal()];
      while (acceptSymbol(',')) values.push(literal());
      expectSymbol(')');
      return { kind: 'contains', field, values };
    }
    const t = peek();
    if (t.kind === 'symbol' && ['=', '!=', '<>', '<', '<=', '>', '>='].includes(t.text)) {
      pos += 1;
      const op = (t.text === '<>' ? '!=' : t.text) as CompareOp;
      return { kind: 'compare', field, op, value: literal() };
    }
    return fail('an operator (=, !=, <, <=, >, >=, LIKE, CONTAINS)');
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
