// ALLOWED_VAULT_HOSTS (functions/rotation/fleet/allowed-hosts.ts): the pure matcher, property-tested, and the rotator's
// refusal before any connection, naming the field and changing nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  connectionHostOf,
  hostAllowed,
  parseAllowedHosts,
} from '../../functions/rotation/fleet/allowed-hosts.js';
import { fleetFromEnvironment } from '../../functions/rotation/fleet/fleet.js';
import { VaultHostNotAllowedError } from '../../functions/rotation/fleet/guard.js';
import { UnitWorld } from './support/unit-world.js';

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const allows = (list: string, dns: string) => hostAllowed(parseAllowedHosts(list), connectionHostOf(dns)!);

describe('the allowed-hosts matcher', () => {
  it('*.veevavault.com matches exactly one label before veevavault.com, on port 443 only', () => {
    fc.assert(
      fc.property(label, (name) => {
        expect(allows('*.veevavault.com', `${name}.veevavault.com`)).toBe(true);
        expect(allows('*.veevavault.com', `https://${name.toUpperCase()}.VeevaVault.com/`)).toBe(true);
        expect(allows('*.veevavault.com', `${name}.veevavault.com:443`)).toBe(true);
        expect(allows('*.veevavault.com', `${name}.veevavault.com:8443`)).toBe(false);
        expect(allows('*.veevavault.com', `${name}.${name}.veevavault.com`)).toBe(false);
        expect(allows('*.veevavault.com', `${name}.veevavault.com.evil.com`)).toBe(false);
        expect(allows('*.veevavault.com', `${name}veevavault.com`)).toBe(false);
        expect(allows('*.veevavault.com', `${name}.veevavault.co`)).toBe(false);
      }),
    );
  });

  it('never matches the bare domain, look-alikes or other domains', () => {
    for (const dns of ['veevavault.com', 'evil.com', 'veevavault.com.evil.com', 'evilveevavault.com', 'x.veevavault.com.evil.com']) {
      expect(allows('*.veevavault.com', dns), dns).toBe(false);
    }
  });

  it('refuses IP literals (metadata, private, loopback) unless listed exactly, port included', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(fc.tuple(octet, octet, octet, octet), (parts) => {
        const ip = parts.join('.');
        expect(allows('*.veevavault.com', ip)).toBe(false);
        expect(allows('*.veevavault.com,*.0.0.1', ip)).toBe(false);
        expect(allows(`${ip}`, ip)).toBe(true);
        expect(allows(`${ip}:8080`, ip)).toBe(false);
        expect(allows(`${ip}:*`, `http://${parts[0] === 127 ? ip : '127.0.0.1'}:8080`)).toBe(parts[0] === 127 ? true : ip === '127.0.0.1');
      }),
    );
    for (const dns of ['169.254.169.254', '10.0.0.1', 'https://10.0.0.1:8443', '0x7f000001']) {
      expect(allows('*.veevavault.com', dns), dns).toBe(false);
    }
  });

  it('matches ports exactly, or any port with :*', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65_535 }), fc.integer({ min: 1, max: 65_535 }), (listed, used) => {
        expect(allows(`vault.acme.test:${listed}`, `vault.acme.test:${used}`)).toBe(listed === used);
        expect(allows('vault.acme.test:*', `vault.acme.test:${used}`)).toBe(true);
        expect(allows('vault.acme.test', `vault.acme.test:${used}`)).toBe(used === 443);
      }),
    );
  });

  it('is a union of its entries', () => {
    fc.assert(
      fc.property(label, label, (a, b) => {
        const dns = `${a}.acme.test`;
        expect(allows(`${b}.other.test,*.acme.test`, dns)).toBe(true);
        expect(allows(`${b}.other.test`, dns)).toBe(false);
      }),
    );
  });

  it('defaults to *.veevavault.com and rejects malformed lists naming the entry', () => {
    expect(parseAllowedHosts(undefined)).toEqual(parseAllowedHosts('*.veevavault.com'));
    expect(parseAllowedHosts('  ')).toEqual(parseAllowedHosts('*.veevavault.com'));
    for (const bad of ['*', '*.com', 'a.*.com', 'https://x.veevavault.com', 'x.veevavault.com:0', 'x.veevavault.com:99999', 'a..b']) {
      expect(() => parseAllowedHosts(bad), bad).toThrow(/ALLOWED_VAULT_HOSTS: entry/);
    }
  });
});

describe('the rotator and ALLOWED_VAULT_HOSTS', () => {
  it.each([
    ['vaultDns', { vaultDns: 'attacker.example.com' }],
    ['vaultDns', { vaultDns: '169.254.169.254' }],
    ['vaultDns', { vaultDns: 'https://10.0.0.1' }],
    ['parentVaultDns', { sandboxName: 'UAT', parentVaultDns: '169.254.169.254' }],
  ])('refuses %s outside the list before any connection and changes nothing', async (field, extra) => {
    const world = new UnitWorld();
    const credentials = world.credentialsSecret({ username: 'integration@acme.test', password: 'user-password-123' });
    const { arn } = world.bootstrap({ ...extra, credentialsSecretArn: credentials });
    const before = world.sm.valueAt(arn, 'AWSCURRENT');
    const opened = world.vault.openedWith.length;
    const error = await world.rotateOnce(arn).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VaultHostNotAllowedError);
    expect((error as VaultHostNotAllowedError).field).toBe(field);
    expect((error as Error).message).toContain(`: ${field}: `);
    expect(world.vault.openedWith.length).toBe(opened);
    expect(world.sm.valueAt(arn, 'AWSCURRENT')).toBe(before);
    expect(world.leakedSecrets((error as Error).message)).toEqual([]);
  });

  it('rotates a secret on an allowed host', async () => {
    const world = new UnitWorld();
    const { arn } = world.bootstrap();
    await world.rotateOnce(arn);
    expect(world.current(arn).tokenId).toBeDefined();
  });
});

describe('the environment', () => {
  it('reads ALLOWED_VAULT_HOSTS and VAULT_BURST_RESERVE_PERCENT, defaulting to *.veevavault.com and 20 %', () => {
    expect(fleetFromEnvironment({})).toMatchObject({ allowedHostsText: '*.veevavault.com', reservePercent: 20 });
    expect(
      fleetFromEnvironment({ ALLOWED_VAULT_HOSTS: '127.0.0.1:*,vault.acme.test', VAULT_BURST_RESERVE_PERCENT: '35' }),
    ).toMatchObject({ allowedHostsText: '127.0.0.1:*,vault.acme.test', reservePercent: 35 });
  });

  it('refuses to start with a malformed value, naming the variable', () => {
    expect(() => fleetFromEnvironment({ ALLOWED_VAULT_HOSTS: 'https://x.veevavault.com' })).toThrow(/^ALLOWED_VAULT_HOSTS: /);
    for (const bad of ['-1', '95', 'twenty', '20%']) {
      expect(() => fleetFromEnvironment({ VAULT_BURST_RESERVE_PERCENT: bad }), bad).toThrow(/^VAULT_BURST_RESERVE_PERCENT: /);
    }
  });
});
