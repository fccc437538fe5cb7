// The store's one rule for short secrets, as a property: an ordinary word nobody registered is never mangled,
// whatever short passwords or long tokens are registered. Its own file: the store is process-wide, and values other
// tests register would count as registered here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact, registerSecretValue } from '../../shared/redaction/redact.js';

const longSecret = fc.stringMatching(/^[a-z0-9._~+=-]{8,40}$/);

describe('the redaction store and ordinary words', () => {
  it('an unregistered ordinary word is never mangled, whatever short or long values are registered', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9]{1,20}$/);
    const everRegistered = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[A-Za-z0-9]{1,7}$/), { maxLength: 5 }),
        fc.array(longSecret, { maxLength: 3 }),
        fc.array(word, { minLength: 1, maxLength: 8 }),
        (shorts, longs, words) => {
          for (const value of shorts) registerSecretValue(value, { anyLength: true });
          for (const value of longs) registerSecretValue(value);
          // The store is process-wide: values registered by earlier runs count as registered too.
          for (const value of [...shorts, ...longs]) everRegistered.add(value);
          const registered = [...everRegistered];
          // Registered values match ignoring case, so a word equal to one but for case counts as that value.
          const lower = (text: string) => text.toLowerCase();
          const isOrdinary = (w: string) =>
            !registered.some((value) => lower(w) === lower(value) || (value.length >= 8 && lower(w).includes(lower(value))));
          const ordinary = words.filter(isOrdinary);
          // The sentence's own words are words too: one that is registered (say "OF") stands aside like any other.
          const [rotation, of, failed] = ['Rotation', 'of', 'failed'].map((w) => (isOrdinary(w) ? w : '-'));
          const sentence = `${rotation} ${of} ${ordinary.join(' ')} ${failed}: ${ordinary.join(', ')}.`;
          expect(redact(sentence)).toBe(sentence);
        },
      ),
    );
  });

});
