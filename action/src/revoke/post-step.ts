// The post step: revoke the token main minted, using the token itself (a user may delete its own tokens, so no
// parent credential is kept). It never fails the job: a token it could not revoke still expires, and the warning
// says which one and why.

import { isInvalidSession } from '../../../shared/errors.js';
import { Secret } from '../../../shared/secret.js';
import type { VaultSession } from '../../../shared/types.js';
import type { ActionCore, PostDeps } from '../deps.js';
import { readRevoke } from '../inputs/read-inputs.js';
import { readRetryAttempts } from '../inputs/retry-attempts.js';
import { coreLogger } from '../job-log/client-logger.js';
import { describeFailure, failureText } from '../job-log/failure-text.js';
import { maskSecret } from '../job-log/mask-secret.js';
import { loadPostNote, loadRevokeState, type PostNote, type RevokeState } from './hand-over.js';

/**
 * How far past its expiry a token must be before post skips it. The runner's clock may run ahead of Vault's; within
 * this margin we still try, and Vault's INVALID_SESSION_ID answer for an expired token is reported as "already gone".
 */
export const CLOCK_SKEW_MARGIN_MS = 60_000;

/** The post step as the runner sees it: it never fails the job, and anything unexpected is one warning. */
export async function runPostStep(core: Pick<ActionCore, 'warning'>, makeDeps: () => PostDeps): Promise<void> {
  try {
    await post(makeDeps());
  } catch (error) {
    core.warning(`Token revocation failed unexpectedly: ${failureText(error)}`);
  }
}

export async function post(deps: PostDeps): Promise<void> {
  const { core } = deps;
  // A token post holds is always tried. Main's notes (revoke: false, home unknown, revoked in main) only explain:
  // job-level env and GITHUB_ENV reach this step as STATE_* variables main never saved, so a note can be forged.
  const note = loadPostNote(core);
  const loaded = loadRevokeState(core);
  if (loaded.kind === 'complete') {
    await revokeHeldToken(deps, loaded.state, note);
    return;
  }
  if (loaded.kind === 'incomplete') {
    core.warning(
      `Token revocation failed: the main step's saved state lacks ${loaded.missing.join(', ')}. The token expires on its own; check Vault for it.`,
    );
    return;
  }
  if (note !== undefined) {
    core.info(describeNote(note));
    return;
  }
  const revoke = readRevoke(core);
  core.info(
    'value' in revoke && !revoke.value
      ? 'Token revocation skipped (revoke: false).'
      : 'No token to revoke: the main step did not mint one.',
  );
}

async function revokeHeldToken(deps: PostDeps, state: RevokeState, note: PostNote | undefined): Promise<void> {
  const { core } = deps;
  // Masks persist across the job's steps, but registering again costs nothing and covers a fresh log masker.
  maskSecret(core, state.token);
  const expiresAt = Date.parse(state.expiresAt);
  if (!Number.isNaN(expiresAt) && deps.now().getTime() >= expiresAt + CLOCK_SKEW_MARGIN_MS) {
    core.info(`Token ${state.tokenId} expired at ${state.expiresAt}; nothing to revoke.`);
    return;
  }
  // Main revokes the token itself when the job is cancelled; trying again then finds it gone, which the note explains.
  const revokedInMain = note?.kind === 'revoked-in-main' && note.tokenId === state.tokenId;
  await revokeOwnToken(deps, state, revokedInMain ? describeNote(note) : undefined);
}

/** `goneText`: what to say when the token is already gone, if main said why. */
async function revokeOwnToken(deps: PostDeps, state: RevokeState, goneText: string | undefined): Promise<void> {
  const { core } = deps;
  let session: VaultSession | undefined;
  try {
    session = deps.openSession(
      {
        vaultDns: state.vaultOrigin,
        apiVersion: state.apiVersion,
        clientId: state.clientId,
        logger: coreLogger(core),
        retry: { attempts: readRetryAttempts(core) },
      },
      { kind: 'token', token: new Secret(state.token) },
    );
    const [outcome] = await session.revokeTokens([state.tokenId]);
    if (outcome === undefined) {
      core.warning(`Token revocation failed for ${state.tokenId}: Vault reported no result for it. ${stillValid(state)}`);
    } else if (outcome.outcome === 'revoked') {
      core.info(`Token ${state.tokenId} revoked.`);
    } else if (outcome.outcome === 'gone') {
      core.info(goneText ?? `Token ${state.tokenId} was already gone (expired or deleted); nothing to revoke.`);
    } else {
      core.warning(
        `Token revocation failed for ${state.tokenId} (revokeTokens: ${outcome.errorType}: ${outcome.message || 'no message'}). ${stillValid(state)}`,
      );
    }
  } catch (error) {
    if (isInvalidSession(error)) {
      core.info(goneText ?? `Token ${state.tokenId} was already gone (Vault no longer accepts it: expired or deleted).`);
      return;
    }
    core.warning(`Token revocation failed for ${state.tokenId}: ${describeFailure(error)}. ${stillValid(state)}`);
  } finally {
    await session?.close();
  }
}

function describeNote(note: PostNote): string {
  if (note.kind === 'revoked-in-main') {
    return `Token ${note.tokenId} was already revoked by the main step (the job was cancelled while it was minted); nothing to revoke.`;
  }
  const until = note.expiresAt === '' ? '' : ` It stays valid until ${note.expiresAt} unless deleted in Vault.`;
  return note.reason === 'revoke-false'
    ? `Token ${note.tokenId} is not revoked: revocation was turned off (revoke: false).${until}`
    : `Token ${note.tokenId} cannot be revoked: where the sandbox token works is unknown (see the main step's warning).${until}`;
}

function stillValid(state: RevokeState): string {
  return `It stays valid until ${state.expiresAt} unless deleted in Vault (${state.vaultOrigin}).`;
}
