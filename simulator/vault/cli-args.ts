// Command-line flags of `npm run vault-simulator`, checked strictly: a typo must not silently start a different
// simulator than the user asked for.
import { parseArgs } from 'node:util';
import { loopbackBindAddress } from './loopback.js';

export const USAGE =
  'Usage: npm run vault-simulator -- [--port 8080] [--host 127.0.0.1] [--max-expiry-days 90] ' +
  '[--allow-non-expiring] [--page-size N] [--rejected-token-answer envelope|http-401]';

export interface CliOptions {
  readonly host: string;
  readonly port: number;
  readonly maxExpiryDays: number | undefined;
  readonly allowNonExpiring: boolean;
  readonly pageSize: number | undefined;
  readonly rejectedTokenAnswer: 'envelope' | 'http-401';
}

export type CliParse =
  | { readonly kind: 'run'; readonly options: CliOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

export function parseCliArgs(argv: readonly string[]): CliParse {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'max-expiry-days': { type: 'string' },
        'allow-non-expiring': { type: 'boolean' },
        'page-size': { type: 'string' },
        'rejected-token-answer': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  if (values.help) return { kind: 'help' };

  const port = wholeNumber(values.port, '--port', 0, 65_535, 8080);
  if (typeof port === 'string') return { kind: 'error', message: port };
  const pageSize = wholeNumber(values['page-size'], '--page-size', 1, 1000, undefined);
  if (typeof pageSize === 'string') return { kind: 'error', message: pageSize };
  const maxText = values['max-expiry-days'];
  let maxExpiryDays: number | undefined;
  if (typeof maxText === 'string') {
    maxExpiryDays = Number(maxText);
    if (!/^\d+(\.\d+)?$/.test(maxText) || !(maxExpiryDays > 0) || maxExpiryDays > 36_500) {
      return { kind: 'error', message: `--max-expiry-days must be a number of days > 0 (e.g. 90); got "${maxText}"` };
    }
  }
  const answer = values['rejected-token-answer'] ?? 'envelope';
  if (answer !== 'envelope' && answer !== 'http-401') {
    return { kind: 'error', message: `--rejected-token-answer must be envelope or http-401; got "${String(answer)}"` };
  }
  const hostText = typeof values.host === 'string' ? values.host : '127.0.0.1';
  let host: string;
  try {
    host = loopbackBindAddress(hostText);
  } catch (error) {
    return { kind: 'error', message: `--host: ${(error as Error).message}` };
  }
  return {
    kind: 'run',
    options: {
      host,
      port,
      maxExpiryDays,
      allowNonExpiring: values['allow-non-expiring'] === true,
      pageSize,
      rejectedTokenAnswer: answer,
    },
  };
}

function wholeNumber<T extends number | undefined>(
  text: string | boolean | undefined,
  flag: string,
  min: number,
  max: number,
  fallback: T,
): number | T | string {
  if (typeof text !== 'string') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    return `${flag} must be a whole number from ${min} to ${max}; got "${text}"`;
  }
  return Number(text);
}
