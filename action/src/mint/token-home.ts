// Where the minted token works. For the Vault itself that is the session's origin. A sandbox token works only on
// the sandbox's own DNS, which the mint answer does not carry: the parent's Retrieve Sandboxes list gives it. That
// list's JSON shape is inferred, so any failure to read it leaves the home unknown (the step still succeeds, but
// post cannot revoke the token) rather than failing a job whose token was minted fine.

import type { CallOptions, MintTarget, VaultSession } from '../../../shared/types.js';
import { describeFailure } from '../job-log/failure-text.js';

export type TokenHome =
  | { readonly kind: 'known'; readonly origin: string }
  | { readonly kind: 'unknown'; readonly sandboxName: string; readonly reason: string };

export async function findTokenHome(
  session: VaultSession,
  target: MintTarget,
  options: CallOptions = {},
): Promise<TokenHome> {
  if (target.kind !== 'sandbox') return { kind: 'known', origin: session.target.origin };
  const { sandboxName } = target;
  const unknown = (reason: string): TokenHome => ({ kind: 'unknown', sandboxName, reason });
  try {
    const sandbox = await session.findSandbox(sandboxName, options);
    if (sandbox === undefined) {
      return unknown(`Retrieve Sandboxes on ${session.target.origin} lists no active sandbox by that name`);
    }
    // Revoking there would meet INVALID_SESSION_ID and be reported as "already gone": better to say we cannot.
    if (sandbox.dns === session.target.host) {
      return unknown(`Retrieve Sandboxes gave the parent Vault's own DNS (${sandbox.dns}) for it`);
    }
    return { kind: 'known', origin: sandbox.origin };
  } catch (error) {
    return unknown(`looking it up with Retrieve Sandboxes failed: ${describeFailure(error)}`);
  }
}

/** The one warning for a sandbox token whose home is unknown: which sandbox, why, and what that means. */
export function unknownHomeWarning(
  home: Extract<TokenHome, { kind: 'unknown' }>,
  token: { readonly id: string; readonly expiresAt: string },
  revoke: boolean,
): string {
  const consequence = revoke
    ? `Token ${token.id} cannot be revoked at job end; it stays valid until ${token.expiresAt} unless deleted in the sandbox.`
    : `Token ${token.id} stays valid until ${token.expiresAt}.`;
  return `Sandbox "${home.sandboxName}": ${home.reason}, so where its token works is unknown. ${consequence} The vault-dns output is empty.`;
}
