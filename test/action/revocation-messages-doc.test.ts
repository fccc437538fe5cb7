// docs/action.md lists what a failed revocation looks like. Every warning the post step can print for one must be
// there, so a user who searches the log line in the docs finds it.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = `${ROOT}action/src/`;

/** Each literal start of a `Token revocation failed…` message, up to its first interpolation. */
function revocationMessagePrefixes(): string[] {
  const prefixes = new Set<string>();
  for (const file of readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    for (const match of readFileSync(`${SRC}${file}`, 'utf8').matchAll(/`(Token revocation failed[^`$]*)/g)) {
      prefixes.add(match[1]!.trimEnd());
    }
  }
  return [...prefixes].sort();
}

describe('docs/action.md and the revocation warnings', () => {
  it('every form of the warning is documented', () => {
    const prefixes = revocationMessagePrefixes();
    expect(prefixes.length).toBeGreaterThanOrEqual(3);
    const doc = readFileSync(`${ROOT}docs/action.md`, 'utf8').replace(/\s+/g, ' ');
    const missing = prefixes.filter((prefix) => !doc.includes(prefix));
    expect(missing).toEqual([]);
  });
});
