// Opt-in proxy support. Node's built-in fetch ignores HTTPS_PROXY/NO_PROXY (without --use-env-proxy), so adapters
// that may run behind a corporate proxy (the GitHub Action on self-hosted runners) pass this as options.fetch. The
// default client path never imports this module, so bundles that don't opt in do not carry undici. Even then undici
// is imported only when a proxy is configured, at the first request: a split bundle loads it lazily, so a job without
// a proxy never evaluates it.

import type { Dispatcher, fetch as UndiciFetch } from 'undici';

type Env = Readonly<Record<string, string | undefined>>;

/** The first non-empty value among the names; lower case first, as curl and undici do. */
function envValue(env: Env, name: string): string | undefined {
  for (const key of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[key]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** True when HTTP_PROXY or HTTPS_PROXY (any case) is set: requests then go through createProxyAwareFetch's agent. */
export function proxyConfigured(env: Env = process.env): boolean {
  return envValue(env, 'http_proxy') !== undefined || envValue(env, 'https_proxy') !== undefined;
}

/**
 * Node's fetch when no proxy is configured; otherwise undici's fetch through an EnvHttpProxyAgent that sends http and
 * https requests through HTTP_PROXY / HTTPS_PROXY (any case) and honours NO_PROXY.
 */
export function createProxyAwareFetch(env: Env = process.env): typeof fetch {
  if (!proxyConfigured(env)) return globalThis.fetch;
  const httpProxy = envValue(env, 'http_proxy');
  const httpsProxy = envValue(env, 'https_proxy');
  const noProxy = envValue(env, 'no_proxy') ?? '';
  let proxy: Promise<{ dispatcher: Dispatcher; undiciFetch: typeof UndiciFetch }> | undefined;
  const load = async () => {
    const imported = await import('undici');
    // undici is CommonJS: Node's import() names its exports, a split esbuild bundle gives only the default export.
    const undici = 'EnvHttpProxyAgent' in imported ? imported : (imported as { default: typeof imported }).default;
    const { EnvHttpProxyAgent, fetch: undiciFetch } = undici;
    const dispatcher = new EnvHttpProxyAgent({
      // Empty strings, not undefined: undefined would make undici read process.env itself, ignoring `env`.
      httpProxy: httpProxy ?? '',
      httpsProxy: httpsProxy ?? httpProxy ?? '',
      noProxy,
    });
    return { dispatcher, undiciFetch };
  };
  const proxied = async (input: Parameters<typeof UndiciFetch>[0], init?: Parameters<typeof UndiciFetch>[1]) => {
    proxy ??= load();
    // A failed load (a malformed proxy URL) fails this request and is tried again by the next.
    const loaded = await proxy.catch((error: unknown) => {
      proxy = undefined;
      throw error;
    });
    return loaded.undiciFetch(input, { ...init, dispatcher: loaded.dispatcher });
  };
  return proxied as unknown as typeof fetch;
}
