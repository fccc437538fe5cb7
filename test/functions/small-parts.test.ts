import { describe, expect, it } from 'vitest';
import { parseCredentialsSecret } from '../../functions/rotation/fleet/credentials-secret.js';
import { SecretValueError } from '../../functions/rotation/errors.js';
import { rotationTokenName, secretTokenPrefix } from '../../shared/rotated-secret/index.js';
import { tuningFromEnvironment } from '../../functions/rotation/tuning.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:vault-token-AbCdEf';

describe('token names', () => {
  it('are deterministic, per secret, within the charset and 128 characters', () => {
    const name = rotationTokenName(ARN, '5f0c1c43-6f4e-4f0b-9d55-2b0f4bd3d0a1');
    expect(name).toBe(rotationTokenName(ARN, '5f0c1c43-6f4e-4f0b-9d55-2b0f4bd3d0a1'));
    expect(name.startsWith(secretTokenPrefix(ARN))).toBe(true);
    expect(name).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    expect(secretTokenPrefix(ARN)).toMatch(/^vat:[0-9a-f]{12}:$/);
    expect(secretTokenPrefix(`${ARN}x`)).not.toBe(secretTokenPrefix(ARN));
    expect(rotationTokenName(ARN, 'other-version')).not.toBe(name);
  });

  it('hash version ids that are long or use other characters', () => {
    const name = rotationTokenName(ARN, `${'x'.repeat(200)}/?`);
    expect(name).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    expect(name).toBe(rotationTokenName(ARN, `${'x'.repeat(200)}/?`));
  });
});

describe('credentials secret', () => {
  const CREDS = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:creds-AbCdEf';

  it('reads a username and password', () => {
    const credentials = parseCredentialsSecret(
      JSON.stringify({ username: 'u@acme.test', password: 'pw-123456' }),
      CREDS,
    );
    expect(credentials.kind).toBe('password');
    expect(JSON.stringify(credentials)).not.toContain('pw-123456');
  });

  it('reads an access token', () => {
    const credentials = parseCredentialsSecret(JSON.stringify({ accessToken: 'veeva-vault-abcdef123456' }), CREDS);
    expect(credentials.kind).toBe('token');
  });

  it.each([
    ['SecretString', 'nope'],
    ['password', JSON.stringify({ username: 'u' })],
    ['username', JSON.stringify({ password: 'secret-pw-value' })],
    ['accessToken', JSON.stringify({ accessToken: 'secret-not-a-token' })],
  ])('names %s when it is wrong, without echoing values', (field, value) => {
    let caught: unknown;
    try {
      parseCredentialsSecret(value, CREDS);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecretValueError);
    expect((caught as SecretValueError).field).toBe(field);
    expect((caught as Error).message).toContain(CREDS);
    expect((caught as Error).message).not.toMatch(/secret-pw-value|secret-not-a-token/);
  });
});

describe('tuning from the environment', () => {
  it('keeps production defaults when nothing is set', () => {
    expect(tuningFromEnvironment({})).toEqual({
      vaultRetry: undefined,
      requestTimeoutMs: undefined,
      propagationAttempts: 3,
      propagationDelayMs: 2000,
    });
  });

  it('reads VAT_RETRY_BASE_MS and VAT_REQUEST_TIMEOUT_MS, ignoring nonsense', () => {
    expect(tuningFromEnvironment({ VAT_RETRY_BASE_MS: '5', VAT_REQUEST_TIMEOUT_MS: '2000' })).toEqual({
      vaultRetry: { minDelayMs: 5, maxDelayMs: 40 },
      requestTimeoutMs: 2000,
      propagationAttempts: 3,
      propagationDelayMs: 5,
    });
    expect(tuningFromEnvironment({ VAT_RETRY_BASE_MS: 'fast' }).vaultRetry).toBeUndefined();
  });
});
