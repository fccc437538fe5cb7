import { describe, expect, it } from 'vitest';
import { parseVaultTarget, VaultConfigError } from '../../shared/index.js';

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
    ['ftp://myvault.veevavault.com', /scheme "ftp" is not supported/],
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
    ['myvault..veevavault.com', /not a valid host name/],
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
