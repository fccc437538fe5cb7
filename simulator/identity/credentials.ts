// Stand-ins carry live credentials (request tokens, secret keys, client secrets): printing or serialising one must
// show only a summary, never them, and comparing one must not leak it through timing.
import { timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';

export function hideCredentials<T extends object>(value: T, label: string, summary: () => Record<string, unknown>): T {
  Object.defineProperties(value, {
    [inspect.custom]: { value: () => `${label} ${inspect(summary())}`, enumerable: false },
    toJSON: { value: summary, enumerable: false },
    toString: { value: () => `${label}(${JSON.stringify(summary())})`, enumerable: false },
  });
  return value;
}

/** Constant-time comparison of a presented secret with the expected one. */
export function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
