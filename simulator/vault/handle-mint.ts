// The three Generate API Access Token endpoints: for me, for a user id, and (on the parent Vault) for a sandbox.

import { parseParams } from './body.js';
import type { AuthedContext, HandlerResult } from './context.js';
import { successBody, VaultFailure } from './envelopes.js';
import { parseExpiryDate } from './expiry.js';
import { createToken, MAIN_VAULT, type UserRecord } from './state.js';
import { checkTokenCap, checkTokenExpiry, checkTokenName, checkTokenTarget } from './token-rules.js';

const BODY_PARAMETERS = new Set(['name__v', 'expiry_date__v']);

export type MintTarget = 'self' | 'user' | 'sandbox';

export function mintHandler(target: MintTarget) {
  return async (ctx: AuthedContext): Promise<HandlerResult> => {
    const owner = resolveOwner(ctx, target);
    const vault = target === 'sandbox' ? resolveSandbox(ctx) : ctx.vault.name;
    checkTokenTarget(owner);

    const params = await parseParams(ctx.headers['content-type'], ctx.body, ['form', 'json']);
    for (const key of params.keys()) {
      if (!BODY_PARAMETERS.has(key)) {
        // Notably `expiry_date__sys` (the VQL field name, and a typo in Vault's own curl examples).
        throw new VaultFailure(
          'INVALID_DATA',
          `Unknown parameter [${key}]; this endpoint accepts only name__v and expiry_date__v`,
        );
      }
    }
    const name = checkTokenName(params.get('name__v'));
    const expiryText = params.get('expiry_date__v');
    const expiresAt = expiryText === undefined || expiryText === '' ? null : parseExpiryDate(expiryText);
    checkTokenExpiry(ctx.state, expiresAt);
    checkTokenCap(ctx.state, owner, vault);

    const token = createToken(ctx.state, { userId: owner.id, vault, name, expiresAt });
    return { body: successBody({ data: { id: token.id, token__sys: token.value } }) };
  };
}

function resolveOwner(ctx: AuthedContext, target: MintTarget): UserRecord {
  const caller = ctx.caller.user;
  if (target !== 'user') return caller;
  const wanted = ctx.params.user_id ?? '';
  // Asking for yourself by id needs no extra permission (VAPIL's own test does exactly that).
  if (wanted === caller.id) return caller;
  if (!caller.admin) {
    throw new VaultFailure(
      'INSUFFICIENT_ACCESS',
      `User [${caller.id}] does not have permission to generate API access tokens for other users`,
    );
  }
  const user = ctx.state.users.get(wanted);
  if (!user) throw new VaultFailure('USER_NOT_FOUND', `User [${wanted}] not found`);
  return user;
}

/** Sandboxes belong to the main Vault, so only its port knows them. */
function resolveSandbox(ctx: AuthedContext): string {
  const name = ctx.params.sandbox_name ?? '';
  const sandbox = ctx.state.vaults.get(name);
  if (ctx.vault.name !== MAIN_VAULT || !sandbox || sandbox.name === MAIN_VAULT) {
    throw new VaultFailure('INVALID_DATA', `Sandbox [${name}] not found for this Vault`);
  }
  return sandbox.name;
}
