// Checks OAuth sign-in settings before any request: each problem names its field and what is expected, and never
// echoes a value (a mistyped URL may carry a credential in its user-info or query).
import { Secret } from '../../secret.js';
import { isLoopbackHostname } from '../../target.js';
import { configError } from './errors.js';
import type { OAuthSignInSettings, ResolvedOAuthSettings } from './types.js';

export const DEFAULT_VAULT_LOGIN_URL = 'https://login.veevavault.com';
/** Entra's documented default audience for workload identity federation. */
export const DEFAULT_FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

const PROFILE_ID = /^[A-Za-z0-9_.-]{1,100}$/;
const CLIENT_ID = /^[\x21-\x7e]{1,200}$/;

export function resolveOAuthSettings(settings: OAuthSignInSettings, field = 'oauth'): ResolvedOAuthSettings {
  if (settings === null || typeof settings !== 'object') throw configError(field, 'expected the OAuth sign-in settings');
  const tokenUrl = parseServiceUrl(settings.tokenUrl, `${field}.tokenUrl`, true);
  const loginUrl = parseServiceUrl(settings.loginUrl ?? DEFAULT_VAULT_LOGIN_URL, `${field}.loginUrl`, false);
  if (typeof settings.clientId !== 'string' || !CLIENT_ID.test(settings.clientId)) {
    const expected = 'expected the client id at the authorization server (1-200 visible characters, no spaces)';
    throw configError(`${field}.clientId`, expected);
  }
  if (typeof settings.profileId !== 'string' || !PROFILE_ID.test(settings.profileId)) {
    throw configError(`${field}.profileId`, "expected Vault's OAuth profile id (1-100 of A-Z a-z 0-9 _ . -)");
  }
  let scope: string | undefined;
  if (settings.scope !== undefined) {
    const scopeText = settings.scope;
    if (typeof scopeText !== 'string' || scopeText.trim() === '' || scopeText.length > 1000 || /[\r\n]/.test(scopeText)) {
      const expected = 'expected space-separated scopes on one line (e.g. api://vault-login/.default), or leave it out';
      throw configError(`${field}.scope`, expected);
    }
    scope = settings.scope.trim();
  }
  const credential = settings.credential;
  let audience = DEFAULT_FEDERATION_AUDIENCE;
  if (credential?.kind === 'assertion') {
    if (typeof credential.source !== 'function') {
      throw configError(`${field}.credential.source`, 'expected a function returning the workload identity JWT');
    }
    if (credential.audience !== undefined) {
      if (typeof credential.audience !== 'string' || !/^\S{1,500}$/.test(credential.audience)) {
        throw configError(`${field}.credential.audience`, 'expected one audience without spaces, or leave it out');
      }
      audience = credential.audience;
    }
  } else if (credential?.kind === 'secret') {
    if (!(credential.secret instanceof Secret)) {
      throw configError(`${field}.credential.secret`, 'expected the client secret wrapped in a Secret');
    }
  } else {
    throw configError(`${field}.credential`, "expected { kind: 'assertion', source } or { kind: 'secret', secret }");
  }
  return {
    tokenUrl,
    clientId: settings.clientId,
    scope,
    profileId: settings.profileId,
    loginOrigin: loginUrl.origin,
    credential,
    audience,
  };
}

function parseServiceUrl(value: unknown, field: string, pathAllowed: boolean): URL {
  const expected = pathAllowed
    ? 'expected an https URL (http only on 127.0.0.1 or localhost), without user info, query or fragment'
    : 'expected an https origin such as https://login.veevavault.com (http only on 127.0.0.1 or localhost), ' +
      'without a path';
  if (typeof value !== 'string' || value.length > 2000) throw configError(field, expected);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(field, expected);
  }
  const schemeOk = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHostname(url.hostname));
  const extras = url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '';
  const pathOk = pathAllowed || url.pathname === '/' || url.pathname === '';
  if (!schemeOk || extras || !pathOk) throw configError(field, expected);
  return url;
}
