// Which of this secret's tokens are still referenced, and so must never be revoked by a sweep: the AWSCURRENT token
// (by stored id, and by its rotation's name), and in next-rotation mode the AWSPREVIOUS token. The previous token is
// found by its deterministic name (no read needed); only when no token carries that name (a version written by hand)
// is the AWSPREVIOUS value read for its tokenId.

import type { TokenRecord } from '../../shared/types.js';
import type { RotatedSecretConfig } from './secret-value.js';
import { AWSCURRENT, AWSPREVIOUS, getSecretString, isResourceNotFound, versionWithStage } from './secrets-store.js';
import { rotationTokenName } from './token-names.js';
import type { StepContext } from './types.js';

export interface TokenReferences {
  readonly currentTokenId: string | undefined;
  readonly currentTokenName: string | undefined;
  readonly previousTokenName: string | undefined;
  /** AWSPREVIOUS's stored tokenId (read once, on demand). */
  readonly readPreviousTokenId: () => Promise<string | undefined>;
}

export function tokenReferences(ctx: StepContext, current: RotatedSecretConfig): TokenReferences {
  const currentVersionId = versionWithStage(ctx.description, AWSCURRENT);
  const previousVersionId = versionWithStage(ctx.description, AWSPREVIOUS);
  let previousTokenId: Promise<string | undefined> | undefined;
  return {
    currentTokenId: current.tokenId,
    currentTokenName: currentVersionId && rotationTokenName(ctx.secretArn, currentVersionId),
    previousTokenName: previousVersionId && rotationTokenName(ctx.secretArn, previousVersionId),
    readPreviousTokenId: () => {
      previousTokenId ??=
        previousVersionId === undefined ? Promise.resolve(undefined) : readTokenId(ctx, previousVersionId);
      return previousTokenId;
    },
  };
}

/** `listed` minus the referenced tokens. `keepPrevious`: also keep AWSPREVIOUS's token. */
export async function unreferencedTokens(
  listed: readonly TokenRecord[],
  references: TokenReferences,
  keepPrevious: boolean,
): Promise<TokenRecord[]> {
  const candidates = listed.filter(
    (token) => token.id !== references.currentTokenId && token.name !== references.currentTokenName,
  );
  if (!keepPrevious || candidates.length === 0 || references.previousTokenName === undefined) return candidates;
  if (listed.some((token) => token.name === references.previousTokenName)) {
    return candidates.filter((token) => token.name !== references.previousTokenName);
  }
  const previousTokenId = await references.readPreviousTokenId();
  return candidates.filter((token) => token.id !== previousTokenId);
}

async function readTokenId(ctx: StepContext, versionId: string): Promise<string | undefined> {
  let secretString: string | undefined;
  try {
    secretString = await getSecretString(
      ctx.deps.secretsManager,
      { SecretId: ctx.secretArn, VersionId: versionId },
      ctx.signal,
    );
  } catch (error) {
    if (isResourceNotFound(error)) return undefined;
    throw error;
  }
  return tokenIdOf(secretString);
}

/** The `tokenId` field of a stored value, or undefined when there is none (or the value is not JSON). */
export function tokenIdOf(secretString: string | undefined): string | undefined {
  try {
    const tokenId = (JSON.parse(secretString ?? 'null') as { tokenId?: unknown } | null)?.tokenId;
    return typeof tokenId === 'string' && tokenId.length > 0 ? tokenId : undefined;
  } catch {
    return undefined;
  }
}
