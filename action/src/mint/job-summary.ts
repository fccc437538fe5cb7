// The job summary: enough to find the token in Vault (where, whose, which record, until when) and never the token.

import type { MintTarget } from '../../../shared/types.js';
import type { ActionCore } from '../deps.js';

export interface SummaryFacts {
  /** The Vault that minted the token. */
  readonly vault: string;
  /** Where the token works: the Vault itself, a sandbox's origin, or `unknown`. */
  readonly worksOn: string;
  readonly userId: string;
  readonly userName: string | undefined;
  readonly target: string;
  readonly tokenId: string;
  readonly tokenName: string;
  readonly expiresAt: string;
  readonly revoke: boolean;
}

/** Never fails the step: the token is minted, output and handed to post by then; a missing summary is one warning. */
export async function summarise(core: Pick<ActionCore, 'summary' | 'warning'>, facts: SummaryFacts): Promise<void> {
  try {
    await writeSummary(core.summary, facts);
  } catch (error) {
    core.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Whom the token was minted for, as the summary's "Minted for" column says it. */
export function describeTargetPlainly(target: MintTarget): string {
  switch (target.kind) {
    case 'user':
      return `user ${target.userId}`;
    case 'sandbox':
      return `sandbox ${target.sandboxName}`;
    default:
      return "the credential's own user";
  }
}

async function writeSummary(summary: ActionCore['summary'], facts: SummaryFacts): Promise<void> {
  const user = facts.userName === undefined ? facts.userId : `${facts.userName} (${facts.userId})`;
  await summary
    .addHeading('Vault API token', 3)
    .addTable([
      [
        { data: 'Vault', header: true },
        { data: 'Works on', header: true },
        { data: 'User', header: true },
        { data: 'Minted for', header: true },
        { data: 'Token id', header: true },
        { data: 'Token name', header: true },
        { data: 'Expires at', header: true },
        { data: 'Revoked at job end', header: true },
      ],
      [
        facts.vault,
        facts.worksOn,
        user,
        facts.target,
        facts.tokenId,
        facts.tokenName,
        facts.expiresAt,
        facts.revoke ? 'yes' : 'no',
      ].map(escapeHtml),
    ])
    .write();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
