// An in-memory Vault behind the VaultSession interface, for unit tests of the rotation steps. It keeps just enough
// state to judge the rotator: users, tokens (per Vault), the 25-token cap, who may see and revoke what, and faults.

import { randomBytes } from 'node:crypto';
import {
  VaultApiError,
  type VaultError,
  VaultMintOutcomeUnknownError,
  type VaultOperation,
  VaultTransportError,
  VaultUserMismatchError,
} from '../../../shared/errors.js';
import { formatVaultExpiry } from '../../../shared/time/expiry.js';
import { Secret } from '../../../shared/secret.js';
import type {
  MintRequest,
  RevokeOutcome,
  TokenFilter,
  TokenRecord,
  VaultClientOptions,
  VaultCredentials,
  VaultSession,
} from '../../../shared/types.js';

export type FakeOperation = 'mintToken' | 'whoAmI' | 'listTokens' | 'revokeTokens';

export interface FakeToken {
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  readonly vault: string;
  readonly value: string;
  active: boolean;
  readonly expiresAt: number | null;
}

export interface FakeFault {
  readonly operation: FakeOperation;
  /** `lost-answer`: the mint happens, then the answer is lost (VaultMintOutcomeUnknownError). */
  readonly kind: { type: 'vault-error'; errorType: string } | { type: 'transport' } | { type: 'lost-answer' };
  times: number;
}

export interface FakeCall {
  readonly operation: FakeOperation;
  readonly vault: string;
  readonly credential: VaultCredentials['kind'];
}

interface FakeUser {
  readonly id: string;
  readonly userName: string;
  readonly password?: string;
  readonly admin: boolean;
}

export class FakeVault {
  readonly tokens: FakeToken[] = [];
  readonly calls: FakeCall[] = [];
  readonly openedWith: VaultClientOptions[] = [];
  readonly #users = new Map<string, FakeUser>();
  /** host → vault name (`main` or a sandbox name). */
  readonly #hosts = new Map<string, string>([['main.vault.test', 'main']]);
  #faults: FakeFault[] = [];
  #nextId = 1;
  now = Date.parse('2026-11-22T12:00:00Z');
  tokenCap = 25;
  /** The security profile's longest token lifetime, as the simulator's --max-expiry-days (undefined: no cap). */
  maxExpiryDays: number | undefined;
  /** A Vault (or a proxy) that answers a query with rows the query did not ask for: every token it can see. */
  listIgnoresFilter = false;
  /** Errors thrown by the next calls of an operation, in order (after the call is recorded). */
  readonly #thrown: { operation: FakeOperation; error: Error }[] = [];

  readonly openVaultSession = (options: VaultClientOptions, credentials: VaultCredentials): VaultSession => {
    this.openedWith.push(options);
    const host = options.vaultDns.replace(/^https?:\/\//, '').replace(/\/$/, '');
    const vault = this.#hosts.get(host);
    if (vault === undefined) throw new Error(`FakeVault: unknown host ${host}`);
    return this.#session(vault, host, credentials);
  };

  addUser(userName: string, options: { password?: string; admin?: boolean } = {}): string {
    const id = String(60000 + this.#users.size + 1);
    this.#users.set(id, { id, userName, password: options.password, admin: options.admin ?? false });
    return id;
  }

  addSandbox(name: string, host: string): void {
    this.#hosts.set(host, name);
  }

  /** A token as the Vault UI would make it. */
  issueToken(userId: string, options: { name?: string; vault?: string; expiresAt?: number | null } = {}): FakeToken {
    const token: FakeToken = {
      id: `V8T${String(this.#nextId++).padStart(12, '0')}`,
      name: options.name ?? 'made in the Vault UI',
      userId,
      vault: options.vault ?? 'main',
      value: `veeva-vault-${randomBytes(16).toString('hex')}`,
      active: true,
      expiresAt: options.expiresAt === undefined ? this.now + 90 * 86_400_000 : options.expiresAt,
    };
    this.tokens.push(token);
    return token;
  }

  throwNext(operation: FakeOperation, error: Error): void {
    this.#thrown.push({ operation, error });
  }

  injectFault(operation: FakeOperation, kind: FakeFault['kind'], times = 1): void {
    this.#faults.push({ operation, kind, times });
  }

  isAccepted(value: string, vault = 'main'): boolean {
    return this.#tokenByValue(value, vault) !== undefined;
  }

  activeTokens(filter: { userId?: string; namePrefix?: string; vault?: string } = {}): FakeToken[] {
    return this.tokens.filter(
      (t) =>
        this.#isActive(t) &&
        (filter.userId === undefined || t.userId === filter.userId) &&
        (filter.namePrefix === undefined || t.name.startsWith(filter.namePrefix)) &&
        (filter.vault === undefined || t.vault === filter.vault),
    );
  }

  callsTo(operation: FakeOperation): FakeCall[] {
    return this.calls.filter((call) => call.operation === operation);
  }

  #isActive(token: FakeToken): boolean {
    return token.active && (token.expiresAt === null || token.expiresAt > this.now);
  }

  #tokenByValue(value: string, vault: string): FakeToken | undefined {
    return this.tokens.find((t) => t.value === value && t.vault === vault && this.#isActive(t));
  }

  #session(vault: string, host: string, credentials: VaultCredentials): VaultSession {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the returned session object's methods close over the fake
    const fake = this;
    let lostAnswer = false;
    const call = (operation: FakeOperation): FakeUser => {
      fake.calls.push({ operation, vault, credential: credentials.kind });
      const thrown = fake.#thrown.findIndex((t) => t.operation === operation);
      if (thrown !== -1) throw fake.#thrown.splice(thrown, 1)[0]!.error;
      const fault = fake.#takeFault(operation);
      if (fault && fault.type !== 'lost-answer') throw faultError(operation, fault);
      lostAnswer = fault?.type === 'lost-answer';
      return fake.#authenticate(operation, vault, credentials);
    };
    return {
      target: { origin: `https://${host}`, host, apiVersion: 'v26.2' },
      async mintToken(request: MintRequest) {
        const caller = call('mintToken');
        const lost = lostAnswer;
        const target = request.target ?? { kind: 'self' };
        let ownerId = caller.id;
        let tokenVault = vault;
        if (target.kind === 'user') {
          if (!caller.admin && target.userId !== caller.id) throw apiError('mintToken', 'INSUFFICIENT_ACCESS');
          if (!fake.#users.has(target.userId)) throw apiError('mintToken', 'USER_NOT_FOUND');
          ownerId = target.userId;
        } else if (target.kind === 'sandbox') {
          const sandbox = [...fake.#hosts.values()].find((name) => name === target.sandboxName);
          if (sandbox === undefined || vault !== 'main') throw apiError('mintToken', 'INVALID_DATA');
          tokenVault = sandbox;
        }
        if (fake.activeTokens({ userId: ownerId, vault: tokenVault }).length >= fake.tokenCap) {
          throw apiError('mintToken', 'OPERATION_NOT_ALLOWED');
        }
        const longest = fake.maxExpiryDays === undefined ? undefined : fake.now + fake.maxExpiryDays * 86_400_000;
        if (longest !== undefined && (request.expiresAt === undefined || request.expiresAt.getTime() > longest)) {
          throw apiError('mintToken', 'OPERATION_NOT_ALLOWED');
        }
        const token = fake.issueToken(ownerId, {
          name: request.name,
          vault: tokenVault,
          expiresAt: request.expiresAt?.getTime() ?? null,
        });
        if (lost) throw new VaultMintOutcomeUnknownError(request.name, new Error('socket hang up'));
        return {
          id: token.id,
          name: token.name,
          token: new Secret(token.value),
          expiresAt: request.expiresAt === undefined ? undefined : formatVaultExpiry(request.expiresAt),
        };
      },
      async whoAmI(options) {
        const caller = call('whoAmI');
        if (options?.expectedUserId !== undefined && options.expectedUserId !== caller.id) {
          throw new VaultUserMismatchError(options.expectedUserId, caller.id);
        }
        return { userId: caller.id, userName: caller.userName };
      },
      async listTokens(filter: TokenFilter): Promise<TokenRecord[]> {
        const caller = call('listTokens');
        return fake.tokens
          .filter(
            (t) =>
              (fake.listIgnoresFilter && t.vault === vault) ||
              t.vault === vault &&
              (caller.admin || t.userId === caller.id) &&
              (filter.userId === undefined || t.userId === filter.userId) &&
              (filter.namePrefix === undefined || t.name.startsWith(filter.namePrefix)) &&
              (filter.name === undefined || t.name === filter.name) &&
              (filter.activeOnly === false || fake.#isActive(t)),
          )
          .map((t) => ({
            id: t.id,
            name: t.name,
            userId: t.userId,
            status: fake.#isActive(t) ? 'active__v' : 'inactive__v',
            expiresAt: t.expiresAt === null ? undefined : new Date(t.expiresAt).toISOString(),
            lastUsedAt: undefined,
          }));
      },
      async revokeTokens(ids: readonly string[]): Promise<RevokeOutcome[]> {
        const caller = call('revokeTokens');
        return ids.map((id) => {
          const token = fake.tokens.find((t) => t.id === id && t.vault === vault);
          if (token === undefined || !fake.#isActive(token)) return { id, outcome: 'gone' };
          if (!caller.admin && token.userId !== caller.id) {
            return { id, outcome: 'failed', errorType: 'INSUFFICIENT_ACCESS', message: 'not your token' };
          }
          token.active = false;
          return { id, outcome: 'revoked' };
        });
      },
      async findSandbox(name: string) {
        // The rotator does not look sandboxes up; this answers as the parent Vault would, for completeness.
        const found = [...fake.#hosts].find(([, vaultName]) => vaultName !== 'main' && vaultName === name);
        if (found === undefined || vault !== 'main') return undefined;
        return { name: found[1], dns: found[0], vaultId: undefined, origin: `https://${found[0]}` };
      },
      async close() {},
    };
  }

  #authenticate(operation: FakeOperation, vault: string, credentials: VaultCredentials): FakeUser {
    if (credentials.kind === 'token') {
      const token = this.#tokenByValue(credentials.token.reveal(), vault);
      const user = token && this.#users.get(token.userId);
      if (user === undefined) throw apiError(operation, 'INVALID_SESSION_ID');
      return user;
    }
    if (credentials.kind === 'password') {
      const user = [...this.#users.values()].find((u) => u.userName === credentials.username);
      if (user?.password === undefined || user.password !== credentials.password.reveal()) {
        throw apiError(operation, 'USERNAME_OR_PASSWORD_INCORRECT');
      }
      return user;
    }
    throw apiError(operation, 'INVALID_SESSION_ID');
  }

  #takeFault(operation: FakeOperation): FakeFault['kind'] | undefined {
    const fault = this.#faults.find((f) => f.operation === operation && f.times > 0);
    if (fault === undefined) return undefined;
    fault.times -= 1;
    return fault.kind;
  }
}

export function apiError(operation: VaultOperation, type: string): VaultApiError {
  return new VaultApiError({
    operation,
    message: `Vault answered FAILURE (${type}) to ${operation}`,
    type,
    responseStatus: 'FAILURE',
    httpStatus: 200,
    executionId: `exec-${operation}`,
    errors: [{ type, message: type }],
    retryable: false,
  });
}

function faultError(operation: FakeOperation, kind: FakeFault['kind']): VaultError {
  if (kind.type === 'vault-error') return apiError(operation, kind.errorType);
  return new VaultTransportError({ operation, message: `${operation}: connection reset`, reason: 'network' });
}
