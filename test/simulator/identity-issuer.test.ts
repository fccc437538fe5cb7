// The OIDC issuer stand-in: discovery, the published JWKS, real signatures (RS256 and ES384) verified with jose, and
// key rotation in two steps.
import { decodeProtectedHeader, errors } from 'jose';
import { describe, expect, it } from 'vitest';
import { startOidcIssuer } from '../../simulator/identity/issuer.js';
import { useClosers, verifyByDiscovery } from './identity-support.js';

const started = useClosers();
const now = () => Math.floor(Date.now() / 1000);

describe('OIDC issuer stand-in', () => {
  it('serves discovery and a JWKS at its root, bound to loopback', async () => {
    const issuer = await started(startOidcIssuer({ algorithms: ['RS256', 'ES384'] }));
    expect(issuer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const discovery = (await (await fetch(issuer.discoveryUrl)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: issuer.url,
      jwks_uri: `${issuer.url}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['RS256', 'ES384'],
    });
    const jwks = (await (await fetch(issuer.jwksUri)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.map((key) => [key.kty, key.alg, key.use])).toEqual([
      ['RSA', 'RS256', 'sig'],
      ['EC', 'ES384', 'sig'],
    ]);
    // Public keys only.
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
    expect(issuer.requests.map((r) => r.operation)).toEqual(['discovery', 'jwks']);
  });

  it.each(['RS256', 'ES384'] as const)('signs %s tokens that verify against the published keys', async (alg) => {
    const issuer = await started(startOidcIssuer({ algorithms: ['RS256', 'ES384'] }));
    const claims = { iss: issuer.url, sub: 'someone', aud: 'x', iat: now(), exp: now() + 60 };
    const token = await issuer.sign(claims, { alg });
    const verified = await verifyByDiscovery(token, issuer.url, { audience: 'x' });
    expect(verified).toMatchObject({ alg, kid: issuer.currentKid(alg) });
    expect(verified.payload.sub).toBe('someone');
  });

  it('rotates keys in two steps: both published, then only the new one', async () => {
    const issuer = await started(startOidcIssuer());
    const oldKid = issuer.currentKid();
    const oldToken = await issuer.sign({ iss: issuer.url, exp: now() + 60 });
    const newKid = await issuer.rotateKey();
    expect(newKid).not.toBe(oldKid);
    expect(issuer.publishedKids()).toEqual([oldKid, newKid]);
    const newToken = await issuer.sign({ iss: issuer.url, exp: now() + 60 });
    expect(decodeProtectedHeader(newToken).kid).toBe(newKid);
    await verifyByDiscovery(oldToken, issuer.url);
    await verifyByDiscovery(newToken, issuer.url);

    expect(issuer.retirePreviousKeys()).toEqual([oldKid]);
    expect(issuer.publishedKids()).toEqual([newKid]);
    await expect(verifyByDiscovery(oldToken, issuer.url)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    await verifyByDiscovery(newToken, issuer.url);
  });

  it('a token whose kid is not published does not verify', async () => {
    const issuer = await started(startOidcIssuer());
    const token = await issuer.sign({ iss: issuer.url, exp: now() + 60 }, { kid: 'not-published' });
    await expect(verifyByDiscovery(token, issuer.url)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('injects faults on discovery and the JWKS', async () => {
    const issuer = await started(startOidcIssuer());
    issuer.injectFault({ operation: 'jwks', kind: { type: 'service-error', status: 503 } });
    expect((await fetch(issuer.jwksUri)).status).toBe(503);
    expect((await fetch(issuer.jwksUri)).status).toBe(200);
    issuer.injectFault({ operation: 'discovery', kind: { type: 'connection-reset' } });
    await expect(fetch(issuer.discoveryUrl)).rejects.toThrow();
    expect(issuer.requests.map((r) => [r.operation, r.httpStatus, r.fault])).toEqual([
      ['jwks', 503, 'service-error'],
      ['jwks', 200, undefined],
      ['discovery', 0, 'connection-reset'],
    ]);
    expect(() => issuer.injectFault({ operation: 'nope' as 'jwks', kind: { type: 'hang' } })).toThrow(/operation/);
  });

  it('refuses a non-loopback bind address and unknown algorithms', async () => {
    await expect(startOidcIssuer({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    await expect(startOidcIssuer({ algorithms: ['HS256' as 'RS256'] })).rejects.toThrow(/algorithms/);
  });
});
