// Exact-value redaction for secrets registered with anyLength (passwords): a value of any length is blanked, but one
// under 8 characters only where it stands as a whole token, so a 1-character password does not blank that letter
// inside every word.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact, registerSecretValue } from '../../shared/redaction/redact.js';

describe('registerSecretValue(value, { anyLength: true })', () => {
  it('blanks a short password wherever it stands on its own', () => {
    registerSecretValue('Pw7!x', { anyLength: true });
    expect(redact('failed with password Pw7!x')).toBe('failed with password [REDACTED]');
    expect(redact("password 'Pw7!x'.")).toBe("password '[REDACTED]'.");
    expect(redact('Pw7!x:next')).toBe('[REDACTED]:next');
  });

  it('leaves a very short value inside longer words alone', () => {
    registerSecretValue('q', { anyLength: true });
    expect(redact('quick q brown')).toBe('quick [REDACTED] brown');
  });

  it('still ignores short values registered without it (session ids, tokens are long)', () => {
    registerSecretValue('abc12');
    expect(redact('abc12')).toBe('abc12');
  });

  it('for any short secret standing between spaces, redact() removes it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9!#%&*+.:;?@^_~-]{1,7}$/), (value) => {
        registerSecretValue(value, { anyLength: true });
        expect(redact(`before ${value} after`).split(' ')).not.toContain(value);
      }),
    );
  });
});
