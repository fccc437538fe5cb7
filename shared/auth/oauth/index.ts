// OAuth 2.0 / OpenID Connect sign-in to Vault without a stored Vault credential. Adapters import from here.
export { configError, OAuthSignInError, type OAuthSignInStep } from './errors.js';
export { DEFAULT_FEDERATION_AUDIENCE, DEFAULT_VAULT_LOGIN_URL, resolveOAuthSettings } from './settings.js';
export { type OAuthSignInOptions, type OAuthSignInResult, signInWithOAuth } from './sign-in.js';
export {
  type AccessToken,
  exchangeForAccessToken,
  fetchIdentityToken,
  JWT_BEARER_ASSERTION_TYPE,
} from './token-exchange.js';
export type * from './types.js';
export { type OAuthVaultSession, openOAuthVaultSession } from './vault-session.js';
