// Whether createSecret must sweep (list this secret's tokens and revoke what the policy allows) before it mints.
// Pure, like the policy: the caller gathers the facts (DescribeSecret's labels, the current value) and acts.
//
// In the steady state it does not: every leftover an earlier attempt can leave is a token of a version DescribeSecret
// lists (a dead duplicate of a version's name, the token of a version no label references any more, a retirement a
// failed finishSecret left), and the next finishSecret's one query lists ALL this secret's tokens of the user and
// revokes them by the same policy. createSecret sweeps only when it cannot take the state, or the owner, as known:
// - the current token does not mint its successor (a credentials secret mints, or forUserId): the owner is not
//   the current value's own, and the sweep's listing (or Validate Session User) proves it;
// - the current value lacks userId or tokenId: it was not written by the rotator or the CLI (a token stored by hand,
//   a re-bootstrap), so neither the owner nor what it carries forward is known; the current token's own row in the
//   sweep's listing proves who it belongs to;
// - a version other than this one carries AWSPENDING: an earlier rotation did not end cleanly (or the labels were
//   edited by hand), and what it left may not be retired by a finishSecret soon.
// A mint refused at the 25-token cap lists and revokes at the cap, then mints once more, in every case (mint.ts).
// In the steady state the owner is the stored userId: the rotator wrote it next to the token it minted, and that
// token passed testSecret's Validate Session User for exactly that user before it became AWSCURRENT; testSecret checks
// the new token the same way before anything depends on it.

import { AWSPENDING } from '../../../shared/rotated-secret/index.js';

export interface SweepFacts {
  /** The version being rotated. */
  readonly versionId: string;
  /** DescribeSecret's version→labels map. */
  readonly stages: Readonly<Record<string, readonly string[]>>;
  /** The current token mints its successor (no credentials secret, no forUserId) and can list on vaultDns. */
  readonly currentTokenMints: boolean;
  /** The current value's userId and tokenId. */
  readonly userId: string | undefined;
  readonly tokenId: string | undefined;
}

export type SweepReason =
  | 'the current token does not mint its successor'
  | 'the current value has no userId'
  | 'the current value has no tokenId (not written by the rotator)'
  | 'another version carries AWSPENDING';

/** Why createSecret sweeps before minting, or undefined when it need not (the steady state). */
export function whySweep(facts: SweepFacts): SweepReason | undefined {
  if (!facts.currentTokenMints) return 'the current token does not mint its successor';
  if (facts.userId === undefined) return 'the current value has no userId';
  if (facts.tokenId === undefined) return 'the current value has no tokenId (not written by the rotator)';
  const otherPending = Object.entries(facts.stages).some(
    ([id, stages]) => id !== facts.versionId && stages.includes(AWSPENDING),
  );
  if (otherPending) return 'another version carries AWSPENDING';
  return undefined;
}
