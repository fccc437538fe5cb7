// The auth-defaulting guard for any sign-in that answers in /auth's shape (password, OAuth): Vault may answer SUCCESS
// with a session for *another* Vault when the requested DNS is wrong or the user cannot sign in there. Such a session
// is ended on the spot and never used. (password-session.ts holds the same check inline; it can call this one.)
import { VaultAuthDefaultingError } from '../errors.js';
import type { HttpSettings } from '../http/request.js';
import type { Secret } from '../secret.js';
import { isLoopbackHostname } from '../target.js';
import { asIdString, asRecord } from '../tokens/response-shape.js';
import type { VaultTarget } from '../types.js';
import { endSession } from './password-session.js';

/** Throws VaultAuthDefaultingError (after ending the session) unless the answer's Vault is `target`'s host. */
export async function guardSessionVault(
  http: HttpSettings,
  target: VaultTarget,
  body: Readonly<Record<string, unknown>>,
  sessionId: Secret,
  signal?: AbortSignal,
): Promise<void> {
  const vaultId = asIdString(body.vaultId);
  const entry = Array.isArray(body.vaultIds)
    ? body.vaultIds.map(asRecord).find((candidate) => vaultId !== undefined && asIdString(candidate?.id) === vaultId)
    : undefined;
  const actual = entry && typeof entry.url === 'string' ? parseUrl(entry.url) : undefined;
  if (actual !== undefined && actual.host === target.host) return;
  const actualHost = actual?.host ?? `an unidentified Vault (vaultId ${vaultId ?? 'missing'} not among vaultIds)`;
  // End it where it lives; fall back to the target's origin when the answer names no usable one.
  const endAt = actual && isEndableOrigin(actual) ? actual.origin : target.origin;
  await endSession({ ...http, origin: endAt }, target.apiVersion, sessionId, signal);
  throw new VaultAuthDefaultingError(target.host, actualHost);
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function isEndableOrigin(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHostname(url.hostname));
}
