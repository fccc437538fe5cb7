// The main step: check inputs, mask secrets, mint one short-lived token, mask it, hand it to post, output it.
// Order matters: every secret is registered with the runner's masker before the first request, and the new token
// before anything is printed, saved or output.

import { VaultMintOutcomeUnknownError } from '../../../shared/errors.js';
import { formatVaultExpiry } from '../../../shared/index.js';
import type { MintTarget, VaultSession, VaultUser } from '../../../shared/types.js';
import type { ActionCore, Cancellation, MainDeps } from '../deps.js';
import { readRawInputs, readRevoke } from '../inputs/read-inputs.js';
import { type ActionInputs, validateInputs } from '../inputs/validate-inputs.js';
import { describeFailure, failureText } from '../job-log/failure-text.js';
import { maskSecret } from '../job-log/mask-secret.js';
import { noteRevokedInMain, saveRevokeState, saveSkippedRevoke } from '../revoke/hand-over.js';
import { type MintedHandle, revokeNow } from '../revoke/revoke-now.js';
import { openParentSession, resolveConnection } from './connection.js';
import { describeTargetPlainly, summarise } from './job-summary.js';
import { recoverLostMint } from './lost-mint.js';
import { findTokenHome, unknownHomeWarning } from './token-home.js';

/**
 * The main step as the runner sees it. The dependencies are built inside it, so a malformed proxy setting fails the
 * step like any other error; every failure becomes the step's one error line.
 */
export async function runMainStep(core: Pick<ActionCore, 'setFailed'>, makeDeps: () => MainDeps): Promise<void> {
  try {
    await main(makeDeps());
  } catch (error) {
    core.setFailed(failureText(error));
  }
}

export async function main(deps: MainDeps): Promise<void> {
  const { core, cancellation } = deps;
  const raw = readRawInputs(core);
  // Before any check that could fail and print: the runner masks only what it was told about.
  maskSecret(core, raw['access-token']);
  maskSecret(core, raw.password);
  const inputs = validateInputs(raw, readRevoke(core), deps);
  for (const warning of inputs.warnings) core.warning(warning);
  // A password sent without its trailing line break is masked in that form too.
  if (inputs.credential.kind === 'password' && inputs.credential.password.reveal() !== raw.password) {
    maskSecret(core, inputs.credential.password.reveal());
  }
  throwIfCancelled(cancellation, 'before anything was sent');

  const connection = await beforeMint(cancellation, resolveConnection(inputs, deps));
  try {
    const sent = connection.endSession === undefined ? 'before anything was sent to Vault' : 'before the mint';
    throwIfCancelled(cancellation, sent);
    const session = openParentSession(deps, connection, inputs);
    try {
      await mintAndHandOver(deps, session, inputs);
    } finally {
      await session.close({ signal: cancellation.cleanup });
    }
  } finally {
    // The OAuth session is needed for nothing after the mint: post revokes the token with the token itself.
    await connection.endSession?.(cancellation.cleanup);
  }
}

/** A request before the mint, which the first signal aborts: then the step says so rather than "cancelled (…)". */
async function beforeMint<T>(cancellation: Cancellation, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throwIfCancelled(cancellation, 'before the mint');
    throw error;
  }
}

function throwIfCancelled(cancellation: Cancellation, when: string): void {
  if (cancellation.signal !== undefined) {
    throw new Error(`The job was cancelled (${cancellation.signal}) ${when}; no token was minted.`);
  }
}

async function mintAndHandOver(deps: MainDeps, session: VaultSession, inputs: ActionInputs): Promise<void> {
  const { core, cancellation } = deps;
  const { target } = inputs;
  const early = { signal: cancellation.beforeMint };
  // Who the parent credential is: fails early (nothing minted) on a bad credential, and names the token's user.
  const caller: VaultUser | undefined =
    target.kind === 'user' ? undefined : await beforeMint(cancellation, session.whoAmI(early));
  const userId = target.kind === 'user' ? target.userId : (caller?.userId ?? '');
  // Before minting, so nothing stands between the new token and handing it to post.
  const home = await beforeMint(cancellation, findTokenHome(session, target, early));
  const expiresAt = wholeSecondsAfter(deps.now(), inputs.lifetimeMs);
  const expiresAtText = formatVaultExpiry(expiresAt);
  throwIfCancelled(cancellation, 'before the mint');
  core.info(
    `Minting Vault API token "${inputs.tokenName}" for ${describeTarget(target, caller)} on ${session.target.origin}, expiring ${expiresAtText}.`,
  );

  let minted: Awaited<ReturnType<VaultSession['mintToken']>>;
  try {
    minted = await session.mintToken({ name: inputs.tokenName, expiresAt, target }, { signal: cancellation.mint });
  } catch (error) {
    if (error instanceof VaultMintOutcomeUnknownError) {
      const lost = { name: inputs.tokenName, expiresAt, target, userId };
      const recovered = await recoverLostMint(session, error, lost, { signal: cancellation.cleanup });
      throw cancellation.signal === undefined
        ? recovered
        : new Error(`The job was cancelled (${cancellation.signal}) while the mint was in flight. ${recovered.message}`);
    }
    throw error;
  }

  const token = minted.token.reveal();
  maskSecret(core, token);
  const tokenExpiry = minted.expiresAt ?? expiresAtText;
  const tokenOrigin = home.kind === 'known' ? home.origin : undefined;
  const handle: MintedHandle = {
    token,
    tokenId: minted.id,
    expiresAt: tokenExpiry,
    origin: tokenOrigin,
    apiVersion: session.target.apiVersion,
    clientId: inputs.clientId,
    retryAttempts: inputs.retryAttempts,
  };
  // State before outputs: if anything after this fails, post still revokes the token.
  if (inputs.revoke && tokenOrigin !== undefined) {
    try {
      saveRevokeState(core, deps.env, {
        token,
        tokenId: minted.id,
        expiresAt: tokenExpiry,
        vaultOrigin: tokenOrigin,
        apiVersion: handle.apiVersion,
        clientId: handle.clientId,
      });
    } catch (error) {
      // Post would never learn about the token: take it back now, while this step still can.
      const revoked = await revokeNow(deps, handle);
      throw new Error(
        `Could not save the step state the post step needs to revoke token ${minted.id} (${describeFailure(error)}). ${revoked.text}`,
        { cause: error },
      );
    }
  } else {
    // No token in it: only what post needs to say why it revokes nothing.
    const reason = inputs.revoke ? 'home-unknown' : 'revoke-false';
    saveSkippedRevoke(core, deps.env, { tokenId: minted.id, expiresAt: tokenExpiry, reason });
  }
  if (cancellation.signal !== undefined) {
    // Nobody will use it: the job is ending. The saved state (if any) lets post try again should this fail.
    const revoked = await revokeNow(deps, handle);
    if (revoked.done) noteRevokedInMain(core, deps.env, minted.id);
    throw new Error(
      `The job was cancelled (${cancellation.signal}) while token ${minted.id} was being minted. ${revoked.text}`,
    );
  }
  const revoked = inputs.revoke && tokenOrigin !== undefined;
  core.setOutput('token', token);
  core.setOutput('token-id', minted.id);
  core.setOutput('expires-at', tokenExpiry);
  core.setOutput('user-id', userId);
  core.setOutput('vault-dns', tokenOrigin ?? '');
  if (home.kind === 'unknown') {
    core.warning(unknownHomeWarning(home, { id: minted.id, expiresAt: tokenExpiry }, inputs.revoke));
  }
  const where = target.kind === 'sandbox' && tokenOrigin !== undefined ? ` (it works on ${tokenOrigin})` : '';
  core.info(
    `Minted token ${minted.id} for user ${userId}${where}; it expires at ${tokenExpiry}${revokeNote(inputs.revoke, revoked)}.`,
  );

  await summarise(core, {
    vault: session.target.origin,
    worksOn: tokenOrigin ?? 'unknown',
    userId,
    userName: target.kind === 'user' ? undefined : caller?.userName,
    target: describeTargetPlainly(target),
    tokenId: minted.id,
    tokenName: minted.name,
    expiresAt: tokenExpiry,
    revoke: revoked,
  });
}

function revokeNote(wanted: boolean, possible: boolean): string {
  if (possible) return ' and is revoked when the job ends';
  return wanted
    ? ' and cannot be revoked at job end (see the warning)'
    : ' (revoke: false — it stays valid until then)';
}

function describeTarget(target: MintTarget, caller: VaultUser | undefined): string {
  const me = caller === undefined ? 'the caller' : `${caller.userName} (${caller.userId})`;
  switch (target.kind) {
    case 'user':
      return `user ${target.userId}`;
    case 'sandbox':
      return `${me} in sandbox ${target.sandboxName}`;
    default:
      return me;
  }
}

/** Vault stores whole seconds; truncating keeps the expiry we report equal to the one Vault keeps. */
function wholeSecondsAfter(now: Date, lifetimeMs: number): Date {
  return new Date(Math.floor((now.getTime() + lifetimeMs) / 1000) * 1000);
}

