// The authorization server's refusals, worded and shaped as Microsoft Entra ID answers them (error-code reference:
// https://learn.microsoft.com/entra/identity-platform/reference-error-codes): RFC 6749 `error`, an
// `error_description` starting `AADSTS<code>: ` followed by Trace ID, Correlation ID and Timestamp lines, and
// `error_codes`, `timestamp`, `trace_id`, `correlation_id`, `error_uri`. Entra says clients must not depend on the
// codes or texts; the product reads `error` and shows `error_description`. Refusals Entra has no known code for (the
// stand-in's own checks) carry no AADSTS prefix and no error_codes. Descriptions never contain a secret: at most an
// issuer, subject, audience, client id, key id or jti, which are identifiers, not credentials.
import { randomUUID } from 'node:crypto';
import { jsonAnswer, type ServiceAnswer } from './loopback-service.js';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_resource'
  | 'temporarily_unavailable'
  | 'server_error';

export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    /** Without the AADSTS prefix. */
    readonly description: string,
    /** Entra's AADSTS number, when Entra is known to use one for this case. */
    readonly aadsts?: number,
    /** RFC 6749 §5.2: 401 for a failed client authentication, 400 otherwise. */
    readonly status: number = error === 'invalid_client' ? 401 : 400,
  ) {
    super(aadsts === undefined ? description : `AADSTS${aadsts}: ${description}`);
  }
}

export function oauthErrorAnswer(failure: OAuthError, now: Date = new Date()): ServiceAnswer {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = now.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
  const body = {
    error: failure.error,
    error_description: `${failure.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    ...(failure.aadsts === undefined
      ? {}
      : { error_codes: [failure.aadsts], error_uri: `https://login.microsoftonline.com/error?code=${failure.aadsts}` }),
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
  };
  const headers: Record<string, string> = failure.status === 401 ? { 'WWW-Authenticate': 'Basic realm="token"' } : {};
  return jsonAnswer(failure.status, body, failure.error, headers);
}

const CHECK_FIC = 'Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.';

export const refusals = {
  missingParameter: (name: string) =>
    new OAuthError('invalid_request', `The request body must contain the following parameter: '${name}'.`, 900144),
  unsupportedGrantType: (grantType: string) =>
    new OAuthError('unsupported_grant_type', `The app requested an unsupported grant type '${grantType}'.`, 70003),
  tenantNotFound: (tenant: string) =>
    new OAuthError('invalid_request', `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`, 90002),
  unknownApplication: (clientId: string, tenant: string) =>
    new OAuthError(
      'unauthorized_client',
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the ` +
        'application has not been installed by the administrator of the tenant or consented to by any user in the tenant.',
      700016,
    ),
  scopeNotDefault: (scope: string) =>
    new OAuthError(
      'invalid_scope',
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with ` +
        '/.default suffixed to the resource identifier (application ID URI).',
      1002012,
    ),
  unknownResource: (resource: string, tenant: string) =>
    new OAuthError(
      'invalid_resource',
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the ` +
        'application has not been installed by the administrator of the tenant or consented to by any user in the tenant.',
      500011,
    ),
  noCredential: () =>
    new OAuthError(
      'invalid_client',
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      7000218,
    ),
  twoCredentials: () =>
    new OAuthError('invalid_request', 'Present one client credential: client_assertion or client_secret, not both.'),
  wrongAssertionType: () =>
    new OAuthError(
      'invalid_request',
      "client_assertion_type must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.",
    ),
  badSecret: (clientId: string) =>
    new OAuthError(
      'invalid_client',
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not ' +
        `the client secret ID, for a secret added to app '${clientId}'.`,
      7000215,
    ),
  malformedAssertion: () => new OAuthError('invalid_request', 'JWT token is invalid or malformed.', 50027),
  noFederatedCredentials: (iss: string, sub: string, aud: string) =>
    new OAuthError(
      'invalid_client',
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. ` +
        `Assertion Subject: '${sub}'. Assertion Audience: '${aud}'.`,
      70021,
    ),
  issuerMismatch: (iss: string) =>
    new OAuthError(
      'invalid_client',
      `No matching federated identity record found for presented assertion issuer '${iss}'. ${CHECK_FIC}`,
      700211,
    ),
  audienceMismatch: (aud: string) =>
    new OAuthError(
      'invalid_client',
      `No matching federated identity record found for presented assertion audience '${aud}'. ${CHECK_FIC}`,
      700212,
    ),
  subjectMismatch: (sub: string) =>
    new OAuthError(
      'invalid_client',
      `No matching federated identity record found for presented assertion subject '${sub}'. ${CHECK_FIC} ` +
        'The subject matching is done using a case-sensitive comparison.',
      700213,
    ),
  keyNotFound: (kid: string | undefined) =>
    new OAuthError(
      'invalid_client',
      `Assertion failed signature validation. [Reason - The key was not found., Key ID used by client: '${kid ?? ''}']`,
      50013,
    ),
  badSignature: () =>
    new OAuthError(
      'invalid_client',
      'Assertion failed signature validation. [Reason - Key was found, but use of the key to verify the signature failed.]',
      50013,
    ),
  outsideValidTime: (now: number, validFrom: number | undefined, expires: number | undefined) =>
    new OAuthError(
      'invalid_client',
      `Client assertion is not within its valid time range. Current time: ${iso(now)}, assertion valid from ` +
        `${validFrom === undefined ? '(none)' : iso(validFrom * 1000)}, expiry time of assertion ` +
        `${expires === undefined ? '(none)' : iso(expires * 1000)}.`,
      700024,
    ),
  replayed: (jti: string) =>
    new OAuthError('invalid_client', `The client assertion with jti '${jti}' was already used; present a new one.`),
  keysUnavailable: (iss: string, reason: string) =>
    new OAuthError(
      'invalid_client',
      `Could not retrieve the signing keys of issuer '${iss}' by OpenID Connect discovery: ${reason}.`,
    ),
};

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
