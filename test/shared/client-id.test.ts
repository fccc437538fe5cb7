import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_ID, parseClientId, VaultConfigError } from '../../shared/index.js';

describe('parseClientId', () => {
  it('defaults to vault-api-token', () => {
    expect(parseClientId(undefined)).toBe(DEFAULT_CLIENT_ID);
    expect(DEFAULT_CLIENT_ID).toBe('vault-api-token');
  });

  it.each(['acme-it-vault-server-tokenrotator', 'A.b_c-9', 'x', 'a'.repeat(100)])('accepts %j', (id) => {
    expect(parseClientId(id)).toBe(id);
  });

  it.each(['', 'a'.repeat(101), 'has space', 'semi;colon', 'ünï', 'a/b', 'a\nb'])('refuses %j', (id) => {
    expect(() => parseClientId(id)).toThrow(VaultConfigError);
    expect(() => parseClientId(id)).toThrow(/^clientId: expected 1–100 characters/);
  });

  it('refuses a non-string', () => {
    expect(() => parseClientId(42)).toThrow(/clientId: .*got number/);
  });
});
