// The simulator's token table, read the way an admin would look at Vault's API Access Tokens page: which tokens of
// the user are active, and what changed between two looks (a token minted, revoked, or simply expired).
import type { SimTokenRow, VaultSimulator } from '../simulator/vault-simulator-types.js';

export interface TokenSnapshot {
  readonly rows: ReadonlyMap<string, SimTokenRow>;
  readonly active: ReadonlySet<string>;
}

export interface TokenChanges {
  readonly minted: readonly string[];
  readonly revoked: readonly string[];
  readonly expired: readonly string[];
}

export function snapshotTokens(simulator: VaultSimulator, userId: string): TokenSnapshot {
  const rows = new Map(simulator.tokens({ userId }).map((row) => [row.id, row] as const));
  const active = new Set(simulator.tokens({ userId, activeOnly: true }).map((row) => row.id));
  return { rows, active };
}

export function compareSnapshots(before: TokenSnapshot, after: TokenSnapshot): TokenChanges {
  const minted = [...after.active].filter((id) => !before.rows.has(id));
  const gone = [...before.active].filter((id) => !after.active.has(id));
  return {
    minted,
    revoked: gone.filter((id) => after.rows.get(id)?.deleted !== false),
    expired: gone.filter((id) => after.rows.get(id)?.deleted === false),
  };
}

/** Human names for token ids ("V8T… (rotation 2)"), so the narrative can say whose token is whose. */
export interface TokenNames {
  name(id: string, label: string): void;
  show(id: string | undefined): string;
  showAll(ids: Iterable<string>): string;
}

export function createTokenNames(): TokenNames {
  const labels = new Map<string, string>();
  const show = (id: string | undefined) => {
    if (id === undefined) return '(no token id recorded)';
    const label = labels.get(id);
    return label === undefined ? id : `${id} (${label})`;
  };
  return {
    name: (id, label) => {
      if (!labels.has(id)) labels.set(id, label);
    },
    show,
    showAll: (ids) => {
      const shown = [...ids].map(show);
      return shown.length === 0 ? 'none' : shown.join(', ');
    },
  };
}
