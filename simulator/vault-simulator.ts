// The local Vault simulator: a faithful-enough Veeva Vault token API on loopback ports, used as the test double and
// as a tool (`npm run vault-simulator`). See simulator/vault-simulator-types.ts for the contract and
// docs/assumptions.md for the Vault behaviour it imitates and its sources.
import { inspect } from 'node:util';
import { validateSandboxName } from '../shared/target.js';
import { createClock } from './vault/clock.js';
import { createScaledClock, registerLimits } from './vault/limits.js';
import { VaultFailure } from './vault/envelopes.js';
import { createHoldBook } from './holds.js';
import { createFaultQueue } from './vault/faults.js';
import { addOAuthProfile } from './vault/oauth-profiles.js';
import { newPassword, newVaultId } from './vault/ids.js';
import { resolveOptions, type SimulatorOptionsInput } from './vault/options.js';
import { type RunningServer, startVaultServer } from './vault/server.js';
import {
  addUser,
  createState,
  createToken,
  findTokenByValue,
  isTokenActive,
  MAIN_VAULT,
  type SimState,
  tokenRow,
} from './vault/state.js';
import { checkTokenCap, checkTokenName, checkTokenTarget } from './vault/token-rules.js';
import type { SimTokenRow, VaultSimulator } from './vault-simulator-types.js';

export type { VaultSimulatorExtraOptions } from './vault/options.js';
export { type LimitStats, limitStats, settleBurstWindows } from './vault/limits.js';
export type * from './vault-simulator-types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const BOOTSTRAP_USER_NAME = 'sim.admin@simulator.veevavault.local';

export async function startVaultSimulator(options?: SimulatorOptionsInput): Promise<VaultSimulator> {
  const resolved = resolveOptions(options);
  const clock =
    resolved.clockScale === undefined
      ? createClock(resolved.startTime)
      : createScaledClock(resolved.startTime, resolved.clockScale);
  const state = createState(resolved, clock, createFaultQueue(), createHoldBook());
  const servers: RunningServer[] = [];

  const serveVault = async (name: string, displayName: string, port: number) => {
    const server = await startVaultServer(state, name, port);
    servers.push(server);
    const host = `${resolved.bindAddress}:${server.port}`;
    const taken = new Set([...state.vaults.values()].map((v) => v.vaultId));
    const record = { name, vaultId: newVaultId(taken), displayName, origin: `http://${host}`, host };
    state.vaults.set(name, record);
    return record;
  };

  const main = await serveVault(MAIN_VAULT, 'Simulated Vault', resolved.port);
  const bootstrapPassword = newPassword();
  const bootstrapUser = addUser(state, { userName: BOOTSTRAP_USER_NAME, password: bootstrapPassword, admin: true });
  const bootstrap = createToken(state, {
    userId: bootstrapUser.id,
    vault: MAIN_VAULT,
    name: 'simulator-bootstrap',
    // Whole seconds, like every expiry the API can set.
    expiresAt: Math.floor((clock.now() + resolved.maxExpiryDays * DAY_MS) / 1000) * 1000,
  });

  let closing: Promise<void> | undefined;
  const simulator: VaultSimulator = {
    url: main.origin,
    host: main.host,
    vaultId: main.vaultId,
    bootstrapUser: { ...bootstrapUser, password: bootstrapPassword },
    bootstrapToken: bootstrap.value,
    bootstrapTokenId: bootstrap.id,
    clock,
    addUser: (spec) => addUser(state, spec),
    issueToken: (userId, issue) => issueToken(state, userId, issue),
    async addSandbox(name) {
      // The same rule the client applies (display names such as `R&D (UAT)` are fine), plus the internal key `main`.
      try {
        validateSandboxName(name, 'name');
      } catch (error) {
        throw new TypeError(`addSandbox: ${(error as Error).message}`, { cause: error });
      }
      if (name === MAIN_VAULT) throw new TypeError(`addSandbox: name must not be "${MAIN_VAULT}" (the main Vault)`);
      if (state.vaults.has(name)) throw new Error(`addSandbox: a sandbox named "${name}" already exists`);
      if (closing) throw new Error('addSandbox: the simulator is closed');
      const sandbox = await serveVault(name, name, 0);
      return { name, url: sandbox.origin, host: sandbox.host, vaultId: sandbox.vaultId };
    },
    tokens: (filter) => listTokens(state, filter),
    isTokenAccepted(token, vault = MAIN_VAULT) {
      const record = typeof token === 'string' ? findTokenByValue(state, token) : undefined;
      return record !== undefined && record.vault === vault && isTokenActive(state, record);
    },
    addOAuthProfile: (spec) => addOAuthProfile(state, spec),
    setAuthDefaulting(target) {
      state.authDefaulting = target === null ? null : normaliseDefaulting(target);
    },
    holdNext: (operation) => state.holds.hold(operation),
    injectFault: (fault) => state.faults.add(fault),
    clearFaults: () => state.faults.clear(),
    get requests() {
      return state.requests;
    },
    clearRequests() {
      state.requests.length = 0;
    },
    close() {
      state.holds.releaseAll();
      closing ??= Promise.all(servers.map((server) => server.close())).then(() => undefined);
      return closing;
    },
  };
  const shown = hideCredentials(simulator);
  registerLimits(shown, state);
  return shown;
}

/** As the Vault UI would: the same rules as the API (VeevaID, name, cap), any expiry. Default expiry: the maximum. */
function issueToken(
  state: SimState,
  userId: string,
  issue: { name?: string; expiresAt?: number | null; vault?: string } = {},
): { id: string; token: string } {
  const user = state.users.get(userId);
  if (!user) throw new Error(`issueToken: no user with id "${userId}"`);
  const vault = issue.vault ?? MAIN_VAULT;
  if (!state.vaults.has(vault)) throw new Error(`issueToken: no Vault named "${vault}" (use "main" or a sandbox name)`);
  const expiresAt =
    issue.expiresAt === undefined ? state.clock.now() + state.options.maxExpiryDays * DAY_MS : issue.expiresAt;
  if (expiresAt !== null && !Number.isFinite(expiresAt)) {
    throw new TypeError('issueToken: expiresAt must be ms since epoch or null');
  }
  try {
    checkTokenTarget(user);
    const name = checkTokenName(issue.name ?? `issued-${state.tokens.size + 1}`);
    checkTokenCap(state, user, vault);
    const token = createToken(state, { userId, vault, name, expiresAt });
    return { id: token.id, token: token.value };
  } catch (error) {
    if (error instanceof VaultFailure) throw new Error(`issueToken: ${error.type}: ${error.message}`, { cause: error });
    throw error;
  }
}

function listTokens(state: SimState, filter: { userId?: string; vault?: string; activeOnly?: boolean } = {}) {
  const rows: SimTokenRow[] = [];
  for (const token of state.tokens.values()) {
    if (filter.userId !== undefined && token.userId !== filter.userId) continue;
    if (filter.vault !== undefined && token.vault !== filter.vault) continue;
    if (filter.activeOnly && !isTokenActive(state, token)) continue;
    rows.push(tokenRow(state, token));
  }
  return rows;
}

function normaliseDefaulting(target: { url: string; vaultId: number }) {
  let parsed: URL;
  try {
    parsed = new URL(target.url);
  } catch {
    throw new TypeError(`setAuthDefaulting: url must be an absolute URL such as https://other.veevavault.com`);
  }
  if (!Number.isInteger(target.vaultId) || target.vaultId <= 0) {
    throw new TypeError('setAuthDefaulting: vaultId must be a positive integer');
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  const apiUrl = `${parsed.origin}${path.endsWith('/api') ? path : `${path}/api`}`;
  return { apiUrl, vaultId: target.vaultId };
}

/** The simulator object carries a live credential; printing or serialising it must not show it. */
function hideCredentials(simulator: VaultSimulator): VaultSimulator {
  const summary = () => ({ url: simulator.url, vaultId: simulator.vaultId, bootstrapUser: '[REDACTED]' });
  Object.defineProperties(simulator, {
    [inspect.custom]: { value: () => `VaultSimulator ${inspect(summary())}`, enumerable: false },
    toJSON: { value: summary, enumerable: false },
    toString: { value: () => `VaultSimulator(${simulator.url})`, enumerable: false },
  });
  return simulator;
}
