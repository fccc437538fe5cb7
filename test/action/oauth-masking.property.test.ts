// Masking, as a property over the ways an OAuth job can go: whatever refusal or fault the identity world throws at the
// committed bundle (the authorization server refusing or failing, answers lost after a token was issued, Vault refusing
// the sign-in or failing later), no GitHub ID token, access token or session id the job held ever shows in its log
// before or after its mask, in an output, in the saved state or in the job summary; and a refused sign-in mints nothing.
// Each run is a whole job (two node processes), so the run count is small; the cases are drawn, not hand-picked.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectNothingShown, type OAuthJobWorld, startOAuthJobWorld } from './support/oauth-job.js';
import { mintedTokens } from './support/vault.js';

type Scenario =
  | 'none'
  | 'as-refuses-subject'
  | 'as-500-once'
  | 'as-lost-answer-once'
  | 'as-reset-always'
  | 'vault-unknown-profile'
  | 'vault-no-user-mapped'
  | 'vault-sign-in-lost-answer-once'
  | 'vault-sign-in-503-always'
  | 'whoami-refused'
  | 'mint-refused'
  | 'end-session-fails';

/** The scenarios in which the step still mints (a fault that a retry or the step itself gets past). */
const MINTS: ReadonlySet<Scenario> = new Set(['none', 'as-500-once', 'as-lost-answer-once', 'vault-sign-in-lost-answer-once', 'end-session-fails']);

function arrange(job: OAuthJobWorld, scenario: Scenario): Record<string, string> {
  const { world } = job;
  const as = world.authorizationServer;
  switch (scenario) {
    case 'as-refuses-subject':
      world.github.setJob({}, 'repo:someone-else/other-repo:ref:refs/heads/main');
      break;
    case 'as-500-once':
      as.injectFault({ operation: 'token', kind: { type: 'service-error', status: 500 } });
      break;
    case 'as-lost-answer-once':
      as.injectFault({ operation: 'token', kind: { type: 'lost-answer' } });
      break;
    case 'as-reset-always':
      as.injectFault({ operation: 'token', kind: { type: 'connection-reset' }, times: Infinity });
      break;
    case 'vault-unknown-profile':
      return job.inputs({ 'oauth-profile-id': 'no-such-profile' });
    case 'vault-no-user-mapped':
      world.profile.unmapUser(world.application.servicePrincipalId);
      break;
    case 'vault-sign-in-lost-answer-once':
      world.vault.injectFault({ operation: 'oauthSession', kind: { type: 'lost-answer' } });
      break;
    case 'vault-sign-in-503-always':
      world.vault.injectFault({ operation: 'oauthSession', kind: { type: 'http-503-html' }, times: Infinity });
      break;
    case 'whoami-refused':
      world.vault.injectFault({ operation: 'whoAmI', kind: { type: 'vault-error', errorType: 'INSUFFICIENT_ACCESS' } });
      break;
    case 'mint-refused':
      world.vault.injectFault({ operation: 'mint', kind: { type: 'vault-error', errorType: 'INSUFFICIENT_ACCESS' } });
      break;
    case 'end-session-fails':
      world.vault.injectFault({ operation: 'endSession', kind: { type: 'connection-reset' }, times: Infinity });
      break;
    default:
      break;
  }
  return job.inputs();
}

const scenarios = fc.constantFrom<Scenario>(
  'none',
  'as-refuses-subject',
  'as-500-once',
  'as-lost-answer-once',
  'as-reset-always',
  'vault-unknown-profile',
  'vault-no-user-mapped',
  'vault-sign-in-lost-answer-once',
  'vault-sign-in-503-always',
  'whoami-refused',
  'mint-refused',
  'end-session-fails',
);

describe('OAuth job: masking (property over refusals and faults)', () => {
  it('never shows a credential of the sign-in, and mints only when the sign-in and the mint succeed', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, fc.constantFrom('1', '3'), async (scenario, attempts) => {
        const job = await startOAuthJobWorld();
        try {
          const inputs = { ...arrange(job, scenario), 'retry-max-attempts': attempts };
          const run = await job.run({ inputs });
          const secrets = job.secrets();
          expectNothingShown(run, secrets);
          // Every credential this job held was registered with the runner's masker.
          for (const secret of secrets) {
            expect({ label: secret.label, masked: run.masker.covers(secret.value) }).toEqual({
              label: secret.label,
              masked: true,
            });
          }
          const minted = mintedTokens(job.world.vault);
          const retried = attempts === '3' || !/once$/.test(scenario);
          if (MINTS.has(scenario) && retried) {
            expect(run.main.result.failed).toBe(false);
            expect(minted).toHaveLength(1);
            // Revoked at job end whatever happened to the OAuth session.
            expect(job.world.vault.isTokenAccepted(run.token ?? '')).toBe(false);
          } else if (!MINTS.has(scenario)) {
            expect(run.main.result.failed).toBe(true);
            expect(minted.filter((row) => row.status === 'active__v' && !row.deleted)).toEqual([]);
          }
          // A session the job opened is ended (or was never opened), whatever the outcome.
          const operations = job.world.vault.requests.map((r) => r.operation);
          const signedIn = operations.includes('whoAmI') || operations.includes('mint');
          if (signedIn) expect(operations).toContain('endSession');
        } finally {
          await job.close();
        }
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});
