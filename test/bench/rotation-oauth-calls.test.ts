// The OAuth-mode row of `npm run bench -- --calls` (bench/rotation-oauth-calls.ts): Vault sign-ins, STS calls and token
// exchanges counted from the operation names the child records, over the same steady state as the token-mode row.
import { describe, expect, it } from 'vitest';
import type { RotationRecord, StepCalls } from '../../bench/child/protocol.js';
import { countOAuthCalls, measureOAuthCalls } from '../../bench/rotation-oauth-calls.js';

const step = (name: string, secretsManager: string[], vault: string[], identity: string[] = []): StepCalls => ({
  step: name,
  secretsManager,
  vault,
  identity,
  cpuMs: 1,
});

function rotation(index: number, signIn: boolean): RotationRecord {
  return {
    index,
    succeeded: true,
    wallMs: 10,
    errors: [],
    steps: [
      step(
        'createSecret',
        ['DescribeSecret', 'GetSecretValue'],
        signIn ? ['oauthSession', 'mint'] : ['mint'],
        signIn ? ['GetWebIdentityToken', 'token', 'introspect'] : [],
      ),
      step('finishSecret', ['UpdateSecretVersionStage'], ['query', 'delete']),
    ],
  };
}

describe('OAuth-mode call counts', () => {
  it('counts sign-ins, STS calls and token exchanges apart (introspection is Vault asking, not the function)', () => {
    expect(countOAuthCalls(rotation(1, true).steps)).toEqual({
      secretsManager: 3,
      vault: 4,
      signIns: 1,
      sts: 1,
      tokenExchanges: 1,
    });
  });

  it('reports the steady state with no sign-in after the first rotation signed in once', () => {
    const result = measureOAuthCalls([1, 2, 3, 4, 5].map((index) => rotation(index, index === 1)));
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]).toMatchObject({
      measurement: '4. API calls per steady-state rotation, OAuth sign-in',
      ours: '3 SM + 3 Vault = 6, 0 sign-in(s) (rotations 3–5, n=3, all identical)',
      goal: '—',
      met: 'n/a',
    });
    expect(result.notes.join('\n')).toContain('all 5 rotations together 1 Vault sign-in(s)');
  });
});
