// Where requests go. Vault's own docs take a bare DNS; we also accept an https origin, and plain http only for
// loopback so the simulator and tests work. Anything that could send a credential somewhere unexpected (a path, user
// info, a query) is refused rather than silently dropped.

import { VaultConfigError } from './errors.js';
import type { VaultTarget } from './types.js';

export const DEFAULT_API_VERSION = 'v26.2';

const API_VERSION_PATTERN = /^v\d{2}\.\d$/;
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const EXAMPLE = 'a host like myvault.veevavault.com or an origin like https://myvault.veevavault.com';

export function parseVaultTarget(vaultDns: unknown, apiVersion?: unknown): VaultTarget {
  const url = parseOrigin(vaultDns);
  return { origin: url.origin, host: url.host, apiVersion: parseApiVersion(apiVersion) };
}

export function parseApiVersion(apiVersion: unknown): string {
  if (apiVersion === undefined) return DEFAULT_API_VERSION;
  if (typeof apiVersion !== 'string' || !API_VERSION_PATTERN.test(apiVersion)) {
    throw new VaultConfigError('apiVersion', `expected vNN.N like ${DEFAULT_API_VERSION}, got ${describe(apiVersion)}`);
  }
  return apiVersion;
}

/** Loopback hosts may use plain http: 127.0.0.0/8, localhost and ::1. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === '[::1]' || h === '::1') return true;
  const v4 = IPV4.exec(h);
  return v4 !== null && v4[1] === '127' && v4.slice(1).every((part) => Number(part) <= 255);
}

/**
 * Where a sandbox's tokens work, from the `dns` its parent Vault reports. The sandbox gets the parent's scheme: https,
 * or http only when the parent is a loopback http origin and the sandbox is loopback too (the simulator), so a token
 * never travels in clear text to a real host. A scheme in the reported value is ignored; anything but host[:port]
 * throws VaultConfigError naming `field`.
 */
export function sandboxOrigin(parent: VaultTarget, sandboxDns: unknown, field = 'sandbox.dns'): string {
  let url: URL;
  try {
    url = parseOrigin(typeof sandboxDns === 'string' ? sandboxDns.trim().replace(/^https?:\/\//i, '') : sandboxDns);
  } catch (error) {
    if (!(error instanceof VaultConfigError)) throw error;
    throw new VaultConfigError(field, error.message.slice(`${error.field}: `.length));
  }
  const scheme = parent.origin.startsWith('http://') && isLoopbackHostname(url.hostname) ? 'http' : 'https';
  return `${scheme}://${url.host}`;
}

function parseOrigin(vaultDns: unknown): URL {
  if (typeof vaultDns !== 'string') fail(`expected ${EXAMPLE}, got ${describe(vaultDns)}`);
  const text = vaultDns.trim();
  if (text === '') fail(`is empty; expected ${EXAMPLE}`);
  if (/\s/.test(text)) fail(`contains whitespace; expected ${EXAMPLE}`);

  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(text);
  const scheme = schemeMatch?.[1]?.toLowerCase() ?? 'https';
  if (scheme !== 'https' && scheme !== 'http') fail(`scheme "${scheme}" is not supported; use https://`);
  const rest = schemeMatch ? text.slice(schemeMatch[0].length) : text;

  // Checked on the raw text: URL parsing would quietly normalise or drop some of these.
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
  if (authority.includes('@')) fail('must not contain user info (user:password@); pass credentials separately');
  if (tail.includes('#')) fail('must not contain a fragment (#…); give only the host');
  if (tail.includes('?')) fail('must not contain a query (?…); give only the host');
  if (tail !== '' && tail !== '/')
    fail(`must not contain a path ("${tail}"); give only the host, the client adds /api/…`);
  if (authority === '') fail(`has no host; expected ${EXAMPLE}`);

  let url: URL;
  try {
    url = new URL(`${scheme}://${authority}`);
  } catch {
    fail(`"${authority}" is not a valid host[:port]; expected ${EXAMPLE}`);
  }
  if (!isValidHostname(url.hostname)) fail(`"${url.hostname}" is not a valid host name; expected ${EXAMPLE}`);
  if (scheme === 'http' && !isLoopbackHostname(url.hostname)) {
    fail('http:// is allowed only for loopback hosts (127.0.0.0/8, localhost, ::1); use https://');
  }
  return url;
}

function isValidHostname(hostname: string): boolean {
  if (hostname.startsWith('[') && hostname.endsWith(']')) return true; // IPv6 literal, already validated by URL
  if (IPV4.test(hostname)) return hostname.split('.').every((part) => Number(part) <= 255);
  if (hostname.length === 0 || hostname.length > 253) return false;
  return hostname.split('.').every((label) => DNS_LABEL.test(label));
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : typeof value;
}

function fail(message: string): never {
  throw new VaultConfigError('vaultDns', message);
}
