// The OAuth 2.0 / OpenID Connect profiles a Vault admin configures: where Vault introspects an access token, with
// which client_id by default, which audiences it accepts and which claim names the Vault user. Kept beside SimState
// (keyed by it) rather than in it, so the password and token paths do not change.
import { randomBytes } from 'node:crypto';
import type { SimOAuthProfile, SimOAuthProfileSpec } from '../vault-simulator-types.js';
import type { SimState } from './state.js';

export interface OAuthProfileRecord {
  readonly id: string;
  readonly introspectionEndpoint: string;
  readonly clientId: string | undefined;
  readonly audiences: readonly string[] | undefined;
  readonly userClaim: string;
  /** Claim value → Vault user id. */
  readonly users: Map<string, string>;
  introspections: number;
}

const profilesByState = new WeakMap<SimState, Map<string, OAuthProfileRecord>>();

export function oauthProfiles(state: SimState): Map<string, OAuthProfileRecord> {
  let profiles = profilesByState.get(state);
  if (profiles === undefined) {
    profiles = new Map();
    profilesByState.set(state, profiles);
  }
  return profiles;
}

export function addOAuthProfile(state: SimState, spec: SimOAuthProfileSpec): SimOAuthProfile {
  const id = spec.id ?? `0oa${randomBytes(8).toString('hex')}`;
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(id)) {
    throw new TypeError('addOAuthProfile: id must be 1-100 of A-Z a-z 0-9 _ . -');
  }
  const profiles = oauthProfiles(state);
  if (profiles.has(id)) throw new Error(`addOAuthProfile: a profile ${id} already exists`);
  if (!isLoopbackHttpUrl(spec.introspectionEndpoint)) {
    throw new TypeError('addOAuthProfile: introspectionEndpoint must be an http(s) URL on 127.0.0.1 or localhost');
  }
  const record: OAuthProfileRecord = {
    id,
    introspectionEndpoint: spec.introspectionEndpoint,
    clientId: spec.clientId,
    audiences: spec.audiences === undefined ? undefined : [...spec.audiences],
    userClaim: spec.userClaim ?? 'sub',
    users: new Map(),
    introspections: 0,
  };
  profiles.set(id, record);
  return {
    id,
    mapUser(claimValue, userId) {
      if (typeof claimValue !== 'string' || claimValue === '') {
        throw new TypeError('mapUser: claimValue must be non-empty');
      }
      if (!state.users.has(userId)) throw new Error(`mapUser: no user with id "${userId}"`);
      record.users.set(claimValue, userId);
    },
    unmapUser: (claimValue) => record.users.delete(claimValue),
    get introspections() {
      return record.introspections;
    },
  };
}

function isLoopbackHttpUrl(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    const url = new URL(text);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      (url.hostname === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname))
    );
  } catch {
    return false;
  }
}
