// Where requests go. Vault's own docs take a bare DNS; we also accept an https origin, and plain http only for
// loopback so the simulator and tests work. Anything that could send a credential somewhere unexpected (a path, user
// info, a query) is refused rather than silently dropped. Messages say what is wrong without repeating the value: a
// mis-pasted field may hold a credential.

import { VaultConfigError } from './errors.js';
import type { VaultTarget } from './types.js';

export const DEFAULT_API_VERSION = 'v26.2';

const API_VERSION_PATTERN = /^v\d{2}\.\d$/;
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const EXAMPLE = 'a host like myvault.veevavault.com or an origin like https://myvault.veevavault.com';

export function parseVaultTarget(vaultDns: unknown, apiVersion?: unknown): VaultTarget {
  const url = parseOrigin(vaultDns, 'vaultDns');
  return { origin: url.origin, host: url.host, apiVersion: parseApiVersion(apiVersion) };
}

/**
 * Checks any Vault host setting (vaultDns, parentVaultDns, …) exactly as the client will use it, before any call:
 * throws VaultConfigError naming `field`, without echoing the value. Returns the origin and host[:port].
 */
export function validateVaultDns(value: unknown, field: string): { readonly origin: string; readonly host: string } {
  const url = parseOrigin(value, field);
  return { origin: url.origin, host: url.host };
}

export function parseApiVersion(apiVersion: unknown): string {
  if (apiVersion === undefined) return DEFAULT_API_VERSION;
  if (typeof apiVersion !== 'string' || !API_VERSION_PATTERN.test(apiVersion)) {
    throw new VaultConfigError('apiVersion', `expected vNN.N like ${DEFAULT_API_VERSION}, got ${describe(apiVersion)}`);
  }
  return apiVersion;
}

/**
 * Sandbox names are display names ("the name which appears on the My Vaults page"), so they may hold spaces and
 * punctuation such as `R&D (UAT)`; the client URL-encodes them into the path. Vault publishes no length limit: 255 is
 * an inferred, generous bound so that a real name is never refused while a pasted document is.
 */
export const MAX_SANDBOX_NAME_LENGTH = 255;

/**
 * Checks a sandbox name before any Vault call. Refused: non-strings, empty or blank, leading or trailing whitespace
 * (a copy-paste slip: Vault would not find the sandbox), control characters, unpaired surrogates (cannot be
 * URL-encoded), `/` and `\` (servlet containers refuse an encoded slash in a path, so the call would fail anyway), the
 * path segments `.` and `..`, and names over MAX_SANDBOX_NAME_LENGTH. Throws VaultConfigError naming `field`, without
 * echoing the name. Returns it unchanged; encode it with sandboxPathSegment.
 */
export function validateSandboxName(value: unknown, field: string): string {
  const fail = (message: string): never => {
    throw new VaultConfigError(field, `${message}; expected the sandbox name as shown on the My Vaults page`);
  };
  if (typeof value !== 'string') return fail(`expected a string, got ${value === null ? 'null' : typeof value}`);
  if (value.trim() === '') return fail('is empty');
  if (value.trim() !== value) return fail('starts or ends with whitespace');
  if (value.length > MAX_SANDBOX_NAME_LENGTH) return fail(`is longer than ${MAX_SANDBOX_NAME_LENGTH} characters`);
  if (/[\p{Cc}\u2028\u2029]/u.test(value)) return fail('contains a control character (such as a line break or tab)');
  if (!isWellFormedText(value)) return fail('contains an unpaired surrogate (malformed Unicode text)');
  if (/[/\\]/.test(value)) return fail('contains "/" or "\\", which cannot be sent in a URL path segment');
  if (value === '.' || value === '..') return fail('is "." or "..", which a URL path cannot carry');
  return value;
}

/** The sandbox name as one URL path segment (after validateSandboxName). */
export function sandboxPathSegment(name: string, field: string): string {
  return encodeURIComponent(validateSandboxName(name, field));
}

function isWellFormedText(value: string): boolean {
  try {
    encodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
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
  const url = parseOrigin(
    typeof sandboxDns === 'string' ? sandboxDns.trim().replace(/^https?:\/\//i, '') : sandboxDns,
    field,
  );
  const scheme = parent.origin.startsWith('http://') && isLoopbackHostname(url.hostname) ? 'http' : 'https';
  return `${scheme}://${url.host}`;
}

function parseOrigin(vaultDns: unknown, field: string): URL {
  function fail(message: string): never {
    throw new VaultConfigError(field, message);
  }
  if (typeof vaultDns !== 'string') fail(`expected ${EXAMPLE}, got ${typeof vaultDns}`);
  const text = vaultDns.trim();
  if (text === '') fail(`is empty; expected ${EXAMPLE}`);
  if (/\s/.test(text)) fail(`contains whitespace; expected ${EXAMPLE}`);

  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(text);
  const scheme = schemeMatch?.[1]?.toLowerCase() ?? 'https';
  if (scheme !== 'https' && scheme !== 'http') fail('uses a scheme other than https:// or http://; use https://');
  const rest = schemeMatch ? text.slice(schemeMatch[0].length) : text;

  // Checked on the raw text: URL parsing would quietly normalise or drop some of these.
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
  if (authority.includes('@')) fail('must not contain user info (user:password@); pass credentials separately');
  if (tail.includes('#')) fail('must not contain a fragment (#…); give only the host');
  if (tail.includes('?')) fail('must not contain a query (?…); give only the host');
  if (tail !== '' && tail !== '/') fail('must not contain a path; give only the host, the client adds /api/…');
  if (authority === '') fail(`has no host; expected ${EXAMPLE}`);
  // Before URL parsing, which would read an all-digit last label as an IPv4 address or punycode-convert labels.
  if (!authority.startsWith('[')) {
    const problem = hostnameProblem(authority.replace(/:[^:]*$/, '').toLowerCase());
    if (problem !== undefined) fail(`${problem}; expected ${EXAMPLE}`);
  }

  let parsed: URL;
  try {
    parsed = new URL(`${scheme}://${authority}`);
  } catch {
    fail(`is not a valid host[:port]; expected ${EXAMPLE}`);
  }
  // URL parsing may still rewrite the host (IDNA); what it produces must pass the same rules.
  const parsedProblem = hostnameProblem(parsed.hostname);
  if (parsedProblem !== undefined) fail(`${parsedProblem}; expected ${EXAMPLE}`);
  if (scheme === 'http' && !isLoopbackHostname(parsed.hostname)) {
    fail('http:// is allowed only for loopback hosts (127.0.0.0/8, localhost, ::1); use https://');
  }
  return parsed;
}

/** Longest DNS name (RFC 1035, without the trailing root dot) and label. */
export const MAX_HOSTNAME_LENGTH = 253;
export const MAX_LABEL_LENGTH = 63;

/**
 * Why `hostname` (lower case, no port) is not a host name Vault can have, or undefined when it is fine. Pure, so it is
 * property-tested; the text never contains the host name itself.
 */
export function hostnameProblem(hostname: string): string | undefined {
  if (hostname.startsWith('[') && hostname.endsWith(']')) return undefined; // IPv6 literal, validated by URL
  if (IPV4.test(hostname)) {
    return hostname.split('.').every((part) => Number(part) <= 255) ? undefined : 'is not a valid IPv4 address';
  }
  if (hostname === '') return 'has no host name';
  if (hostname.endsWith('.')) return 'ends with a dot; remove the trailing dot';
  if (hostname.length > MAX_HOSTNAME_LENGTH) return `is longer than ${MAX_HOSTNAME_LENGTH} characters`;
  const labels = hostname.split('.');
  if (labels.some((label) => label === '')) return 'has an empty label (two dots in a row, or a leading dot)';
  if (labels.some((label) => label.length > MAX_LABEL_LENGTH)) {
    return `has a label longer than ${MAX_LABEL_LENGTH} characters`;
  }
  if (!labels.every((label) => DNS_LABEL.test(label))) {
    return 'is not a valid host name (each label: letters, digits and inner hyphens)';
  }
  return undefined;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : typeof value;
}

