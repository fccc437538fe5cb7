// An OIDC issuer on loopback: `GET /.well-known/openid-configuration` and `GET /.well-known/jwks.json` at its root,
// as GitHub's (https://token.actions.githubusercontent.com) and an AWS account's issuer
// (https://<id>.tokens.sts.global.api.aws) serve them. Relying parties find the keys by discovery, never by a
// configured JWKS URL, so a wrong `iss` fails like it would in production.
import { hideCredentials } from './credentials.js';
import { createKeyRing } from './keys.js';
import { jsonAnswer, startLoopbackService } from './loopback-service.js';
import type { IssuerOperation, OidcIssuer, OidcIssuerOptions } from './types.js';

const DISCOVERY_PATH = '/.well-known/openid-configuration';
const JWKS_PATH = '/.well-known/jwks.json';

export async function startOidcIssuer(options: OidcIssuerOptions = {}): Promise<OidcIssuer> {
  const keys = await createKeyRing(options.algorithms);
  let url = '';
  const service = await startLoopbackService<IssuerOperation>(
    {
      name: 'OIDC issuer stand-in',
      operations: ['discovery', 'jwks'],
      operationOf({ method, url: requestUrl }) {
        if (method !== 'GET') return 'unknown';
        if (requestUrl.pathname === DISCOVERY_PATH) return 'discovery';
        if (requestUrl.pathname === JWKS_PATH) return 'jwks';
        return 'unknown';
      },
      handle(_request, operation) {
        if (operation === 'discovery') {
          return jsonAnswer(200, {
            issuer: url,
            jwks_uri: `${url}${JWKS_PATH}`,
            subject_types_supported: ['public', 'pairwise'],
            response_types_supported: ['id_token'],
            id_token_signing_alg_values_supported: [...keys.algorithms],
            scopes_supported: ['openid'],
            ...options.discovery,
          });
        }
        if (operation === 'jwks') return jsonAnswer(200, keys.jwks());
        return jsonAnswer(404, { message: 'Not Found' }, 'not_found');
      },
      errorAnswer: (status, code, message) =>
        jsonAnswer(status, { message: message ?? 'Internal Server Error' }, code ?? 'server_error'),
    },
    options,
  );
  url = service.origin;

  const issuer: OidcIssuer = {
    url,
    discoveryUrl: `${url}${DISCOVERY_PATH}`,
    jwksUri: `${url}${JWKS_PATH}`,
    algorithms: keys.algorithms,
    sign: (claims, signOptions) => keys.sign(claims, signOptions),
    currentKid: (alg) => keys.currentKid(alg),
    publishedKids: () => keys.publishedKids(),
    rotateKey: (alg) => keys.rotate(alg),
    retirePreviousKeys: () => keys.retirePrevious(),
    injectFault: service.injectFault,
    clearFaults: service.clearFaults,
    requests: service.requests,
    clearRequests: service.clearRequests,
    close: service.close,
  };
  return hideCredentials(issuer, 'OidcIssuer', () => ({ url, kids: keys.publishedKids() }));
}
