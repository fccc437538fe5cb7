// Opt-in proxy support. Node's built-in fetch ignores HTTPS_PROXY/NO_PROXY (without --use-env-proxy), so adapters
// that may run behind a corporate proxy (the GitHub Action on self-hosted runners) pass this as options.fetch. The
// default client path never imports this module, so bundles that don't opt in do not carry undici.

import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';

type Env = Readonly<Record<string, string | undefined>>;

/** The first non-empty value among the names; lower case first, as curl and undici do. */
function envValue(env: Env, name: string): string | undefined {
  for (const key of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[key]?.trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * Node's fetch when no proxy is configured; otherwise undici's fetch through an EnvHttpProxyAgent that sends http and
 * https requests through HTTP_PROXY / HTTPS_PROXY (any case) and honours NO_PROXY.
 */
export function createProxyAwareFetch(env: Env = process.env): typeof fetch {
  const httpProxy = envValue(env, 'http_proxy');
  const httpsProxy = envValue(env, 'https_proxy');
  if (!httpProxy && !httpsProxy) return globalThis.fetch;
  const dispatcher = new EnvHttpProxyAgent({
    // Empty strings, not undefined: undefined would make undici read process.env itself, ignoring `env`.
    httpProxy: httpProxy ?? '',
    httpsProxy: httpsProxy ?? httpProxy ?? '',
    noProxy: envValue(env, 'no_proxy') ?? '',
  });
  const proxied = (input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher });
  return proxied as unknown as typeof fetch;
}
