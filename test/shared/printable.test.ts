// The one escaper the CLI (every line it prints) and the action (every log line) share: text from Vault, AWS or a
// secret never reaches a terminal or a log viewer as a control — not an escape, a line break, a bidi override
// (which can make a token name display as another) nor Unicode's line and paragraph separators.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printableLine, printableText } from '../../shared/printable.js';
import { table } from '../../cli/table.js';

// eslint-disable-next-line no-control-regex -- the characters under test
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const BIDI_AND_SEPARATORS = ['\u2028', '\u2029', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];

describe('printableLine', () => {
  it.each(BIDI_AND_SEPARATORS)('makes U+%s visible', (c) => {
    const code = c.charCodeAt(0).toString(16).padStart(4, '0');
    expect(printableLine(`vat:${c}name`)).toBe(`vat:\\u${code}name`);
  });

  it('never lets a control, a line break, a bidi control or a separator through, whatever the input', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => !UNSAFE.test(printableLine(text))));
  });

  it('leaves ordinary text (letters of any script, emoji, tab) as it is', () => {
    const ordinary = fc.string({ unit: 'grapheme' }).filter((text) => !UNSAFE.test(text) && !text.includes('\\'));
    fc.assert(fc.property(ordinary, (text) => printableLine(text) === text));
    expect(printableLine('Sandbox🔥\tشركة')).toBe('Sandbox🔥\tشركة');
  });
});

describe('printableText', () => {
  it('keeps \\n and neutralises everything else, U+2028/U+2029 and bidi controls included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) =>
        printableText(text)
          .split('\n')
          .every((line) => !UNSAFE.test(line)),
      ),
    );
  });
});

describe('the CLI table', () => {
  it('prints a Vault token name carrying a right-to-left override as visible text', () => {
    const lines = table(['name'], [['vat:\u202Egnp.exe\u2028next']]);
    expect(lines.join('\n')).toContain('vat:\\u202egnp.exe\\u2028next');
    expect(lines.some((line) => UNSAFE.test(line))).toBe(false);
  });
});
