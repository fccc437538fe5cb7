// 4. API calls per steady-state rotation in OAuth mode (BENCH_AUTH=oauth, bench/child/world.ts): the function signs in
// to Vault with an OAuth session (its own AWS identity: STS GetWebIdentityToken → the authorization server's token
// exchange → Vault's POST /auth/oauth/session/{profile}) instead of the secret's own token. One row next to the token
// mode's, the same steady state (bench/rotation-calls.ts), with the Vault sign-ins apart. Counted at the servers.
import type { RotationRecord, StepCalls } from './child/protocol.js';
import { ratioText } from './format.js';
import type { MeasurementResult } from './measurement.js';
import { MINIMUM_SM, MINIMUM_VAULT, steadyRotations } from './rotation-calls.js';

/** The Vault simulator's name for POST /auth/oauth/session/{profile}: one Vault sign-in. */
export const OAUTH_SIGN_IN = 'oauthSession';

export interface OAuthCallCounts {
  readonly secretsManager: number;
  readonly vault: number;
  /** Vault OAuth sign-ins (part of `vault`). */
  readonly signIns: number;
  /** STS GetWebIdentityToken calls (the function's identity JWT). */
  readonly sts: number;
  /** Token exchanges at the authorization server (client-credentials grant with the JWT as assertion). */
  readonly tokenExchanges: number;
}

export function countOAuthCalls(steps: readonly StepCalls[]): OAuthCallCounts {
  const all = (pick: (step: StepCalls) => readonly string[]) => steps.flatMap(pick);
  const vault = all((step) => step.vault);
  const identity = all((step) => step.identity ?? []);
  return {
    secretsManager: all((step) => step.secretsManager).length,
    vault: vault.length,
    signIns: vault.filter((operation) => operation === OAUTH_SIGN_IN).length,
    sts: identity.filter((operation) => operation === 'GetWebIdentityToken').length,
    tokenExchanges: identity.filter((operation) => operation === 'token').length,
  };
}

const signInText = (counts: OAuthCallCounts) =>
  `${counts.signIns} Vault sign-in(s), ${counts.sts} STS GetWebIdentityToken, ${counts.tokenExchanges} token exchange(s)`;

export function measureOAuthCalls(records: readonly RotationRecord[]): MeasurementResult {
  const steady = steadyRotations(records);
  const sample = steady[0] as RotationRecord;
  const counts = countOAuthCalls(sample.steps);
  const total = counts.secretsManager + counts.vault;
  const range = `rotations ${sample.index}–${steady.at(-1)?.index}, n=${steady.length}, all identical`;
  const notes = [
    `OAuth mode (BENCH_AUTH=oauth): an OAuth credentials secret with identity "aws-sts", the rotated secret bootstrapped with no token (bootstrap --first-token-by-rotation), one warm container for every rotation. Steady-state rotation ${sample.index}: ${signInText(counts)}; its calls: ${sample.steps.map((step) => `${step.step}: SM [${step.secretsManager.join(', ')}] + Vault [${step.vault.join(', ')}]`).join('; ')}.`,
  ];
  const first = records[0];
  if (first !== undefined) {
    const all = countOAuthCalls(records.flatMap((record) => record.steps));
    notes.push(
      `Rotation 1 (mints the first token) made ${signInText(countOAuthCalls(first.steps))}; all ${records.length} rotations together ${signInText(all)}: the warm container's OAuth session cache signs in once and steady-state rotations need no sign-in while the session lives (a cold container signs in again).`,
    );
  }
  if (steady.length < 2) notes.push('OAuth mode: no steady state was seen (the last rotations still differ in their calls).');
  return {
    rows: [
      {
        measurement: '4. API calls per steady-state rotation, OAuth sign-in',
        ours: `${counts.secretsManager} SM + ${counts.vault} Vault = ${total}, ${counts.signIns} sign-in(s) (${range})`,
        reference: `${MINIMUM_SM} + ${MINIMUM_VAULT} = ${MINIMUM_SM + MINIMUM_VAULT} (token-mode minimum)`,
        ratio: ratioText(total / (MINIMUM_SM + MINIMUM_VAULT)),
        goal: '—',
        met: 'n/a',
      },
    ],
    notes,
  };
}
