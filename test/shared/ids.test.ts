// User ids and token record ids are checked before they reach a URL path or a VQL literal, naming the field and
// never repeating the value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VaultConfigError } from '../../shared/index.js';
import { MAX_USER_ID_DIGITS, validateTokenId, validateUserId } from '../../shared/ids.js';
import { tokenIdsQuery, tokenListQuery } from '../../shared/vql.js';
import { tokenSession } from './support/session.js';
import { type StubServer, startStubServer, success } from './support/stub-server.js';

function refusal(run: () => unknown): VaultConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultConfigError);
    return error as VaultConfigError;
  }
  throw new Error('expected a refusal');
}

describe('validateUserId', () => {
  it.each([
    ['1e21'],
    ['1e+21'],
    [1e21],
    ['9'.repeat(MAX_USER_ID_DIGITS + 1)],
    ['9'.repeat(1000)],
    ['-1'],
    ['+61603'],
    ['061603'],
    ['0'],
    ['61603 '],
    ['6160.3'],
    [61603.5],
    [-5],
    [Number.NaN],
    ["1' OR '1'='1"],
    ['1/2'],
    [''],
    [null],
    [undefined],
  ])('refuses %j, naming the field', (value) => {
    const error = refusal(() => validateUserId(value, 'forUserId'));
    expect(error.field).toBe('forUserId');
    expect(error.message).toMatch(/^forUserId: expected a numeric Vault user id/);
    if (typeof value === 'string' && value.length > 1) expect(error.message).not.toContain(value);
  });

  it('accepts 1–18 digit ids as strings and safe integers, returning the digits', () => {
    expect(validateUserId('61603', 'userId')).toBe('61603');
    expect(validateUserId(61603, 'userId')).toBe('61603');
    expect(validateUserId('9'.repeat(MAX_USER_ID_DIGITS), 'userId')).toBe('9'.repeat(MAX_USER_ID_DIGITS));
  });

  it('accepts exactly the positive integers of at most 18 digits (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '9', 'e', '+', '-', '.', "'", ' '), maxLength: 25 }), (text) => {
        const expected = /^[1-9][0-9]*$/.test(text) && text.length <= MAX_USER_ID_DIGITS;
        let accepted = true;
        try {
          expect(validateUserId(text, 'userId')).toBe(text);
        } catch (error) {
          expect(error).toBeInstanceOf(VaultConfigError);
          accepted = false;
        }
        expect(accepted).toBe(expected);
      }),
    );
  });
});

describe('validateTokenId', () => {
  it.each([["V8T0000'0001"], ['V8T"1'], ['V8T 1'], ['V8T/1'], ['V8T%27'], ['a'.repeat(41)], [''], [null], [-1]])(
    'refuses %j, naming the field',
    (value) => {
      const error = refusal(() => validateTokenId(value, 'tokenId'));
      expect(error.message).toMatch(/^tokenId: expected a Vault record id/);
      if (typeof value === 'string' && value.length > 1) expect(error.message).not.toContain(value);
    },
  );

  it('accepts record ids of letters and digits', () => {
    expect(validateTokenId('V8T000000002001', 'tokenId')).toBe('V8T000000002001');
    expect(validateTokenId('0PI00000000C002', 'tokenId')).toBe('0PI00000000C002');
  });

  it('no id it accepts can close a VQL string or change a URL path (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (text) => {
        let id: string;
        try {
          id = validateTokenId(text, 'tokenId');
        } catch {
          return;
        }
        expect(encodeURIComponent(id)).toBe(id);
        expect(id).not.toMatch(/['"\\%\s]/);
      }),
    );
  });
});

describe('the queries the client sends', () => {
  it('looks up ids with OR-ed equalities, never a literal IN list (Vault allows IN only with a subquery)', () => {
    const q = tokenIdsQuery(['V8T000000000001', 'V8T000000000002']);
    expect(q).not.toMatch(/\bIN\s*\(/i);
    expect(q).toMatch(/WHERE \(id = 'V8T000000000001' OR id = 'V8T000000000002'\)$/);
    expect(() => tokenIdsQuery(["V8T'1"])).toThrow(/^ids: expected a Vault record id/);
    expect(() => tokenIdsQuery(Array.from({ length: 501 }, (_, i) => `V${i}`))).toThrow(/at most 500/);
  });

  it('quotes the user id (as Vault’s own example does) after checking it is numeric', () => {
    expect(tokenListQuery({ userId: '61603' })).toMatch(/user__sys = '61603'/);
    expect(() => tokenListQuery({ userId: '1e21' })).toThrow(/^filter.userId: expected a numeric/);
  });
});

describe('through the session, nothing is sent for a bad id', () => {
  let stub: StubServer;
  it('mint for a user, whoAmI, revoke', async () => {
    stub = await startStubServer();
    stub.fallback = success();
    try {
      const session = tokenSession(stub.url);
      await expect(session.mintToken({ name: 'ok', target: { kind: 'user', userId: '1e21' } })).rejects.toThrow(
        /^target.userId: expected a numeric/,
      );
      await expect(session.whoAmI({ expectedUserId: '1e21' })).rejects.toThrow(/^expectedUserId: expected a numeric/);
      await expect(session.revokeTokens(["V8T0000'"])).rejects.toThrow(/^ids: expected a Vault record id/);
      expect(stub.requests).toHaveLength(0);
    } finally {
      await stub.close();
    }
  });
});
