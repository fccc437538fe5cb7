// The job summary: enough to find the token in Vault (where, whose, which record, until when) and never the token.

import type { ActionCore } from './deps.js';

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

export async function writeSummary(summary: ActionCore['summary'], facts: SummaryFacts): Promise<void> {
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
