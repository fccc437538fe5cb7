// Where the function may connect (ALLOWED_VAULT_HOSTS, template parameter AllowedVaultHosts). Pure: parse the list,
// match a host. The rules (docs/fleet.md, "Trust boundaries"):
// - entries are comma-separated `host[:port]`, compared case-insensitively, one trailing dot ignored;
// - `*.` as the first label stands for exactly ONE DNS label (as in TLS certificates): `*.veevavault.com` matches
//   `myvault.veevavault.com`, not `veevavault.com`, not `a.b.veevavault.com`, not `veevavault.com.evil.com`;
// - no port in an entry means 443 only (https); `:N` that port exactly; `:*` any port;
// - IP literals match only an entry that names the same address exactly (a `*` label never matches a number), so
//   169.254.169.254 or 10.0.0.1 are refused unless listed.

import { parseVaultTarget } from '../../../shared/target.js';

export const DEFAULT_ALLOWED_VAULT_HOSTS = '*.veevavault.com';

export interface AllowedHost {
  /** Lower-case labels; `*` only as the first one. */
  readonly labels: readonly string[];
  /** undefined: 443 only; '*': any; otherwise the port as digits without leading zeros. */
  readonly port: string | undefined;
}

/** The host a connection goes to, as URL parses it: lower-case hostname and the port actually used (digits). */
export interface ConnectionHost {
  readonly hostname: string;
  readonly port: string;
}

/** An entry without a port means Vault's HTTPS port. */
const DEFAULT_PORT = '443';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export class AllowedHostsError extends Error {
  constructor(entry: string, why: string) {
    super(`ALLOWED_VAULT_HOSTS: entry "${entry}" ${why}`);
  }

  override get name(): string {
    return 'AllowedHostsError';
  }
}

/** Parses the comma-separated list. Throws AllowedHostsError naming the bad entry. Empty text means the default. */
export function parseAllowedHosts(text: string | undefined): AllowedHost[] {
  const source = text === undefined || text.trim() === '' ? DEFAULT_ALLOWED_VAULT_HOSTS : text;
  return source.split(',').map((raw) => parseEntry(raw.trim()));
}

function parseEntry(entry: string): AllowedHost {
  // Checked before toLowerCase(), which maps some non-ASCII letters to ASCII (the Kelvin sign K to k): an entry is
  // matched as typed, as the template's AllowedPattern reads it.
  if (!/^[A-Za-z0-9.*:-]+$/.test(entry)) {
    throw new AllowedHostsError(entry, 'is not host[:port] (letters A-Z, digits, ".", "-", a leading "*." and ":port")');
  }
  const match = /^([^:]+)(?::(\d{1,5}|\*))?$/.exec(entry.toLowerCase());
  if (match === null) throw new AllowedHostsError(entry, 'is not host[:port] (port: digits or *)');
  const labels = stripTrailingDot(match[1]!).split('.');
  labels.forEach((label, index) => {
    if (label === '*' && index === 0) return;
    if (!LABEL.test(label)) throw new AllowedHostsError(entry, `has an invalid label "${label}" (* only as the first)`);
  });
  if (labels[0] === '*' && labels.length < 3) {
    throw new AllowedHostsError(entry, 'needs at least two labels after *. (e.g. *.veevavault.com)');
  }
  const port = match[2] === undefined || match[2] === '*' ? match[2] : String(Number(match[2]));
  if (port !== undefined && port !== '*' && (Number(port) < 1 || Number(port) > 65_535)) {
    throw new AllowedHostsError(entry, 'has a port outside 1-65535');
  }
  return { labels, port };
}

export function hostAllowed(allowed: readonly AllowedHost[], host: ConnectionHost): boolean {
  const hostname = stripTrailingDot(host.hostname.toLowerCase());
  const labels = hostname.split('.');
  const isIp = IPV4.test(hostname) || hostname.includes(':') || hostname.startsWith('[');
  return allowed.some((entry) => portMatches(entry.port, host.port) && labelsMatch(entry.labels, labels, isIp));
}

function labelsMatch(pattern: readonly string[], labels: readonly string[], isIp: boolean): boolean {
  if (pattern.length !== labels.length) return false;
  return pattern.every((label, index) => {
    if (label === '*') return !isIp && labels[index] !== '';
    return label === labels[index];
  });
}

function portMatches(pattern: string | undefined, port: string): boolean {
  if (pattern === '*') return true;
  return (pattern ?? DEFAULT_PORT) === String(Number(port));
}

function stripTrailingDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** Where a vaultDns value connects, by the client's own parse (bare host → https). Undefined if it cannot parse. */
export function connectionHostOf(vaultDns: string): ConnectionHost | undefined {
  try {
    const url = new URL(parseVaultTarget(vaultDns).origin);
    return { hostname: url.hostname, port: url.port || (url.protocol === 'http:' ? '80' : '443') };
  } catch {
    return undefined;
  }
}
