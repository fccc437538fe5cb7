// Pure: whose each of a user's tokens is, from its name alone, and what deserves a warning.

/** `vat:<12 hex>:` — the rotator's prefix for one secret (shared/rotated-secret/token-names.ts). */
const ROTATOR_NAME = /^(vat:[0-9a-f]{12}:)/;
/** The GitHub Action's default names (action/src/token-name.ts). */
const ACTION_NAME = /^gha\//;

export type TokenOwner =
  | { readonly kind: 'rotator'; readonly prefix: string }
  | { readonly kind: 'action' }
  | { readonly kind: 'other' };

export function ownerOf(name: string): TokenOwner {
  const rotator = ROTATOR_NAME.exec(name);
  if (rotator !== null) return { kind: 'rotator', prefix: rotator[1] as string };
  if (ACTION_NAME.test(name)) return { kind: 'action' };
  return { kind: 'other' };
}

export interface AuditedToken {
  readonly id: string;
  readonly name: string;
  readonly expiresAt: string | undefined;
  readonly neverExpires: boolean;
  readonly owner: TokenOwner['kind'];
  /** The secret it belongs to, when its prefix resolved to one. */
  readonly secret: string | undefined;
  /** A rotator token no labelled version of its secret holds, or whose secret is not to be found. */
  readonly orphaned: boolean;
  readonly heldBy: readonly string[];
  /**
   * The Vault its secret rotates tokens for, when that is not the audited Vault: a copy of that Vault's token (a
   * sandbox refresh copies production's tokens and their values). Its secret's rotation never revokes it here.
   */
  readonly otherVault: string | undefined;
}

export interface SecretHolding {
  readonly name: string;
  /** Token id → staging labels of the versions holding it. */
  readonly held: ReadonlyMap<string, readonly string[]>;
  /** host[:port] of AWSCURRENT's vaultDns, when it reads as one. */
  readonly vaultHost?: string | undefined;
}

export function auditToken(
  token: { readonly id: string; readonly name: string; readonly expiresAt: string | undefined },
  secretsByPrefix: ReadonlyMap<string, SecretHolding> | undefined,
  auditedHost?: string,
): AuditedToken {
  const owner = ownerOf(token.name);
  const holding = owner.kind === 'rotator' ? secretsByPrefix?.get(owner.prefix) : undefined;
  const otherVault =
    holding?.vaultHost !== undefined && auditedHost !== undefined && holding.vaultHost !== auditedHost.toLowerCase()
      ? holding.vaultHost
      : undefined;
  const facts = {
    id: token.id,
    name: token.name,
    expiresAt: token.expiresAt,
    neverExpires: token.expiresAt === undefined,
    owner: owner.kind,
    secret: holding?.name,
  };
  // The secret's versions hold tokens of its own Vault; a copy here is neither held nor the rotator's to revoke.
  if (otherVault !== undefined) return { ...facts, orphaned: false, heldBy: [], otherVault };
  const heldBy = holding?.held.get(token.id) ?? [];
  return {
    ...facts,
    // Without the secrets' list nothing can be said about orphans.
    orphaned: owner.kind === 'rotator' && secretsByPrefix !== undefined && heldBy.length === 0,
    heldBy,
    otherVault: undefined,
  };
}

/** The same shape as status's warnings: a stable code and a sentence. */
export interface AuditWarning {
  readonly code: 'never-expires' | 'orphaned-tokens' | 'aws-unreachable' | 'sandbox-copies';
  readonly message: string;
}

export function auditWarnings(tokens: readonly AuditedToken[]): AuditWarning[] {
  const warnings: AuditWarning[] = [];
  const never = tokens.filter((t) => t.neverExpires);
  if (never.length > 0) warnings.push({ code: 'never-expires', message: `${never.length} token(s) never expire: ${never.map((t) => t.id).join(', ')}` });
  const orphans = tokens.filter((t) => t.orphaned);
  if (orphans.length > 0) {
    warnings.push({
      code: 'orphaned-tokens',
      message: `${orphans.length} rotator token(s) held by no version of their secret: ${orphans.map((t) => t.id).join(', ')}`,
    });
  }
  const copies = tokens.filter((t) => t.otherVault !== undefined);
  if (copies.length > 0) {
    const vaults = [...new Set(copies.map((t) => t.otherVault))].join(', ');
    warnings.push({
      code: 'sandbox-copies',
      message: `${copies.length} token(s) carry the name of a secret that rotates tokens for another Vault (${vaults}): copies a sandbox refresh made of that Vault's tokens, still valid here, which that secret's rotation never revokes on this Vault: ${copies.map((t) => t.id).join(', ')}. Revoke them on this Vault: its user profile > API Access Tokens, or Delete Object Records (api_access_token__sys) with a token of this Vault.`,
    });
  }
  return warnings;
}
