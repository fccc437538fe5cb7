// An Entra-ID-like OAuth 2.0 authorization server on loopback, for the client-credentials exchange Microsoft documents
// for workload identity federation (https://learn.microsoft.com/entra/identity-platform/
// v2-oauth2-client-creds-grant-flow, "Third case: Access token request with a federated credential"):
//
//   POST /<tenant>/oauth2/v2.0/token   grant_type=client_credentials, client_id, scope=<resource>/.default, and
//        client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer + client_assertion=<JWT>
//        (checked as assertion.ts says), or client_secret (form or HTTP Basic) as the fallback
//   → {token_type: "Bearer", expires_in, ext_expires_in, access_token}
//
// plus RFC 7662 introspection of the tokens it issued (Entra itself has no introspection endpoint; Vault's OAuth
// profile calls one, so the stand-in adds it): POST /<tenant>/oauth2/v2.0/introspect with `token`, the caller
// identified by a registered client id (form `client_id` or HTTP Basic user), and, when introspectionClientAuth is
// `client_secret`, its secret → {active:false} or {active:true, client_id, sub, scope, exp, iat, nbf, iss, aud,
// token_type, jti}. Access tokens are JWTs signed with the server's own key (published at its jwks_uri).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReplayMemory, verifyFederatedAssertion } from './assertion.js';
import { realClock, seconds } from './clock.js';
import { hideCredentials, sameSecret } from './credentials.js';
import { createIssuerKeys } from './discovery.js';
import { createKeyRing } from './keys.js';
import { formParams, jsonAnswer, type ServiceRequest, startLoopbackService } from './loopback-service.js';
import { OAuthError, oauthErrorAnswer, refusals } from './oauth-errors.js';
import type {
  Application,
  ApplicationSpec,
  AuthorizationServer,
  AuthorizationServerOperation,
  AuthorizationServerOptions,
  FederatedCredentialSpec,
  IssuedAccessToken,
} from './types.js';

/** Entra's default audience for workload identity federation. */
export const AZURE_AD_TOKEN_EXCHANGE = 'api://AzureADTokenExchange';
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface AppRecord {
  readonly clientId: string;
  readonly servicePrincipalId: string;
  readonly displayName: string;
  readonly clientSecret: string | undefined;
  readonly credentials: (FederatedCredentialSpec & { readonly name: string })[];
}

interface TokenRecord extends IssuedAccessToken {
  revoked: boolean;
  readonly issuer: string;
  readonly notBefore: number;
}

interface Caller {
  readonly clientId: string;
  /** From HTTP Basic or form `client_secret`. */
  readonly secret: string | undefined;
}

export async function startAuthorizationServer(options: AuthorizationServerOptions = {}): Promise<AuthorizationServer> {
  const clock = options.clock ?? realClock;
  const tenantId = options.tenantId ?? randomUUID();
  if (!/^[\w.-]{1,100}$/.test(tenantId)) throw new TypeError('authorization server: tenantId must be a GUID or a name');
  const lifetimeSeconds = options.accessTokenLifetimeSeconds ?? 3599;
  const tolerance = options.clockToleranceSeconds ?? 0;
  const maxAge = options.maxAssertionAgeSeconds ?? 86_400;
  for (const [name, value, min] of [
    ['accessTokenLifetimeSeconds', lifetimeSeconds, 1],
    ['clockToleranceSeconds', tolerance, 0],
    ['maxAssertionAgeSeconds', maxAge, 1],
  ] as const) {
    if (!Number.isInteger(value) || value < min) throw new TypeError(`authorization server: ${name} must be an integer >= ${min}`);
  }
  const introspectionAuth = options.introspectionClientAuth ?? 'client_id';
  const scopeRequired = options.scopeRequired ?? true;
  const resources = new Set<string>();
  const addResource = (resource: string) => {
    if (typeof resource !== 'string' || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(resource) || resource.endsWith('/.default')) {
      throw new TypeError(`authorization server: a resource must be an absolute URI such as api://vault-login`);
    }
    resources.add(resource.replace(/\/+$/, ''));
  };
  for (const resource of options.resources ?? ['api://vault-login']) addResource(resource);

  const apps = new Map<string, AppRecord>();
  const tokens = new Map<string, TokenRecord>();
  const issuerKeys = createIssuerKeys(0);
  const replay = createReplayMemory(clock);
  const keys = await createKeyRing(['RS256']);
  let origin = '';
  const base = () => `${origin}/${tenantId}`;
  const issuer = () => `${base()}/v2.0`;
  const paths = {
    token: `/${tenantId}/oauth2/v2.0/token`,
    introspect: `/${tenantId}/oauth2/v2.0/introspect`,
    discovery: `/${tenantId}/v2.0/.well-known/openid-configuration`,
    jwks: `/${tenantId}/discovery/v2.0/keys`,
  };

  const exchange = async (request: ServiceRequest) => {
    const params = formParams(request);
    if (request.body === undefined) throw new OAuthError('invalid_request', 'The request body is too large.');
    if (params === undefined) throw refusals.missingParameter('grant_type');
    const grantType = params.get('grant_type');
    if (!grantType) throw refusals.missingParameter('grant_type');
    if (grantType !== 'client_credentials') throw refusals.unsupportedGrantType(grantType.slice(0, 60));
    const caller = callerOf(request, params);
    if (caller === undefined) throw refusals.missingParameter('client_id');
    const app = apps.get(caller.clientId);
    if (app === undefined) throw refusals.unknownApplication(caller.clientId.slice(0, 100), tenantId);
    const scope = params.get('scope') ?? '';
    const resource = scopeResource(scope, scopeRequired, resources, tenantId);

    const assertion = params.get('client_assertion');
    if (assertion !== null && caller.secret !== undefined) throw refusals.twoCredentials();
    let via: IssuedAccessToken['via'];
    if (assertion !== null) {
      const assertionType = params.get('client_assertion_type');
      if (assertionType === null) throw refusals.missingParameter('client_assertion_type');
      if (assertionType !== JWT_BEARER_ASSERTION) throw refusals.wrongAssertionType();
      await verifyFederatedAssertion(assertion, app.credentials, issuerKeys, replay, {
        clock,
        clockToleranceSeconds: tolerance,
        maxAssertionAgeSeconds: maxAge,
        rejectReplayed: options.rejectReplayedAssertions ?? true,
      });
      via = 'assertion';
    } else if (caller.secret !== undefined) {
      if (app.clientSecret === undefined || !sameSecret(caller.secret, app.clientSecret)) {
        throw refusals.badSecret(app.clientId);
      }
      via = 'secret';
    } else {
      throw refusals.noCredential();
    }

    const iat = seconds(clock.now());
    const jti = randomUUID();
    const accessToken = await keys.sign({
      aud: resource,
      iss: issuer(),
      iat,
      nbf: iat,
      exp: iat + lifetimeSeconds,
      azp: app.clientId,
      azpacr: via === 'assertion' ? '2' : '1',
      appid: app.clientId,
      idtyp: 'app',
      oid: app.servicePrincipalId,
      sub: app.servicePrincipalId,
      tid: tenantId,
      ver: '2.0',
      jti,
    });
    tokens.set(digest(accessToken), {
      jti,
      clientId: app.clientId,
      subject: app.servicePrincipalId,
      scope,
      audience: resource,
      issuedAt: iat * 1000,
      notBefore: iat * 1000,
      expiresAt: (iat + lifetimeSeconds) * 1000,
      revoked: false,
      via,
      issuer: issuer(),
    });
    return jsonAnswer(200, {
      token_type: 'Bearer',
      expires_in: lifetimeSeconds,
      ext_expires_in: lifetimeSeconds,
      access_token: accessToken,
    });
  };

  const introspect = (request: ServiceRequest) => {
    const params = formParams(request) ?? new URLSearchParams();
    const caller = callerOf(request, params);
    const app = caller === undefined ? undefined : apps.get(caller.clientId);
    const secretOk =
      introspectionAuth === 'client_id' ||
      (app?.clientSecret !== undefined && caller?.secret !== undefined && sameSecret(caller.secret, app.clientSecret));
    if (app === undefined || !secretOk) {
      const needs = introspectionAuth === 'client_id' ? 'a registered client_id' : 'a client_id and its client_secret';
      return jsonAnswer(
        401,
        { error: 'invalid_client', error_description: `Introspection requires ${needs}.` },
        'invalid_client',
        { 'WWW-Authenticate': 'Basic realm="introspect"' },
      );
    }
    const token = params.get('token');
    if (!token) {
      const description = "The request body must contain the following parameter: 'token'.";
      return jsonAnswer(400, { error: 'invalid_request', error_description: description }, 'invalid_request');
    }
    const record = tokens.get(digest(token));
    const now = clock.now();
    if (record === undefined || record.revoked || now >= record.expiresAt || now + tolerance * 1000 < record.notBefore) {
      return jsonAnswer(200, { active: false });
    }
    return jsonAnswer(200, {
      active: true,
      client_id: record.clientId,
      sub: record.subject,
      scope: record.scope,
      exp: record.expiresAt / 1000,
      iat: record.issuedAt / 1000,
      nbf: record.notBefore / 1000,
      iss: record.issuer,
      aud: record.audience,
      token_type: 'Bearer',
      jti: record.jti,
    });
  };

  const service = await startLoopbackService<AuthorizationServerOperation>(
    {
      name: 'authorization server stand-in',
      operations: ['token', 'introspect', 'discovery', 'jwks'],
      operationOf({ method, url }) {
        if (method === 'POST' && url.pathname === paths.token) return 'token';
        if (method === 'POST' && url.pathname === paths.introspect) return 'introspect';
        if (method === 'GET' && url.pathname === paths.discovery) return 'discovery';
        if (method === 'GET' && url.pathname === paths.jwks) return 'jwks';
        return 'unknown';
      },
      async handle(request, operation) {
        try {
          switch (operation) {
            case 'token':
              return await exchange(request);
            case 'introspect':
              return introspect(request);
            case 'discovery':
              return jsonAnswer(200, {
                issuer: issuer(),
                token_endpoint: `${origin}${paths.token}`,
                introspection_endpoint: `${origin}${paths.introspect}`,
                jwks_uri: `${origin}${paths.jwks}`,
                grant_types_supported: ['client_credentials'],
                token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'private_key_jwt'],
                id_token_signing_alg_values_supported: ['RS256'],
                response_types_supported: ['token'],
                subject_types_supported: ['pairwise'],
                tenant_region_scope: 'NA',
              });
            case 'jwks':
              return jsonAnswer(200, keys.jwks());
            default: {
              const tenant = request.url.pathname.split('/')[1] ?? '';
              if (tenant !== tenantId && /\/oauth2\/v2\.0\/(token|introspect)$/.test(request.url.pathname)) {
                throw refusals.tenantNotFound(tenant.slice(0, 100));
              }
              return jsonAnswer(404, { error: 'not_found', error_description: 'No such endpoint.' }, 'not_found');
            }
          }
        } catch (error) {
          if (error instanceof OAuthError) return oauthErrorAnswer(error, new Date(clock.now()));
          throw error;
        }
      },
      errorAnswer: (status, code, message) =>
        oauthErrorAnswer(
          new OAuthError(
            (code ?? (status === 503 ? 'temporarily_unavailable' : 'server_error')) as OAuthError['error'],
            message ?? 'The authorization server could not process the request.',
            undefined,
            status,
          ),
          new Date(clock.now()),
        ),
    },
    options,
  );
  origin = service.origin;

  const server: AuthorizationServer = {
    origin,
    tenantId,
    issuer: issuer(),
    tokenEndpoint: `${origin}${paths.token}`,
    introspectionEndpoint: `${origin}${paths.introspect}`,
    discoveryUrl: `${origin}${paths.discovery}`,
    jwksUri: `${origin}${paths.jwks}`,
    addApplication: (spec = {}) => addApplication(apps, spec),
    addResource,
    revokeAccessToken(token) {
      const record = tokens.get(digest(token));
      if (record === undefined) return false;
      record.revoked = true;
      return true;
    },
    accessTokens: () =>
      [...tokens.values()].map(({ jti, clientId, subject, scope, audience, issuedAt, expiresAt, revoked, via }) => ({
        jti,
        clientId,
        subject,
        scope,
        audience,
        issuedAt,
        expiresAt,
        revoked,
        via,
      })),
    injectFault: service.injectFault,
    clearFaults: service.clearFaults,
    requests: service.requests,
    clearRequests: service.clearRequests,
    close: service.close,
  };
  return hideCredentials(server, 'AuthorizationServer', () => ({
    tokenEndpoint: server.tokenEndpoint,
    applications: [...apps.keys()],
  }));
}

/** The client: HTTP Basic (`client_id:client_secret`, form-urlencoded as RFC 6749 §2.3.1 says) or form fields. */
function callerOf(request: ServiceRequest, params: URLSearchParams): Caller | undefined {
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(String(request.headers.authorization ?? ''));
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const id = safeDecode(colon < 0 ? decoded : decoded.slice(0, colon));
    const secret = colon < 0 ? '' : safeDecode(decoded.slice(colon + 1));
    return id ? { clientId: id, secret: secret === '' ? undefined : secret } : undefined;
  }
  const clientId = params.get('client_id');
  if (!clientId) return undefined;
  const secret = params.get('client_secret');
  return { clientId, secret: secret === null || secret === '' ? undefined : secret };
}

/** `<resource>/.default` → the resource; Entra requires it for client credentials. */
function scopeResource(scope: string, required: boolean, resources: ReadonlySet<string>, tenantId: string): string {
  const scopes = scope.split(' ').filter((s) => s !== '');
  if (scopes.length === 0) {
    if (required) throw refusals.missingParameter('scope');
    return [...resources][0]!;
  }
  if (scopes.length !== 1 || !scopes[0]!.endsWith('/.default')) throw refusals.scopeNotDefault(scope.slice(0, 200));
  const resource = scopes[0]!.slice(0, -'/.default'.length);
  if (!resources.has(resource)) throw refusals.unknownResource(resource.slice(0, 200), tenantId);
  return resource;
}

function addApplication(apps: Map<string, AppRecord>, spec: ApplicationSpec): Application {
  const clientId = spec.clientId ?? randomUUID();
  if (!GUID.test(clientId)) throw new TypeError('addApplication: clientId must be a GUID, as Entra application ids are');
  if (apps.has(clientId)) throw new Error(`addApplication: an application ${clientId} already exists`);
  const clientSecret =
    spec.clientSecret === true ? `sim~${randomBytes(30).toString('base64url')}` : spec.clientSecret || undefined;
  const record: AppRecord = {
    clientId,
    servicePrincipalId: randomUUID(),
    displayName: spec.displayName ?? 'vault-api-token',
    clientSecret,
    credentials: [],
  };
  const addFederatedCredential = (credential: FederatedCredentialSpec) => {
    const issuerUrl = credential?.issuer;
    if (typeof issuerUrl !== 'string' || !/^https?:\/\/\S+$/.test(issuerUrl)) {
      throw new TypeError('addFederatedCredential: issuer must be an http(s) URL');
    }
    if (typeof credential.subject !== 'string' || credential.subject === '') {
      throw new TypeError('addFederatedCredential: subject must be a non-empty string');
    }
    const audiences = credential.audiences ?? [AZURE_AD_TOKEN_EXCHANGE];
    if (audiences.length === 0 || audiences.some((aud) => typeof aud !== 'string' || aud === '')) {
      throw new TypeError('addFederatedCredential: audiences must be non-empty strings');
    }
    const name = credential.name ?? `credential-${record.credentials.length + 1}`;
    if (record.credentials.some((existing) => existing.name === name)) {
      throw new Error(`addFederatedCredential: a credential named "${name}" already exists`);
    }
    record.credentials.push({ name, issuer: issuerUrl, subject: credential.subject, audiences: [...audiences] });
  };
  for (const credential of spec.federatedCredentials ?? []) addFederatedCredential(credential);
  apps.set(clientId, record);

  const app: Application = {
    clientId,
    servicePrincipalId: record.servicePrincipalId,
    displayName: record.displayName,
    ...(clientSecret === undefined ? {} : { clientSecret }),
    addFederatedCredential,
    removeFederatedCredential(name) {
      const index = record.credentials.findIndex((credential) => credential.name === name);
      if (index < 0) return false;
      record.credentials.splice(index, 1);
      return true;
    },
  };
  return hideCredentials(app, 'Application', () => ({
    clientId,
    servicePrincipalId: record.servicePrincipalId,
    clientSecret: clientSecret === undefined ? undefined : '[REDACTED]',
    federatedCredentials: record.credentials.map(({ name, issuer, subject }) => ({ name, issuer, subject })),
  }));
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
