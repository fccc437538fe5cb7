// `vault-api-token audit --vault-dns DNS`: every active API token of the signed-in user, whose it is (the rotator's,
// by its secret's prefix; the GitHub Action's; anything else), never-expiring ones and orphans. Secrets are listed
// (within --tag/--name-prefix when given) to resolve a prefix to its secret; when AWS cannot be asked, ownership is
// by name only and orphans are not judged.
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretTokenPrefix } from '../../shared/rotated-secret/index.js';
import { printableLine } from '../../shared/printable.js';
import { openVaultSession } from '../../shared/session.js';
import { validateVaultDns } from '../../shared/target.js';
import type { VaultTarget } from '../../shared/types.js';
import { type AwsFlags, checkAwsFlags } from '../aws-flags.js';
import { EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import * as check from '../flags.js';
import { type CliIo, note, out } from '../io.js';
import { listScope, type Scope } from '../scope.js';
import { table } from '../table.js';
import { isoDate, withIsoDates } from '../dates.js';
import { type CredentialFlags, type CredentialSource, credentialSource, readCredentials } from '../vault-credentials.js';
import { type AuditedToken, type AuditWarning, auditToken, auditWarnings, ownerOf, type SecretHolding } from './classify.js';

export interface AuditFlags extends CredentialFlags, AwsFlags {
  readonly vaultDns?: string;
  readonly apiVersion?: string;
  readonly tag?: string[];
  readonly namePrefix?: string[];
  readonly aws?: boolean;
  readonly json?: boolean;
}

export interface AuditPlan {
  readonly vaultDns: string;
  readonly target: VaultTarget;
  readonly credentials: CredentialSource;
  readonly scope: Scope;
  readonly aws: boolean;
  readonly json: boolean;
}

export function auditPlan(flags: AuditFlags, io: CliIo): AuditPlan {
  if (flags.vaultDns === undefined) throw new UsageError('--vault-dns', 'required: the Vault host, e.g. myvault.veevavault.com');
  checkAwsFlags(flags);
  return {
    vaultDns: flags.vaultDns,
    target: check.vaultTarget(flags.vaultDns, flags.apiVersion),
    scope: { namePrefixes: (flags.namePrefix ?? []).map(check.namePrefix), tags: (flags.tag ?? []).map(check.tag) },
    credentials: credentialSource(flags, io),
    aws: flags.aws !== false,
    json: flags.json === true,
  };
}

export async function runAudit(plan: AuditPlan, io: CliIo, sm: SecretsManagerClient): Promise<ExitCode> {
  const credentials = await readCredentials(plan.credentials, io);
  const session = openVaultSession({ vaultDns: plan.vaultDns, apiVersion: plan.target.apiVersion }, credentials);
  let user;
  let records;
  try {
    user = await session.whoAmI();
    records = await session.listTokens({ userId: user.userId });
  } finally {
    await session.close();
  }
  const prefixes = new Set(records.map((r) => ownerOf(r.name)).flatMap((o) => (o.kind === 'rotator' ? [o.prefix] : [])));
  let secrets: Map<string, SecretHolding> | undefined;
  let awsProblem: string | undefined;
  if (plan.aws && prefixes.size > 0) {
    try {
      secrets = await secretsByPrefix(sm, plan.scope, prefixes);
    } catch (error) {
      awsProblem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
  const tokens = records.map((record) => auditToken(record, secrets, plan.target.host));
  const warnings = auditWarnings(tokens);
  if (awsProblem !== undefined) {
    warnings.push({ code: 'aws-unreachable', message: `Secrets could not be listed (${awsProblem}): owners are by name only, and orphans are not judged.` });
  }
  if (plan.json) {
    const dated = tokens.map(withIsoDates);
    out(io, JSON.stringify({ vault: plan.target.host, userId: user.userId, userName: user.userName, tokens: dated, warnings }, null, 2));
  } else {
    render(io, plan, user, tokens, warnings);
  }
  if (awsProblem !== undefined) note(io, `AWS: ${awsProblem}`);
  return warnings.length > 0 ? EXIT.warnings : EXIT.ok;
}

/** Each prefix this user's tokens carry → the secret whose ARN gives it, and which of its versions hold which token. */
async function secretsByPrefix(sm: SecretsManagerClient, scope: Scope, wanted: ReadonlySet<string>): Promise<Map<string, SecretHolding>> {
  const found = new Map<string, SecretHolding>();
  for (const secret of await listScope(sm, scope)) {
    const arn = secret.ARN as string;
    const prefix = secretTokenPrefix(arn);
    if (!wanted.has(prefix)) continue;
    const held = new Map<string, string[]>();
    let vaultHost: string | undefined;
    for (const [versionId, stages] of Object.entries(secret.SecretVersionsToStages ?? {})) {
      if (stages.length === 0) continue;
      const { tokenId, vaultDns } = await storedFieldsOf(sm, arn, versionId);
      if (tokenId !== undefined) held.set(tokenId, [...(held.get(tokenId) ?? []), ...stages]);
      if (stages.includes('AWSCURRENT')) vaultHost = hostOf(vaultDns);
    }
    found.set(prefix, { name: secret.Name ?? arn, held, vaultHost });
  }
  return found;
}

/** The token id and vaultDns a version stores (never the token). */
async function storedFieldsOf(
  sm: SecretsManagerClient,
  arn: string,
  versionId: string,
): Promise<{ tokenId: string | undefined; vaultDns: unknown }> {
  try {
    const text = (await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: versionId }))).SecretString;
    const parsed = JSON.parse(text ?? '') as { tokenId?: unknown; vaultDns?: unknown };
    return { tokenId: typeof parsed.tokenId === 'string' ? parsed.tokenId : undefined, vaultDns: parsed.vaultDns };
  } catch {
    return { tokenId: undefined, vaultDns: undefined };
  }
}

/** host[:port] of a stored vaultDns, as the client would connect to it; undefined when it is not one. */
function hostOf(vaultDns: unknown): string | undefined {
  try {
    return validateVaultDns(vaultDns, 'vaultDns').host;
  } catch {
    return undefined;
  }
}

function render(
  io: CliIo,
  plan: AuditPlan,
  user: { userId: string; userName: string },
  tokens: readonly AuditedToken[],
  warnings: readonly AuditWarning[],
): void {
  out(io, `Active API tokens of ${printableLine(user.userName)} (user ${printableLine(user.userId)}) on ${plan.target.host}: ${tokens.length}`);
  const rows = tokens.map((t) => [
    t.id,
    t.name,
    t.neverExpires ? 'NEVER' : (isoDate(t.expiresAt) ?? ''),
    t.owner === 'rotator'
      ? `${t.secret ?? 'rotator (secret not found)'}${t.otherVault === undefined ? '' : ` (for ${t.otherVault})`}`
      : t.owner === 'action'
        ? 'GitHub Action'
        : '-',
    t.otherVault !== undefined ? 'COPY' : t.orphaned ? 'ORPHANED' : t.heldBy.length > 0 ? t.heldBy.join(',') : '-',
  ]);
  if (rows.length > 0) for (const line of table(['TOKEN', 'NAME', 'EXPIRES', 'SECRET', 'HELD BY'], rows)) out(io, `  ${line}`);
  for (const warning of warnings) out(io, `WARNING (${warning.code}): ${printableLine(warning.message)}`);
  if (warnings.length === 0) out(io, 'OK: no warnings');
}
