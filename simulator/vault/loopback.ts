// The simulator hands out working credentials to anyone who can reach it, so it must never listen beyond this machine.
import { isIPv4 } from 'node:net';

/** Returns the IPv4 loopback address to bind, or throws naming what was wrong. `localhost` means 127.0.0.1. */
export function loopbackBindAddress(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (trimmed === 'localhost') return '127.0.0.1';
  if (isIPv4(trimmed) && trimmed.startsWith('127.')) return trimmed;
  throw new Error(
    `host must be an IPv4 loopback address such as 127.0.0.1 (the simulator hands out credentials and must not be ` +
      `reachable from other machines); got "${host}"`,
  );
}
