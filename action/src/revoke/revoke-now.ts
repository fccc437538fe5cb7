// Main's own revocation of the token it has just minted, for when post will not get to it: the job is being cancelled,
// or the state post needs could not be saved. With the token itself, as post would, before the runner's kill.

import { isInvalidSession } from '../../../shared/errors.js';
import { Secret } from '../../../shared/secret.js';
import type { MainDeps } from '../deps.js';
import { coreLogger } from '../job-log/client-logger.js';
import { describeFailure } from '../job-log/failure-text.js';

export interface MintedHandle {
  readonly token: string;
  readonly tokenId: string;
  readonly expiresAt: string;
  /** Where the token works; undefined for a sandbox token whose home is unknown. */
  readonly origin: string | undefined;
  readonly apiVersion: string;
  readonly clientId: string;
  readonly retryAttempts: number;
}

/** `text` completes the step's failure message: what became of the token. */
export async function revokeNow(deps: MainDeps, handle: MintedHandle): Promise<{ done: boolean; text: string }> {
  const stillValid = `It stays valid until ${handle.expiresAt} unless deleted in Vault.`;
  const done = { done: true, text: 'It has been revoked, so nothing is left behind.' };
  const failed = (why: string) => ({ done: false, text: `Revoking it failed too (${why}). ${stillValid}` });
  if (handle.origin === undefined) {
    return { done: false, text: `Where it works is unknown, so it could not be revoked. ${stillValid}` };
  }
  const session = deps.openSession(
    {
      vaultDns: handle.origin,
      apiVersion: handle.apiVersion,
      clientId: handle.clientId,
      logger: coreLogger(deps.core),
      retry: { attempts: handle.retryAttempts },
    },
    { kind: 'token', token: new Secret(handle.token) },
  );
  try {
    const [outcome] = await session.revokeTokens([handle.tokenId], { signal: deps.cancellation.cleanup });
    if (outcome?.outcome === 'revoked' || outcome?.outcome === 'gone') return done;
    return failed(outcome === undefined ? 'Vault reported no result for it' : `${outcome.errorType}: ${outcome.message || 'no message'}`);
  } catch (error) {
    return isInvalidSession(error) ? done : failed(describeFailure(error));
  } finally {
    await session.close();
  }
}
