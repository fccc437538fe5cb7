// The simulator's in-memory world: users (shared by every Vault), Vaults (main and sandboxes), tokens, password
// sessions and VQL cursors. Plain data plus small functions; HTTP lives elsewhere.
import type { HoldBook } from '../holds.js';
import type { SimOperation, SimRequestLogEntry, SimTokenRow, SimUser, SimUserSpec } from '../vault-simulator-types.js';
import type { SimClock } from './clock.js';
import type { FaultQueue } from './faults.js';
import { newTokenRecordId, newTokenValue } from './ids.js';
import type { ResolvedOptions } from './options.js';

export const MAIN_VAULT = 'main';

export interface UserRecord {
  readonly id: string;
  readonly userName: string;
  readonly password: string | undefined;
  readonly apiAccess: boolean;
  readonly admin: boolean;
  readonly veevaId: boolean;
  readonly createdAt: number;
  consecutiveLoginFailures: number;
  locked: boolean;
  lastLoginAt: number | null;
}

export interface VaultRecord {
  /** `main` or the sandbox name. */
  readonly name: string;
  readonly vaultId: number;
  /** What /auth lists in `vaultIds[].name`. */
  readonly displayName: string;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** `127.0.0.1:PORT` */
  readonly host: string;
}

export interface TokenRecord {
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  readonly vault: string;
  readonly value: string;
  readonly expiresAt: number | null;
  readonly createdAt: number;
  deleted: boolean;
  lastUsedAt: number | null;
}

export interface SessionRecord {
  readonly id: string;
  readonly userId: string;
  /** A served Vault's name, or `external:<vaultId>` for a session auth defaulting issued for a Vault not served here. */
  readonly vault: string;
  readonly createdAt: number;
  lastUsedAt: number;
  ended: boolean;
}

export interface QueryCursor {
  readonly id: string;
  readonly vault: string;
  readonly userId: string;
  readonly rows: readonly Record<string, unknown>[];
  readonly pageSize: number;
  readonly createdAt: number;
}

export interface BurstWindow {
  windowStart: number;
  count: number;
}

export interface SimState {
  readonly options: ResolvedOptions;
  readonly clock: SimClock;
  readonly users: Map<string, UserRecord>;
  readonly vaults: Map<string, VaultRecord>;
  readonly tokens: Map<string, TokenRecord>;
  readonly tokenIdsByValue: Map<string, string>;
  readonly sessions: Map<string, SessionRecord>;
  readonly cursors: Map<string, QueryCursor>;
  readonly burst: Map<string, BurstWindow>;
  readonly faults: FaultQueue;
  readonly holds: HoldBook<SimOperation>;
  readonly requests: SimRequestLogEntry[];
  authDefaulting: { readonly apiUrl: string; readonly vaultId: number } | null;
  nextUserNumber: number;
}

export function createState(options: ResolvedOptions, clock: SimClock, faults: FaultQueue, holds: HoldBook<SimOperation>): SimState {
  return {
    options,
    clock,
    users: new Map(),
    vaults: new Map(),
    tokens: new Map(),
    tokenIdsByValue: new Map(),
    sessions: new Map(),
    cursors: new Map(),
    burst: new Map(),
    faults,
    holds,
    requests: [],
    authDefaulting: null,
    nextUserNumber: 100_001,
  };
}

export function addUser(state: SimState, spec: SimUserSpec): SimUser {
  if (typeof spec?.userName !== 'string' || spec.userName.trim() === '') {
    throw new TypeError('addUser: userName must be a non-empty string');
  }
  if (findUserByName(state, spec.userName)) {
    throw new Error(`addUser: a user named "${spec.userName}" already exists`);
  }
  if (spec.password !== undefined && (typeof spec.password !== 'string' || spec.password === '')) {
    throw new TypeError('addUser: password, when given, must be a non-empty string');
  }
  const id = String(state.nextUserNumber);
  state.nextUserNumber += 1;
  state.users.set(id, {
    id,
    userName: spec.userName,
    password: spec.password,
    apiAccess: spec.apiAccess ?? true,
    admin: spec.admin ?? false,
    veevaId: spec.veevaId ?? false,
    createdAt: state.clock.now(),
    consecutiveLoginFailures: 0,
    locked: false,
    lastLoginAt: null,
  });
  return { id, userName: spec.userName };
}

/** Vault user names are case-insensitive. */
export function findUserByName(state: SimState, userName: string): UserRecord | undefined {
  const wanted = userName.toLowerCase();
  for (const user of state.users.values()) if (user.userName.toLowerCase() === wanted) return user;
  return undefined;
}

export function isTokenActive(state: SimState, token: TokenRecord): boolean {
  return !token.deleted && (token.expiresAt === null || state.clock.now() < token.expiresAt);
}

export function activeTokenCount(state: SimState, userId: string, vault: string): number {
  let count = 0;
  for (const token of state.tokens.values()) {
    if (token.userId === userId && token.vault === vault && isTokenActive(state, token)) count += 1;
  }
  return count;
}

export function createToken(
  state: SimState,
  fields: { userId: string; vault: string; name: string; expiresAt: number | null },
): TokenRecord {
  let id = newTokenRecordId();
  // 36^12 ids make a clash practically impossible; the bound only keeps the loop finite.
  for (let attempt = 0; state.tokens.has(id) && attempt < 100; attempt += 1) id = newTokenRecordId();
  const token: TokenRecord = {
    id,
    ...fields,
    value: newTokenValue(),
    createdAt: state.clock.now(),
    deleted: false,
    lastUsedAt: null,
  };
  state.tokens.set(id, token);
  state.tokenIdsByValue.set(token.value, id);
  return token;
}

export function findTokenByValue(state: SimState, value: string): TokenRecord | undefined {
  const id = state.tokenIdsByValue.get(value);
  return id === undefined ? undefined : state.tokens.get(id);
}

/** A deleted token becomes an inactive record, or disappears entirely, per the `deletedTokens` option. */
export function deleteToken(state: SimState, token: TokenRecord): void {
  if (state.options.deletedTokens === 'vanish') {
    state.tokens.delete(token.id);
    state.tokenIdsByValue.delete(token.value);
    return;
  }
  token.deleted = true;
}

export function tokenRow(state: SimState, token: TokenRecord): SimTokenRow {
  return {
    id: token.id,
    name: token.name,
    userId: token.userId,
    vault: token.vault,
    status: isTokenActive(state, token) ? 'active__v' : 'inactive__v',
    expiresAt: token.expiresAt,
    deleted: token.deleted,
    lastUsedAt: token.lastUsedAt,
  };
}
