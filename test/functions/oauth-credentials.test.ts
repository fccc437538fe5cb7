// The OAuth form of a credentials secret (functions/rotation/fleet/oauth-credentials.ts): accepted shapes, and every
// refusal naming its field without echoing any value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecretValueError } from '../../functions/rotation/errors.js';
import { parseCredentialsSecret } from '../../functions/rotation/fleet/credentials-secret.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:vault-credentials-AbCdEf';
const GOOD = {
  profileId: '0oa-profile',
  tokenUrl: 'https://login.microsoftonline.com/tenant-id/oauth2/v2.0/token',
  clientId: '00000000-0000-0000-0000-000000000001',
  scope: 'api://vault-login/.default',
  identity: 'aws-sts',
};

const parse = (oauth: unknown, extra: Record<string, unknown> = {}) =>
  parseCredentialsSecret(JSON.stringify({ oauth, usableBy: ['*'], ...extra }), ARN);

function refusal(oauth: unknown, extra: Record<string, unknown> = {}): SecretValueError {
  try {
    parse(oauth, extra);
  } catch (error) {
    expect(error).toBeInstanceOf(SecretValueError);
    return error as SecretValueError;
  }
  throw new Error('expected a refusal');
}

describe('an OAuth credentials secret', () => {
  it('with identity aws-sts holds nothing secret; defaults the Vault login URL', () => {
    const parsed = parse(GOOD);
    expect(parsed).toMatchObject({
      kind: 'oauth',
      identity: 'aws-sts',
      vaultLoginUrl: 'https://login.veevavault.com',
      clientSecret: undefined,
      audience: undefined,
    });
  });

  it('with identity client-secret keeps the secret wrapped', () => {
    const parsed = parse({ ...GOOD, identity: 'client-secret', clientSecret: 'cs-value-123' });
    expect(parsed.kind).toBe('oauth');
    expect(JSON.stringify(parsed)).not.toContain('cs-value-123');
  });

  it.each([
    [{ ...GOOD, identity: undefined }, 'oauth.identity'],
    [{ ...GOOD, identity: 'github' }, 'oauth.identity'],
    [{ ...GOOD, identity: 'client-secret' }, 'oauth.clientSecret'],
    [{ ...GOOD, clientSecret: 'x' }, 'oauth.clientSecret'],
    [{ ...GOOD, identity: 'client-secret', clientSecret: 'x', audience: 'a' }, 'oauth.audience'],
    [{ ...GOOD, tokenUrl: 'http://login.example.net/token' }, 'oauth.tokenUrl'],
    [{ ...GOOD, tokenUrl: undefined }, 'oauth.tokenUrl'],
    [{ ...GOOD, vaultLoginUrl: 'https://login.veevavault.com/some/path' }, 'oauth.vaultLoginUrl'],
    [{ ...GOOD, clientId: 'has space' }, 'oauth.clientId'],
    [{ ...GOOD, profileId: '' }, 'oauth.profileId'],
    [{ ...GOOD, scope: 7 }, 'oauth.scope'],
    [{ ...GOOD, audience: 'two words' }, 'oauth.audience'],
    [{ ...GOOD, tokenURL: GOOD.tokenUrl }, 'oauth.tokenURL'],
    ['a string', 'oauth'],
  ])('refuses %j naming %s', (oauth, field) => {
    const error = refusal(oauth);
    expect(error.field).toBe(field);
    expect(error.message).toContain(ARN);
  });

  it('refuses a password or token next to oauth (one way to sign in)', () => {
    expect(refusal(GOOD, { username: 'u', password: 'p' }).field).toBe('username');
    expect(refusal(GOOD, { accessToken: 'veeva-vault-x' }).field).toBe('accessToken');
  });

  it('never echoes a value, whichever field is wrong', () => {
    const value = fc.string({ minLength: 8, maxLength: 40 }).filter((s) => /^[A-Za-z0-9]{8,}$/.test(s));
    const field = fc.constantFrom('tokenUrl', 'vaultLoginUrl', 'clientId', 'profileId', 'clientSecret', 'audience');
    fc.assert(
      fc.property(value, field, (secret, name) => {
        const bad =
          name === 'tokenUrl' || name === 'vaultLoginUrl'
            ? `ftp://${secret}.example.net/?q=${secret}`
            : name === 'clientSecret'
              ? secret // with identity aws-sts: refused
              : `${secret} ${secret}`;
        let message = '';
        try {
          parse({ ...GOOD, [name]: bad });
        } catch (error) {
          message = String((error as Error).message);
        }
        expect(message).not.toBe('');
        expect(message).not.toContain(secret);
      }),
      { numRuns: 200 },
    );
  });
});
