import { describe, expect, it } from 'vitest';
import { acceptedSecretValue, SecretValueError } from '../../functions/rotation/errors.js';
import { nextSecretString, parseSecretValue as parse } from '../../shared/rotated-secret/index.js';
import { redact } from '../../shared/redaction/redact.js';
import { Secret } from '../../shared/secret.js';

const TOKEN = 'veeva-vault-0123456789abcdef0123';
const CREDS = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:vault-credentials-AbCdEf';
const WHERE = 'Secret arn:test (AWSCURRENT)';
const base = { vaultDns: 'myvault.veevavault.com', accessToken: TOKEN };

/** The value as the rotator reads it: a refusal of the contract is a SecretValueError naming `where`. */
const parseSecretValue = (secretString: string | undefined, where: string) => acceptedSecretValue(parse(secretString), where);

function errorOf(value: unknown): SecretValueError {
  try {
    parseSecretValue(typeof value === 'string' ? value : JSON.stringify(value), WHERE);
  } catch (error) {
    if (error instanceof SecretValueError) return error;
    throw error;
  }
  throw new Error('expected a SecretValueError');
}

describe('parseSecretValue', () => {
  it('accepts the bootstrap shape and applies defaults', () => {
    const { config } = parseSecretValue(JSON.stringify(base), WHERE);
    expect(config.vaultDns).toBe('myvault.veevavault.com');
    expect(config.accessToken?.reveal()).toBe(TOKEN);
    expect(config.revokePrevious).toBe('next-rotation');
    expect(config.apiVersion).toBeUndefined();
    expect(config.tokenLifetimeMs).toBeUndefined();
  });

  it('accepts every documented field', () => {
    const { config } = parseSecretValue(
      JSON.stringify({
        vaultDns: 'https://sbx.veevavault.com',
        apiVersion: 'v26.2',
        accessToken: TOKEN,
        tokenId: 'V8T000000002001',
        expiresAt: '2027-02-18T12:00:00Z',
        userId: '61603',
        credentialsSecretArn: CREDS,
        sandboxName: 'UAT Sandbox',
        parentVaultDns: 'myvault.veevavault.com',
        tokenLifetime: 'P60D',
        revokePrevious: 'immediately',
        clientId: 'acme-it-vault-rotator',
      }),
      WHERE,
    );
    expect(config).toMatchObject({
      apiVersion: 'v26.2',
      userId: '61603',
      sandboxName: 'UAT Sandbox',
      tokenLifetimeMs: 60 * 86_400_000,
      revokePrevious: 'immediately',
      clientId: 'acme-it-vault-rotator',
    });
  });

  it('accepts a numeric user id written as a number', () => {
    expect(parseSecretValue(JSON.stringify({ ...base, userId: 61603 }), WHERE).config.userId).toBe('61603');
  });

  it('accepts credentialsSecretArn instead of an accessToken (bootstrap from credentials)', () => {
    const { config } = parseSecretValue(JSON.stringify({ vaultDns: 'v.test', credentialsSecretArn: CREDS }), WHERE);
    expect(config.accessToken).toBeUndefined();
  });

  const badFields: [string, unknown, string][] = [
    ['vaultDns', { ...base, vaultDns: undefined }, 'Vault host'],
    ['vaultDns', { ...base, vaultDns: 'https://v.test/api/v26.2' }, 'Vault host'],
    ['vaultDns', { ...base, vaultDns: 42 }, 'Vault host'],
    ['apiVersion', { ...base, apiVersion: '26.2' }, 'v26.2'],
    ['accessToken', { ...base, accessToken: 'not-a-token' }, 'veeva-vault-'],
    ['accessToken', { vaultDns: 'v.test' }, 'unless credentialsSecretArn'],
    ['tokenId', { ...base, tokenId: '' }, 'record id'],
    ['expiresAt', { ...base, expiresAt: 'tomorrow' }, 'ISO-8601'],
    ['expiresAt', { ...base, expiresAt: '2027-13-45T99:99:99Z' }, 'ISO-8601'],
    ['expiresAt', { ...base, expiresAt: '2027-02-30T12:00:00Z' }, 'ISO-8601'],
    ['accessToken', { ...base, accessToken: 'veeva-vault-' }, 'veeva-vault-'],
    ['userId', { ...base, userId: 'alice' }, 'whole number'],
    ['credentialsSecretArn', { ...base, credentialsSecretArn: 'my-creds' }, 'ARN'],
    ['forUserId', { ...base, forUserId: 'bob' }, 'whole number'],
    ['sandboxName', { ...base, sandboxName: '' }, 'sandbox name'],
    ['parentVaultDns', { ...base, sandboxName: 'UAT', credentialsSecretArn: CREDS }, 'required with sandboxName'],
    ['parentVaultDns', { ...base, parentVaultDns: 'a b' }, 'parent Vault'],
    ['credentialsSecretArn', { ...base, sandboxName: 'UAT', parentVaultDns: 'p.test' }, 'required with sandboxName'],
    [
      'forUserId',
      { ...base, sandboxName: 'UAT', parentVaultDns: 'p.test', credentialsSecretArn: CREDS, forUserId: '7' },
      'cannot be combined',
    ],
    ['tokenLifetime', { ...base, tokenLifetime: '30' }, 'positive duration'],
    ['tokenLifetime', { ...base, tokenLifetime: 'P1M' }, 'positive duration'],
    ['tokenLifetime', { ...base, tokenLifetime: 30 }, 'positive duration'],
    ['revokePrevious', { ...base, revokePrevious: 'sometimes' }, 'next-rotation, immediately, never'],
    ['clientId', { ...base, clientId: 'has spaces' }, '1-100 characters'],
    ['SecretString', 'not json', 'not valid JSON'],
    ['SecretString', '[1,2]', 'JSON object'],
  ];

  it.each(badFields)('names %s when it is wrong (%j)', (field, value, expectation) => {
    const error = errorOf(value);
    expect(error.field).toBe(field);
    expect(error.message).toContain(`${WHERE}: ${field}: `);
    expect(error.message).toContain(expectation);
  });

  it('never repeats the value it rejected', () => {
    const error = errorOf({ ...base, accessToken: 'hunter2-not-a-token-value' });
    expect(error.message).not.toContain('hunter2');
    expect(errorOf({ ...base, userId: 'secret-looking-user' }).message).not.toContain('secret-looking-user');
  });

  it('accepts a real date-time in expiresAt, with or without milliseconds', () => {
    expect(parseSecretValue(JSON.stringify({ ...base, expiresAt: '2028-02-29T23:59:59.123Z' }), WHERE).config.expiresAt).toBe(
      '2028-02-29T23:59:59.123Z',
    );
  });

  it('does not remember the bare token prefix as a secret (it would blank "veeva-vault-" in every later log line)', () => {
    errorOf({ ...base, accessToken: 'veeva-vault-' });
    expect(redact('a string starting with "veeva-vault-"')).toBe('a string starting with "veeva-vault-"');
  });

  it('says so when there is no SecretString', () => {
    expect(() => parseSecretValue(undefined, WHERE)).toThrow(/SecretString: expected a JSON object/);
  });
});

describe('nextSecretString', () => {
  it('keeps unknown fields and their order, and replaces the four rotator fields', () => {
    const stored = { vaultDns: 'v.test', accessToken: TOKEN, team: 'data', tokenId: 'OLD', nested: { a: 1 } };
    const { preserved } = parseSecretValue(JSON.stringify(stored), WHERE);
    const next = JSON.parse(
      nextSecretString(
        preserved,
        { token: new Secret('veeva-vault-new-token-value-1'), id: 'NEW', expiresAt: '2027-01-01T00:00:00Z' },
        '61603',
      ),
    );
    expect(Object.keys(next)).toEqual(['vaultDns', 'accessToken', 'team', 'tokenId', 'nested', 'expiresAt', 'userId']);
    expect(next).toEqual({
      vaultDns: 'v.test',
      accessToken: 'veeva-vault-new-token-value-1',
      team: 'data',
      tokenId: 'NEW',
      nested: { a: 1 },
      expiresAt: '2027-01-01T00:00:00Z',
      userId: '61603',
    });
  });

  it('holds no token in what it preserves', () => {
    const { preserved } = parseSecretValue(JSON.stringify(base), WHERE);
    expect(JSON.stringify(preserved)).not.toContain(TOKEN);
  });
});
