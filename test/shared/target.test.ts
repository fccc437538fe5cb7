import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVaultTarget, VaultConfigError } from '../../shared/index.js';
import { hostnameProblem, validateVaultDns } from '../../shared/target.js';

describe('parseVaultTarget: accepted', () => {
  it.each([
    ['myvault.veevavault.com', 'https://myvault.veevavault.com', 'myvault.veevavault.com'],
    ['MyVault.VeevaVault.com', 'https://myvault.veevavault.com', 'myvault.veevavault.com'],
    ['  myvault.veevavault.com\n', 'https://myvault.veevavault.com', 'myvault.veevavault.com'],
    ['https://myvault.veevavault.com', 'https://myvault.veevavault.com', 'myvault.veevavault.com'],
    ['https://myvault.veevavault.com/', 'https://myvault.veevavault.com', 'myvault.veevavault.com'],
    ['HTTPS://myvault.veevavault.com:443', 'https://myvault.veevavault.com', 'myvault.veevavault.com'],
    ['https://myvault.veevavault.com:8443', 'https://myvault.veevavault.com:8443', 'myvault.veevavault.com:8443'],
    ['myvault.veevavault.com:8443', 'https://myvault.veevavault.com:8443', 'myvault.veevavault.com:8443'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080', '127.0.0.1:8080'],
    ['http://127.1.2.3:9', 'http://127.1.2.3:9', '127.1.2.3:9'],
    ['http://localhost:3000', 'http://localhost:3000', 'localhost:3000'],
    ['http://[::1]:3000', 'http://[::1]:3000', '[::1]:3000'],
    ['https://10.0.0.5', 'https://10.0.0.5', '10.0.0.5'],
  ])('%j → %s', (input, origin, host) => {
    const target = parseVaultTarget(input, undefined);
    expect(target).toEqual({ origin, host, apiVersion: 'v26.2' });
  });

  it('keeps a valid API version', () => {
    expect(parseVaultTarget('myvault.veevavault.com', 'v25.3').apiVersion).toBe('v25.3');
  });
});

describe('parseVaultTarget: refused, with a message saying what is wrong', () => {
  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['http://myvault.veevavault.com', /http:\/\/ is allowed only for loopback/],
    ['http://10.0.0.1', /only for loopback/],
    ['http://128.0.0.1', /only for loopback/],
    ['http://localhost.evil.com', /only for loopback/],
    ['ftp://myvault.veevavault.com', /scheme other than https:\/\/ or http:\/\//],
    ['https://myvault.veevavault.com/api', /must not contain a path/],
    ['myvault.veevavault.com/api/v26.2', /must not contain a path/],
    ['https://myvault.veevavault.com//', /must not contain a path/],
    ['https://myvault.veevavault.com?x=1', /must not contain a query/],
    ['myvault.veevavault.com/?x=1', /must not contain a query/],
    ['https://myvault.veevavault.com#frag', /must not contain a fragment/],
    ['https://user:pw@myvault.veevavault.com', /must not contain user info/],
    ['user@myvault.veevavault.com', /must not contain user info/],
    ['https://', /has no host/],
    ['https://my vault.com', /whitespace/],
    ['my_vault.veevavault.com', /not a valid host name/],
    ['-bad.veevavault.com', /not a valid host name/],
    ['myvault..veevavault.com', /empty label/],
    ['myvault.veevavault.com:99999', /not a valid host\[:port\]/],
    ['myvault.veevavault.com:abc', /not a valid host\[:port\]/],
    ['https://[::1', /not a valid host\[:port\]/],
  ])('%j', (input, message) => {
    let error: unknown;
    try {
      parseVaultTarget(input, undefined);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(VaultConfigError);
    expect((error as VaultConfigError).field).toBe('vaultDns');
    expect((error as Error).message).toMatch(/^vaultDns: /);
    expect((error as Error).message).toMatch(message);
  });

  it.each([['26.2'], ['v26'], ['v26.22'], ['V26.2'], ['v2.2'], ['latest'], [''], [26.2]])(
    'apiVersion %j',
    (version) => {
      expect(() => parseVaultTarget('myvault.veevavault.com', version)).toThrow(/apiVersion: expected vNN\.N/);
    },
  );

  it('refuses a non-string vaultDns', () => {
    expect(() => parseVaultTarget(undefined, undefined)).toThrow(/vaultDns: expected a host/);
  });
});

describe('Vault host names: DNS rules, field named, value never echoed', () => {
  const long = (n: number) => 'a'.repeat(n);
  it.each([
    ['myvault.veevavault.com.', /ends with a dot/],
    ['https://myvault.veevavault.com./', /ends with a dot/],
    ['myvault..veevavault.com', /empty label/],
    ['.myvault.veevavault.com', /empty label/],
    [`${long(64)}.veevavault.com`, /label longer than 63/],
    [`${`${long(60)}.`.repeat(4)}veevavault.com`, /longer than 253 characters/],
    ['https://my_vault.veevavault.com:443', /not a valid host name/],
  ])('%j', (input, reason) => {
    for (const field of ['vaultDns', 'parentVaultDns']) {
      let error: unknown;
      try {
        validateVaultDns(input, field);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(VaultConfigError);
      expect((error as VaultConfigError).field).toBe(field);
      expect((error as Error).message).toMatch(new RegExp(`^${field}: `));
      expect((error as Error).message).toMatch(reason);
      const host = input.replace(/^https:\/\//, '').replace(/[:/].*$/, '');
      expect((error as Error).message).not.toContain(host);
    }
    expect(() => parseVaultTarget(input)).toThrow(reason);
  });

  it('accepts 63-character labels and a 253-character name', () => {
    const name = `${`${long(63)}.`.repeat(3)}${long(57)}.com`;
    expect(name).toHaveLength(253);
    expect(validateVaultDns(name, 'vaultDns').host).toBe(name);
    expect(validateVaultDns(`${long(63)}.veevavault.com`, 'vaultDns').origin).toBe(`https://${long(63)}.veevavault.com`);
  });

  // An independent model of the rule: labels of 1–63 letters, digits and inner hyphens; at most 253 characters in all;
  // no trailing dot. The last label is alphabetic, as every public suffix is (an all-digit one would read as IPv4).
  const label = fc.string({ unit: fc.constantFrom('a', 'Z', '7', '-', '_'), minLength: 0, maxLength: 70 });
  const modelAccepts = (labels: readonly string[], trailingDot: boolean) => {
    const name = labels.join('.');
    return (
      !trailingDot &&
      name.length <= 253 &&
      labels.every((l) => l.length >= 1 && l.length <= 63 && /^[a-z0-9-]+$/i.test(l) && !/^-|-$/.test(l))
    );
  };

  it('accepts exactly the names the DNS model accepts (property)', () => {
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 6 }), fc.boolean(), (labels, trailingDot) => {
        fc.pre(!labels.some((l) => /^xn--/i.test(l)));
        const all = [...labels, 'qz'];
        const input = `${all.join('.')}${trailingDot ? '.' : ''}`;
        let accepted: boolean;
        try {
          validateVaultDns(input, 'vaultDns');
          accepted = true;
        } catch (error) {
          expect(error).toBeInstanceOf(VaultConfigError);
          expect((error as Error).message).not.toContain(input.toLowerCase());
          accepted = false;
        }
        expect(accepted).toBe(modelAccepts(all, trailingDot));
      }),
    );
  });

  it('hostnameProblem never repeats the host name it refuses (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), (name) => {
        const problem = hostnameProblem(name.toLowerCase());
        if (problem !== undefined) expect(problem).not.toContain(name.toLowerCase());
      }),
    );
  });
});
