// `vault-api-token status --secret-id ID | --all [--tag KEY=VALUE] [--name-prefix P]`.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type AwsFlags, checkAwsFlags } from '../aws-flags.js';
import { CommandFailure, EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import * as check from '../flags.js';
import { isoDate, withIsoDates } from '../dates.js';
import { type CliIo, out } from '../io.js';
import { listScope, type Scope } from '../scope.js';
import { collectSecret, type SecretReport } from './collect.js';
import { renderStatus } from './render.js';

export interface StatusFlags extends AwsFlags {
  readonly secretId?: string[];
  readonly all?: boolean;
  readonly tag?: string[];
  readonly namePrefix?: string[];
  readonly vault?: boolean;
  readonly json?: boolean;
}

export interface StatusPlan {
  readonly secretIds: readonly string[];
  readonly scope: Scope | undefined;
  readonly vault: boolean;
  readonly json: boolean;
}

export function statusPlan(flags: StatusFlags): StatusPlan {
  checkAwsFlags(flags);
  const ids = (flags.secretId ?? []).map((id) => check.secretId('--secret-id', id));
  const scope: Scope = { namePrefixes: (flags.namePrefix ?? []).map(check.namePrefix), tags: (flags.tag ?? []).map(check.tag) };
  const scoped = scope.namePrefixes.length > 0 || scope.tags.length > 0;
  if (flags.all && ids.length > 0) throw new UsageError('--all', 'cannot be combined with --secret-id');
  if (!flags.all && ids.length === 0) throw new UsageError('--secret-id', 'required (or --all with --tag KEY=VALUE and/or --name-prefix P)');
  if (!flags.all && scoped) throw new UsageError(scope.tags.length > 0 ? '--tag' : '--name-prefix', 'only with --all');
  if (flags.all && !scoped) {
    throw new UsageError('--all', 'needs the fleet scope: --tag KEY=VALUE and/or --name-prefix P (which secrets the rotator manages)');
  }
  return { secretIds: ids, scope: flags.all ? scope : undefined, vault: flags.vault !== false, json: flags.json === true };
}

/** Every date as isoDate() prints it (createdAt was epoch milliseconds, expiries kept whatever form the value had). */
function datedReport(report: SecretReport) {
  return {
    ...report,
    versions: report.versions.map(withIsoDates),
    tokens: report.tokens?.map(withIsoDates),
  };
}

export async function runStatus(plan: StatusPlan, io: CliIo, sm: SecretsManagerClient): Promise<ExitCode> {
  const now = Date.now();
  const ids = plan.scope === undefined ? plan.secretIds : (await listScope(sm, plan.scope)).map((s) => s.ARN as string);
  const reports: SecretReport[] = [];
  for (const id of ids) {
    reports.push(
      await collectSecret(sm, id, { vault: plan.vault, now }).catch((error: unknown) => {
        if (error instanceof Error && error.name === 'ResourceNotFoundException') {
          throw new CommandFailure(`secret ${id} was not found (ResourceNotFoundException: ${error.message.replace(/\.$/, '')}).`);
        }
        throw error;
      }),
    );
  }
  if (plan.json) out(io, JSON.stringify({ generatedAt: isoDate(now), secrets: reports.map(datedReport) }, null, 2));
  else for (const line of renderStatus(reports, now)) out(io, line);
  return reports.some((r) => r.warnings.length > 0) ? EXIT.warnings : EXIT.ok;
}
