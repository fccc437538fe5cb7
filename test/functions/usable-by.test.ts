// usableBy (functions/rotation/usable-by.ts): the ARN pattern match, property-tested, and the rotator's refusal before
// any Vault call, naming credentialsSecretArn, when the credentials secret does not admit the rotated secret.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arnPatternMatches, CredentialsNotUsableError, usableByVerdict } from '../../functions/rotation/fleet/usable-by.js';
import { UnitWorld } from './support/unit-world.js';

const arnChar = fc.constantFrom(...'abcXYZ019:/-_+=.@'.split(''));
const text = fc.array(arnChar, { maxLength: 20 }).map((chars) => chars.join(''));
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:team-a/vault-token-AbCdEf';

describe('arnPatternMatches', () => {
  it('without * is equality', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(arnPatternMatches(a, b)).toBe(a === b);
      }),
    );
  });

  it('* matches any run of characters, none included', () => {
    fc.assert(
      fc.property(text, text, text, (prefix, middle, suffix) => {
        expect(arnPatternMatches(`${prefix}*${suffix}`, `${prefix}${middle}${suffix}`)).toBe(true);
        expect(arnPatternMatches('*', `${prefix}${middle}`)).toBe(true);
        expect(arnPatternMatches(`${prefix}*`, `${prefix}${middle}`)).toBe(true);
        expect(arnPatternMatches(`*${suffix}`, `${middle}${suffix}`)).toBe(true);
        expect(arnPatternMatches(`${prefix}*${middle}*${suffix}`, `${prefix}${middle}${suffix}`)).toBe(true);
      }),
    );
  });

  it('agrees with an anchored regular expression', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(text, fc.constant('*')), { maxLength: 5 }), text, (parts, arn) => {
        const pattern = parts.join('');
        const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 's');
        expect(arnPatternMatches(pattern, arn)).toBe(regex.test(arn));
      }),
    );
  });

  it('with ? and * agrees with an anchored regular expression (? is exactly one character)', () => {
    const glob = fc.array(fc.oneof(text, fc.constant('*'), fc.constant('?')), { maxLength: 6 }).map((parts) => parts.join(''));
    const model = (pattern: string) =>
      new RegExp(
        `^${[...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('')}$`,
        's',
      );
    fc.assert(
      fc.property(glob, text, (pattern, arn) => {
        expect(arnPatternMatches(pattern, arn)).toBe(model(pattern).test(arn));
      }),
    );
    // Matching strings built from the pattern itself, so the true side is exercised as often as the false side.
    fc.assert(
      fc.property(glob, fc.array(text, { minLength: 8, maxLength: 8 }), arnChar, (pattern, fills, one) => {
        let n = 0;
        const arn = [...pattern].map((c) => (c === '*' ? fills[n++ % 8] : c === '?' ? one : c)).join('');
        expect(arnPatternMatches(pattern, arn)).toBe(true);
        expect(model(pattern).test(arn)).toBe(true);
      }),
    );
  });

  it('-?????? admits one secret (its 6-character suffix) and not a longer name that starts the same', () => {
    const one = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:team-a/crm-sync-??????';
    expect(arnPatternMatches(one, 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:team-a/crm-sync-AbCdEf')).toBe(true);
    expect(arnPatternMatches(one, 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:team-a/crm-sync-evil-AbCdEf')).toBe(false);
    expect(arnPatternMatches(one, 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:team-a/crm-sync-AbCdE')).toBe(false);
    // A prefix pattern puts / before *: team-a/* does not admit team-a-evil/….
    expect(arnPatternMatches('arn:aws:secretsmanager:*:secret:team-a/*', 'arn:aws:secretsmanager:eu-west-1:1:secret:team-a-evil/x-AbCdEf')).toBe(false);
  });

  it('keeps team prefixes apart', () => {
    expect(arnPatternMatches('arn:aws:secretsmanager:*:secret:team-a/*', ARN)).toBe(true);
    expect(arnPatternMatches('arn:aws:secretsmanager:*:secret:team-b/*', ARN)).toBe(false);
    expect(arnPatternMatches('arn:aws:secretsmanager:*:secret:team-a', ARN)).toBe(false);
  });
});

describe('usableByVerdict', () => {
  it('fails closed without the field, and on anything but a non-empty list of strings', () => {
    expect(usableByVerdict({ username: 'u', password: 'p' }, ARN)).toEqual({ usable: false, reason: 'missing' });
    for (const usableBy of ['*', [], [''], [1], null, {}]) {
      expect(usableByVerdict({ usableBy }, ARN), JSON.stringify(usableBy)).toEqual({ usable: false, reason: 'malformed' });
    }
    expect(usableByVerdict({ usableBy: ['arn:*:team-b/*'] }, ARN)).toEqual({ usable: false, reason: 'no-match' });
    expect(usableByVerdict({ usableBy: ['arn:*:team-b/*', 'arn:*:team-a/*'] }, ARN)).toEqual({
      usable: true,
      pattern: 'arn:*:team-a/*',
    });
  });
});

describe('the rotator and usableBy', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['has no usableBy', { usableBy: undefined }],
    ['lists other secrets only', { usableBy: ['arn:aws:secretsmanager:*:secret:team-b/*'] }],
    ['has a malformed usableBy', { usableBy: 'arn:aws:secretsmanager:*' }],
  ];
  it.each(cases)('refuses a credentials secret that %s, before any Vault call, naming credentialsSecretArn', async (_, extra) => {
    const world = new UnitWorld();
    const value: Record<string, unknown> = { username: 'admin@acme.test', password: 'admin-password-123', ...extra };
    // Straight into the fake store: the world's credentialsSecret() would add a usableBy.
    const credentials = world.sm.createSecret('vault-credentials-team-a', JSON.stringify(value));
    const { arn } = world.bootstrap({ credentialsSecretArn: credentials, forUserId: world.adminId });
    const before = world.sm.valueAt(arn, 'AWSCURRENT');
    const error = await world.rotateOnce(arn).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialsNotUsableError);
    expect((error as Error).message).toContain(': credentialsSecretArn: ');
    expect(world.vault.calls, 'no Vault call').toEqual([]);
    expect(world.sm.valueAt(arn, 'AWSCURRENT')).toBe(before);
    expect(world.leakedSecrets((error as Error).message)).toEqual([]);
  });

  it('mints with a credentials secret whose usableBy lists the rotated secret', async () => {
    const world = new UnitWorld();
    const credentials = world.credentialsSecret({
      username: 'integration@acme.test',
      password: 'user-password-123',
      usableBy: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:vault-token-*'],
    });
    const { arn } = world.bootstrap({ credentialsSecretArn: credentials });
    await world.rotateOnce(arn);
    expect(world.current(arn).tokenId).toBeDefined();
  });
});
