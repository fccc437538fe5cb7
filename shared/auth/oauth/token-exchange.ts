// The client-credentials exchange at the authorization server (RFC 6749 §4.4), the client proving itself with a
// workload's JWT as client_assertion (RFC 7523, the exchange Entra documents for workload identity federation) or
// with a client secret. Every JWT and access token is registered for redaction before anything can log or throw.
import { registerSecretValue } from '../../redaction/redact.js';
import { Secret } from '../../secret.js';
import type { HttpAnswer, HttpFetch } from '../../http/http-fetch.js';
import type { VaultLogger } from '../../types.js';
import { OAuthSignInError, scrub } from './errors.js';
import type { ResolvedOAuthSettings } from './types.js';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Compact JWS: three base64url parts (the signature part may be empty only for alg none, which is refused). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_DESCRIPTION = 400;

export interface ExchangeHttp {
  readonly fetch: HttpFetch;
  readonly logger: VaultLogger;
  readonly requestTimeoutMs: number;
  readonly now?: () => number;
}

export interface AccessToken {
  readonly value: Secret;
  /** ms since epoch, from expires_in; undefined when the server gave none. */
  readonly expiresAt: number | undefined;
}

/** The workload's JWT, registered for redaction the moment it exists. */
export async function fetchIdentityToken(
  settings: ResolvedOAuthSettings,
  signal: AbortSignal | undefined,
): Promise<Secret> {
  if (settings.credential.kind !== 'assertion') throw new TypeError('fetchIdentityToken: not an assertion credential');
  let jwt: unknown;
  try {
    jwt = await settings.credential.source(settings.audience, signal);
  } catch (error) {
    if (error instanceof OAuthSignInError) throw error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const hint = /ACTIONS_ID_TOKEN_REQUEST/i.test(reason)
      ? ' The job needs `permissions: id-token: write` for GitHub to issue an ID token.'
      : '';
    throw new OAuthSignInError({
      step: 'identity-token',
      message:
        `Getting the workload identity token (audience ${settings.audience}) failed: ` +
        `${reason.slice(0, 500)}.${hint}`,
    });
  }
  if (typeof jwt === 'string') registerSecretValue(jwt);
  if (typeof jwt !== 'string' || !COMPACT_JWS.test(jwt)) {
    throw new OAuthSignInError({
      step: 'identity-token',
      message: 'The workload identity token source returned no signed JWT (expected header.payload.signature).',
    });
  }
  return new Secret(jwt);
}

export async function exchangeForAccessToken(
  http: ExchangeHttp,
  settings: ResolvedOAuthSettings,
  signal: AbortSignal | undefined,
): Promise<AccessToken> {
  const form: Record<string, string> = { grant_type: 'client_credentials', client_id: settings.clientId };
  if (settings.scope !== undefined) form.scope = settings.scope;
  if (settings.credential.kind === 'assertion') {
    const assertion = await fetchIdentityToken(settings, signal);
    form.client_assertion_type = JWT_BEARER_ASSERTION_TYPE;
    form.client_assertion = assertion.reveal();
  } else {
    form.client_secret = settings.credential.secret.reveal();
  }

  const where = `the authorization server at ${settings.tokenUrl.host}`;
  const timeout = AbortSignal.timeout(http.requestTimeoutMs);
  let response: HttpAnswer;
  let text: string;
  try {
    response = await http.fetch(settings.tokenUrl.href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      // Never follow: the form carries the client's credential, and only tokenUrl's host was vetted.
      redirect: 'manual',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) {
      throw new OAuthSignInError({ step: 'token-exchange', message: `The token request to ${where} was cancelled.` });
    }
    const reason = timeout.aborted ? `no answer within ${http.requestTimeoutMs} ms` : errorReason(error);
    throw new OAuthSignInError({
      step: 'token-exchange',
      message: `The token request could not reach ${where} (${reason}).`,
      retryable: true,
    });
  }
  const body = parseJsonObject(text);
  // Before anything else reads the answer: a token in it must never reach a log or an error unblanked.
  if (typeof body?.access_token === 'string') registerSecretValue(body.access_token);
  http.logger.debug('OAuth token request', {
    step: 'token-exchange',
    host: settings.tokenUrl.host,
    status: response.status,
    error: typeof body?.error === 'string' ? scrub(body.error).slice(0, 100) : undefined,
  });

  if (response.status >= 300 && response.status <= 399) {
    throw new OAuthSignInError({
      step: 'token-exchange',
      httpStatus: response.status,
      message:
        `${where} answered HTTP ${response.status} (a redirect); redirects are never followed. ` +
        'Set the token URL to the endpoint itself.',
    });
  }
  if (response.status !== 200) {
    const transient = response.status >= 500 || response.status === 429 || body?.error === 'temporarily_unavailable';
    const code = typeof body?.error === 'string' ? body.error : undefined;
    const description = typeof body?.error_description === 'string' ? firstLine(body.error_description) : undefined;
    const what = code === undefined ? `HTTP ${response.status}` : `HTTP ${response.status} ${code}`;
    throw new OAuthSignInError({
      step: 'token-exchange',
      code,
      httpStatus: response.status,
      retryable: transient,
      message: `${where} refused the token request (${what})${description === undefined ? '' : `: ${description}`}`,
    });
  }
  const accessToken = body?.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new OAuthSignInError({
      step: 'token-exchange',
      httpStatus: 200,
      message: `${where} answered HTTP 200 without an access_token.`,
    });
  }
  const value = new Secret(accessToken);
  if (typeof body?.token_type !== 'string' || body.token_type.toLowerCase() !== 'bearer') {
    throw new OAuthSignInError({
      step: 'token-exchange',
      httpStatus: 200,
      message: `${where} issued a token_type other than Bearer, which Vault cannot accept.`,
    });
  }
  const expiresIn = Number(body.expires_in);
  const now = (http.now ?? Date.now)();
  return { value, expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? now + expiresIn * 1000 : undefined };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Entra appends Trace ID / Correlation ID / Timestamp lines; the first line is the reason. */
function firstLine(description: string): string {
  const line = description.split(/\r?\n/)[0] ?? '';
  return line.length > MAX_DESCRIPTION ? `${line.slice(0, MAX_DESCRIPTION)}…` : line;
}

function errorReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'network error';
}
