// How the authorization server finds an assertion issuer's keys: OpenID Connect discovery
// (`<iss>/.well-known/openid-configuration`, whose `issuer` must equal `iss`), then jose's remote JWKS at its
// `jwks_uri`. Only loopback URLs are fetched (the stand-ins never reach beyond this machine), no redirect is followed,
// and every fetch is bounded in time.
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

const FETCH_TIMEOUT_MS = 5000;

export class DiscoveryError extends Error {}

export interface IssuerKeys {
  /** A key resolver for `iss`, from discovery (cached once discovery succeeded). */
  keysFor(iss: string): Promise<JWTVerifyGetKey>;
}

export function isLoopbackUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** `jwksCacheMs`: how long fetched keys are trusted before a refetch (0 = every verification fetches). */
export function createIssuerKeys(jwksCacheMs: number): IssuerKeys {
  const resolvers = new Map<string, JWTVerifyGetKey>();
  return {
    async keysFor(iss) {
      const known = resolvers.get(iss);
      if (known) return known;
      if (!isLoopbackUrl(iss)) throw new DiscoveryError('the stand-in fetches keys from loopback issuers only');
      const discoveryUrl = `${iss.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      let document: unknown;
      try {
        const response = await fetch(discoveryUrl, {
          redirect: 'error',
          signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
          headers: { Accept: 'application/json' },
        });
        if (response.status !== 200) throw new DiscoveryError(`HTTP ${response.status} from ${discoveryUrl}`);
        document = await response.json();
      } catch (error) {
        if (error instanceof DiscoveryError) throw error;
        throw new DiscoveryError(`${discoveryUrl} could not be read (${(error as Error).name})`);
      }
      const { issuer, jwks_uri: jwksUri } = (document ?? {}) as { issuer?: unknown; jwks_uri?: unknown };
      if (issuer !== iss) throw new DiscoveryError(`the discovery document names issuer '${String(issuer)}'`);
      if (typeof jwksUri !== 'string' || !isLoopbackUrl(jwksUri)) {
        throw new DiscoveryError('the discovery document has no loopback jwks_uri');
      }
      const resolver = createRemoteJWKSet(new URL(jwksUri), {
        timeoutDuration: FETCH_TIMEOUT_MS,
        cooldownDuration: 0,
        cacheMaxAge: jwksCacheMs,
      });
      resolvers.set(iss, resolver);
      return resolver;
    },
  };
}
