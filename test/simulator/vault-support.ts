// Raw HTTP helpers for the simulator tests: plain fetch, no client library, so the wire format itself is tested.
import { afterEach } from 'vitest';
import type { VaultSimulatorOptions } from '../../simulator/vault-simulator-types.js';
import { startVaultSimulator, type VaultSimulator } from '../../simulator/vault-simulator.js';

export const V = 'v26.2';

export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON members
  readonly json: any;
}

export interface CallOptions {
  /** Sent as `Authorization: Bearer <auth>`; use `raw` to send it without the prefix. */
  readonly auth?: string;
  readonly raw?: boolean;
  readonly form?: Record<string, string>;
  readonly json?: unknown;
  readonly csv?: string;
  readonly headers?: Record<string, string>;
  /** Defaults to the main Vault. */
  readonly origin?: string;
  readonly signal?: AbortSignal;
}

export async function call(sim: VaultSimulator, method: string, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.auth !== undefined) headers.Authorization = options.raw ? options.auth : `Bearer ${options.auth}`;
  let body: string | undefined;
  if (options.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.csv !== undefined) {
    headers['Content-Type'] = 'text/csv';
    body = options.csv;
  }
  const response = await fetch(`${options.origin ?? sim.url}${path}`, {
    method,
    headers,
    body,
    signal: options.signal ?? AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json } as RawAnswer;
}

/** `YYYY-MM-DDTHH:MM:SSZ`, `days` after the simulated now. */
export function expiryIn(sim: VaultSimulator, days: number): string {
  return isoSeconds(sim.clock.now() + days * 86_400_000);
}

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function mintSelf(sim: VaultSimulator, auth: string, form: Record<string, string>, origin?: string) {
  return call(sim, 'POST', `/api/${V}/objects/users/me/api_access_token__sys`, { auth, form, origin });
}

export async function login(sim: VaultSimulator, username: string, password: string, origin?: string) {
  return call(sim, 'POST', `/api/${V}/auth`, { form: { username, password }, origin });
}

export async function query(sim: VaultSimulator, auth: string, q: string, origin?: string) {
  return call(sim, 'POST', `/api/${V}/query`, { auth, form: { q }, origin });
}

export function expectFailure(answer: RawAnswer, type: string, status = 'FAILURE'): void {
  if (answer.status !== 200 || answer.json?.responseStatus !== status || answer.json?.errors?.[0]?.type !== type) {
    const shown = answer.text.slice(0, 300).replace(/veeva-vault-\w+/g, '[REDACTED]');
    throw new Error(`expected HTTP 200 ${status} ${type}, got HTTP ${answer.status}: ${shown}`);
  }
}

/** A `simulator()` factory for one test file: every simulator it starts is closed after each test. */
export function useSimulators(): (options?: VaultSimulatorOptions) => Promise<VaultSimulator> {
  const started: VaultSimulator[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()));
  });
  return async (options) => {
    const sim = await startVaultSimulator(options);
    started.push(sim);
    return sim;
  };
}
