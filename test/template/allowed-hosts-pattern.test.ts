// The template's AllowedVaultHosts AllowedPattern and the function's parseAllowedHosts must accept the same lists: a
// list CloudFormation accepts but the function rejects fails every rotation at load (AllowedHostsError), and a
// pattern stricter than the parser refuses lists the function would run with. Whitespace is the one difference:
// the template forbids it, the parser trims it around entries (for hand-set environment variables), so the
// generated lists below contain none. The empty text is the other: the parser reads it as the default.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllowedHosts } from '../../functions/rotation/fleet/allowed-hosts.js';
import { loadTemplate } from './template-files.js';

const pattern = new RegExp(String(loadTemplate().Parameters.AllowedVaultHosts?.AllowedPattern));
const functionAccepts = (list: string): boolean => {
  try {
    parseAllowedHosts(list);
    return true;
  } catch {
    return false;
  }
};

const label = fc.oneof(
  fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/),
  fc.constantFrom('veevavault', 'com', 'VeevaVault', 'localhost', '127', '0', 'xn--80ak6aa92e', '*'),
  fc.constantFrom('a'.repeat(63), 'a'.repeat(64), `a${'-'.repeat(61)}a`, '-bad', 'bad-', '', 'under_score', 'a*', 'é', '\u212a'),
);
const host = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 4 }), fc.constantFrom('', '', '.', '..'))
  .map(([labels, dot]) => `${labels.join('.')}${dot}`);
const port = fc.constantFrom(
  '',
  '',
  ':*',
  ':1',
  ':443',
  ':0443',
  ':00001',
  ':65535',
  ':65536',
  ':99999',
  ':0',
  ':00000',
  ':123456',
  ':',
  ':-1',
  ':8a',
  ':**',
);
const entry = fc.tuple(host, port).map(([h, p]) => `${h}${p}`);
// Not the empty text: the parser reads it as the default list, and the template has a Default instead.
const list = fc
  .array(entry, { minLength: 1, maxLength: 3 })
  .map((entries) => entries.join(','))
  .filter((text) => text !== '');

describe('AllowedVaultHosts: the template pattern and parseAllowedHosts agree', () => {
  it('on the entries the review found accepted by the template and rejected at load', () => {
    for (const text of ['host:99999', 'host:0', '-bad.example.com', `${'a'.repeat(64)}.example.com`, 'a.com:65536']) {
      expect(functionAccepts(text), text).toBe(false);
      expect(text, text).not.toMatch(pattern);
    }
    for (const text of ['*.veevavault.com', 'vault.acme.test:8443,127.0.0.1:*', 'myvault.veevavault.com.', 'x.y:0443']) {
      expect(functionAccepts(text), text).toBe(true);
      expect(text, text).toMatch(pattern);
    }
  });

  it('on generated lists: accepted by one ⇔ accepted by the other', () => {
    fc.assert(
      fc.property(list, (text) => {
        expect(pattern.test(text), text).toBe(functionAccepts(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('on random text over the characters that matter', () => {
    const text = fc
      .array(fc.constantFrom(...'aZ09-.*:,_\u212a'.split('')), { minLength: 1, maxLength: 16 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(text, (candidate) => {
        expect(pattern.test(candidate), candidate).toBe(functionAccepts(candidate));
      }),
      { numRuns: 5000 },
    );
  });
});
