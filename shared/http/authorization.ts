// The two Authorization header forms Vault accepts: `Bearer <token>` for API access tokens and the raw session id
// for sessions. Kept as a Secret until the header is built.

import type { Secret } from '../secret.js';

export type Authorization =
  | { readonly scheme: 'bearer'; readonly credential: Secret }
  | { readonly scheme: 'session'; readonly credential: Secret };

export function authorizationHeader(authorization: Authorization): string {
  const value = authorization.credential.reveal();
  return authorization.scheme === 'bearer' ? `Bearer ${value}` : value;
}
