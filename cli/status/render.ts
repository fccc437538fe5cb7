// `status` as a table: one block per secret.
import { printableLine } from '../../shared/printable.js';
import { isoDate } from '../dates.js';
import { table } from '../table.js';
import { daysLeft } from './classify.js';
import type { SecretReport } from './collect.js';

export function renderStatus(reports: readonly SecretReport[], now: number): string[] {
  const lines: string[] = [];
  for (const report of reports) {
    if (lines.length > 0) lines.push('');
    lines.push(...renderOne(report, now));
  }
  if (reports.length === 0) lines.push('No secret in scope.');
  return lines;
}

function renderOne(report: SecretReport, now: number): string[] {
  const { rotation } = report;
  const lines = [`Secret ${report.name}`, `  arn        ${report.arn}`];
  lines.push(
    `  rotation   ${rotation.enabled ? 'enabled' : 'DISABLED'}${rotation.schedule ? `, ${rotation.schedule}` : ''}${rotation.window ? `, window ${rotation.window}` : ''}`,
  );
  if (rotation.lambdaArn) lines.push(`  function   ${rotation.lambdaArn}`);
  lines.push(`  last       ${rotation.lastRotated ?? 'never'}`);
  lines.push(`  next       ${rotation.nextRotation ?? 'not scheduled'}${rotation.nextRotationEstimated ? ' (estimated from the schedule)' : ''}`);
  lines.push('  Versions (oldest first)');
  const versionRows = report.versions.map((v) => [
    v.versionId,
    v.stages.length === 0 ? '-' : v.stages.join(','),
    v.tokenId ?? '-',
    isoDate(v.expiresAt) ?? (v.tokenId === undefined ? '-' : 'never'),
    days(v.expiresAt, now),
  ]);
  lines.push(...table(['VERSION', 'LABELS', 'TOKEN', 'EXPIRES', 'DAYS LEFT'], versionRows).map((l) => `    ${l}`));
  if (report.tokens === undefined) {
    lines.push('  Vault tokens: not asked');
  } else {
    const count = (state: string) => report.tokens?.filter((t) => t.state === state).length ?? 0;
    lines.push(
      `  Vault tokens named ${report.tokenPrefix}*: ${count('active')} active, ${count('orphaned')} orphaned, ${count('expired')} expired, ${count('revoked')} revoked`,
    );
    const rows = report.tokens
      .filter((t) => t.state !== 'revoked')
      .map((t) => [t.id, t.state, isoDate(t.expiresAt) ?? 'never', days(t.expiresAt, now), t.heldBy.length === 0 ? '-' : t.heldBy.join(',')]);
    if (rows.length > 0) lines.push(...table(['TOKEN', 'STATE', 'EXPIRES', 'DAYS LEFT', 'HELD BY'], rows).map((l) => `    ${l}`));
  }
  for (const warning of report.warnings) lines.push(`  WARNING (${warning.code}): ${printableLine(warning.message)}`);
  if (report.warnings.length === 0) lines.push('  OK: no warnings');
  return lines;
}

function days(iso: string | undefined, now: number): string {
  const left = daysLeft(iso, now);
  return left === undefined ? '-' : String(left);
}
