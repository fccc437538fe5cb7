// The one redaction store (shared/redaction/redact.ts): exact-value redaction for registered secrets, one rule for
// short ones (registered with anyLength, e.g. passwords: blanked only where they stand as a whole token, so a
// 1-character password does not blank that letter inside every word), and a bound that keeps the newest values.
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RotationError } from '../../functions/rotation/errors.js';
import { describeError, redactingJsonReplacer, rotationLoggerFrom } from '../../functions/rotation/telemetry/logging.js';
import { VaultApiError } from '../../shared/errors.js';
import {
  MAX_REMEMBERED_SECRETS,
  redact,
  redactAttributes,
  redactError,
  registerSecretValue,
} from '../../shared/redaction/redact.js';
import { Secret } from '../../shared/secret.js';

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

// Long secrets are drawn from characters "[REDACTED]" does not hold, short ones always hold a letter, a digit and a
// symbol no stack frame or inspect decoration writes, so a check never confuses the marker or Node's own text with a leak.
const longSecret = fc.stringMatching(/^[a-z0-9._~+=-]{8,40}$/);
const shortSecret = fc
  .tuple(
    fc.stringMatching(/^[a-z]$/),
    fc.stringMatching(/^[0-9]$/),
    fc.stringMatching(/^[!#%*?^~]$/),
    fc.stringMatching(/^[A-Za-z0-9!#%*?^~]{0,4}$/),
  )
  .map((parts) => parts.join(''));
const filler = fc.string({ maxLength: 30 });

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A long value survives anywhere it appears; a short one where it stands as a whole token (the one rule). */
function survives(text: string, value: string): boolean {
  if (value.length >= 8) return text.includes(value);
  return new RegExp(`(?<![A-Za-z0-9])${escape(value)}(?![A-Za-z0-9])`).test(text);
}

/** Every formatting path a rotator error or log line takes: message, stack, cause chain, inspect, JSON, attributes. */
function everyRendering(text: string): string[] {
  const vault = new VaultApiError({
    operation: 'mintToken',
    message: text,
    type: 'INVALID_DATA',
    responseStatus: 'FAILURE',
    httpStatus: 200,
    executionId: 'exec-1',
    errors: [{ type: 'INVALID_DATA', message: text }],
    retryable: false,
  });
  const plain = new Error(text, { cause: vault });
  const error = new RotationError(text, { cause: plain });
  redactError(error);
  const lines: string[] = [];
  const sink = (message: string, attributes: unknown) => lines.push(message, JSON.stringify(attributes));
  const logger = rotationLoggerFrom({ debug: sink, info: sink, warn: sink, error: sink, appendKeys() {} } as never);
  logger.error(text, { ...describeError(error), text, nested: { list: [text, { deeper: text }] }, cause: plain });
  logger.info(text, { error });
  const out = [
    ...lines,
    error.message,
    error.stack ?? '',
    plain.message,
    plain.stack ?? '',
    vault.message,
    vault.stack ?? '',
    String(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY }),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    JSON.stringify(describeError(error)),
    JSON.stringify(redactAttributes({ text, nested: { list: [text] }, error })),
    JSON.stringify({ text, list: [text] }, redactingJsonReplacer),
    redact(text),
  ];
  return out;
}

describe('the redaction store, by property', () => {
  it('a registered long value never survives any formatting path', () => {
    fc.assert(
      fc.property(longSecret, filler, filler, fc.boolean(), (value, before, after, asSecret) => {
        if (asSecret) new Secret(value);
        else registerSecretValue(value);
        for (const text of everyRendering(`${before}${value}${after}`)) expect(survives(text, value)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('a registered short value never survives where it stands as a whole token', () => {
    fc.assert(
      fc.property(shortSecret, filler, filler, (value, before, after) => {
        registerSecretValue(value, { anyLength: true });
        for (const text of everyRendering(`${before} ${value} ${after}`)) expect(survives(text, value)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('blanks a whole token even when a registered short value is part of it', () => {
    registerSecretValue('vault', { anyLength: true });
    expect(redact('token veeva-vault-TAIL0123456789 refused')).toBe('token [REDACTED] refused');
  });

  it('keeps a short value inside a word intact (book1 stays book1 when ok1 is a password)', () => {
    registerSecretValue('ok1', { anyLength: true });
    expect(redact('book1 failed; password ok1')).toBe('book1 failed; password [REDACTED]');
  });
});

describe('the bound', () => {
  it(`keeps the newest ${MAX_REMEMBERED_SECRETS} values: the oldest is forgotten, one used again is kept`, () => {
    const values = Array.from({ length: MAX_REMEMBERED_SECRETS + 1 }, (_, i) => `bounded-secret-${String(i).padStart(4, '0')}`);
    registerSecretValue(values[0] as string);
    registerSecretValue(values[1] as string);
    for (const value of values.slice(2, MAX_REMEMBERED_SECRETS)) registerSecretValue(value);
    registerSecretValue(values[0] as string); // used again: now the newest
    registerSecretValue(values[MAX_REMEMBERED_SECRETS] as string); // one too many: the oldest (values[1]) goes
    expect(redact(`a ${values[0]} b`)).toBe('a [REDACTED] b');
    expect(redact(`a ${values[1]} b`)).toBe(`a ${values[1]} b`);
    expect(redact(`a ${values[MAX_REMEMBERED_SECRETS]} b`)).toBe('a [REDACTED] b');
  });
});

describe('case', () => {
  it('blanks a registered value that comes back case-folded (a password pasted as vaultDns, lower-cased as a host)', () => {
    registerSecretValue('MyVault-Passw0rd-Case');
    const message = 'vaultDns: Vault host myvault-passw0rd-case:443 is not in ALLOWED_VAULT_HOSTS';
    expect(redact(message)).not.toMatch(/passw0rd-case/i);
  });
});
