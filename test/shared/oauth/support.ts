// Wiring for the OAuth sign-in tests: a started OAuth world (GitHub, STS, authorization server, Vault on loopback),
// the product's HttpSettings pointing at it, identity token sources, and a fetch that records every credential that
// crossed the wire so tests can prove none of them surfaces in any error or log.
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { inspect } from 'node:util';
import type { WorkloadIdentityTokenSource } from '../../../shared/auth/oauth/index.js';
import type { HttpSettings } from '../../../shared/http/request.js';
import { parseVaultTarget } from '../../../shared/target.js';
import type { VaultTarget } from '../../../shared/types.js';
import type { OAuthWorld } from '../../../simulator/identity/oauth-world.js';

export interface LoggedLine {
  readonly level: string;
  readonly message: string;
  readonly attributes: Record<string, unknown> | undefined;
}

export interface Wired {
  readonly http: HttpSettings;
  readonly target: VaultTarget;
  readonly lines: LoggedLine[];
  /** Every JWT, access token, client secret and session id that crossed the wire. */
  readonly seen: Set<string>;
  /** Called after each answer with the URL; may return a replacement answer. */
  intercept?: (url: string, init: RequestInit | undefined) => Response | undefined | void;
  afterAnswer?: (url: string) => void;
}

export function wire(world: OAuthWorld): Wired {
  const lines: LoggedLine[] = [];
  const seen = new Set<string>();
  const log = (level: string) => (message: string, attributes?: Record<string, unknown>) => {
    lines.push({ level, message, attributes });
  };
  const wired: Wired = {
    lines,
    seen,
    target: parseVaultTarget(world.vault.url, 'v26.2'),
    http: {
      origin: world.vault.url,
      apiVersion: 'v26.2',
      clientId: 'vault-api-token-test',
      requestTimeoutMs: 10_000,
      logger: { debug: log('debug'), info: log('info'), warn: log('warn') },
      fetch: async (input, init) => {
        const url = String(input);
        const sent = new URLSearchParams(typeof init?.body === 'string' ? init.body : '');
        for (const name of ['client_assertion', 'client_secret']) {
          const value = sent.get(name);
          if (value) seen.add(value);
        }
        const bearer = new Headers(init?.headers).get('authorization');
        if (bearer) seen.add(bearer.replace(/^Bearer /, ''));
        const replaced = wired.intercept?.(url, init);
        const response = replaced ?? (await fetch(input, init));
        const text = await response.clone().text();
        for (const match of text.matchAll(/"(?:access_token|sessionId)"\s*:\s*"([^"]+)"/g)) seen.add(match[1]!);
        wired.afterAnswer?.(url);
        return response;
      },
    },
  };
  return wired;
}

export async function fetchGitHubJwt(world: OAuthWorld, audience: string): Promise<string> {
  const response = await fetch(`${world.github.requestUrl}&audience=${encodeURIComponent(audience)}`, {
    headers: { Authorization: `Bearer ${world.github.requestToken}` },
    signal: AbortSignal.timeout(10_000),
  });
  return ((await response.json()) as { value: string }).value;
}

export const githubSource =
  (world: OAuthWorld): WorkloadIdentityTokenSource =>
  (audience) =>
    fetchGitHubJwt(world, audience);

export const stsSource = (world: OAuthWorld): WorkloadIdentityTokenSource => {
  const client = new STSClient({ ...world.sts.clientConfig(), maxAttempts: 1 });
  return async (audience, signal) => {
    const answer = await client.send(new GetWebIdentityTokenCommand({ Audience: [audience], SigningAlgorithm: 'RS256' }), {
      abortSignal: signal,
    });
    return answer.WebIdentityToken!;
  };
};

/** Everything a person or a log pipeline could see of a value. */
export function allRenderings(value: unknown): string {
  const parts = [inspect(value, { depth: Infinity, showHidden: true })];
  try {
    parts.push(JSON.stringify(value) ?? '');
  } catch {
    // circular: inspect covers it
  }
  if (value instanceof Error) {
    let current: unknown = value;
    for (let depth = 0; current instanceof Error && depth < 10; depth += 1) {
      parts.push(String(current), current.message, current.stack ?? '');
      current = current.cause;
    }
  }
  return parts.join('\n');
}
