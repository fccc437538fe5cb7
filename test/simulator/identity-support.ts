// Helpers for the identity stand-in tests: every stand-in a test starts is closed after it, and JWTs are verified the
// way a relying party does — OIDC discovery of the issuer, then its published JWKS, with jose.
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { afterEach } from 'vitest';

export function useClosers(): <T extends { close(): Promise<void> }>(started: Promise<T> | T) => Promise<T> {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((item) => item.close()));
  });
  return async (started) => {
    const item = await started;
    open.push(item);
    return item;
  };
}

/** Verifies a JWT against the keys its issuer publishes, found by discovery (as a relying party would). */
export async function verifyByDiscovery(
  token: string,
  issuer: string,
  options: JWTVerifyOptions = {},
): Promise<{ payload: JWTPayload; kid: string | undefined; alg: string }> {
  const discovery = (await (
    await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) })
  ).json()) as { issuer: string; jwks_uri: string };
  if (discovery.issuer !== issuer) throw new Error(`discovery names issuer ${discovery.issuer}, expected ${issuer}`);
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri), { cooldownDuration: 0 });
  const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer, ...options });
  return { payload, kid: protectedHeader.kid, alg: protectedHeader.alg };
}

/** Form POST with a bounded wait; answers status and parsed JSON (or text). */
export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown>; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...headers },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(10_000),
    redirect: 'error',
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON; the caller reads text
  }
  return { status: response.status, headers: response.headers, json, text };
}

export function basicAuth(user: string, password = ''): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(user)}:${encodeURIComponent(password)}`).toString('base64')}`;
}
