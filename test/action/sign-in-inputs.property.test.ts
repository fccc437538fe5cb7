// The sign-in inputs are mutually exclusive: oauth-profile-id selects the OAuth sign-in and then no stored credential
// (access-token, username, password, aws-secret-id) may be given; without it exactly one stored credential source is
// required, and the OAuth-only inputs are refused. Checked on the pure validation (the bundle runs it before any
// request; test/action/oauth.test.ts shows that end to end), for every combination fast-check draws.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActionInputError } from '../../action/src/inputs/input-error.js';
import type { RawInputs } from '../../action/src/inputs/read-inputs.js';
import { type ActionInputs, validateInputs } from '../../action/src/inputs/validate-inputs.js';

// Written out here rather than imported, so a rule dropped from the code cannot drop out of the test with it.
const STORED_CREDENTIAL_INPUTS = ['access-token', 'username', 'password', 'aws-secret-id'];
const OAUTH_ONLY_INPUTS = ['oauth-token-url', 'oauth-client-id', 'oauth-scope', 'oauth-audience', 'vault-login-url'];

const PARENT_TOKEN = 'veeva-vault-parent-token-value-0123456789';
const PASSWORD = 'correct horse battery staple';

const BLANK: RawInputs = {
  'vault-dns': 'myvault.veevavault.com',
  'api-version': 'v26.2',
  'access-token': '',
  username: '',
  password: '',
  'aws-secret-id': '',
  'oauth-profile-id': '',
  'oauth-token-url': '',
  'oauth-client-id': '',
  'oauth-scope': '',
  'oauth-audience': '',
  'vault-login-url': '',
  'user-id': '',
  sandbox: '',
  'expires-in': '1h',
  'token-name': '',
  'client-id': '',
  'retry-max-attempts': '',
};

const VALUES: Readonly<Record<string, string>> = {
  'access-token': PARENT_TOKEN,
  username: 'integration@example.com',
  password: PASSWORD,
  'aws-secret-id': 'vault/ci',
  'oauth-profile-id': '0oa-profile',
  'oauth-token-url': 'https://login.microsoftonline.com/tenant/oauth2/v2.0/token',
  'oauth-client-id': '00000000-0000-0000-0000-000000000001',
  'oauth-scope': 'api://vault-login/.default',
  'oauth-audience': 'api://AzureADTokenExchange',
  'vault-login-url': 'https://login.veevavault.com',
};

type Outcome = { readonly ok: ActionInputs } | { readonly problems: readonly string[] };

function validate(raw: RawInputs): Outcome {
  try {
    return { ok: validateInputs(raw, { value: true }, { env: {}, uniqueSuffix: () => 'abc123' }) };
  } catch (error) {
    if (!(error instanceof ActionInputError)) throw error;
    return { problems: error.problems };
  }
}

const given = fc.record({
  oauth: fc.boolean(),
  stored: fc.subarray(STORED_CREDENTIAL_INPUTS),
  oauthOnly: fc.subarray(OAUTH_ONLY_INPUTS),
});

function rawFor(choice: { oauth: boolean; stored: readonly string[]; oauthOnly: readonly string[] }): RawInputs {
  const raw: Record<string, string> = { ...BLANK };
  const names = [...choice.stored, ...choice.oauthOnly, ...(choice.oauth ? ['oauth-profile-id'] : [])];
  for (const name of names) raw[name] = VALUES[name] ?? '';
  if (choice.oauth) {
    // What the OAuth sign-in cannot do without: its own required inputs are always given here.
    raw['oauth-token-url'] = VALUES['oauth-token-url']!;
    raw['oauth-client-id'] = VALUES['oauth-client-id']!;
  }
  return raw as unknown as RawInputs;
}

describe('sign-in inputs: mutual exclusion (property)', () => {
  it('oauth-profile-id with any stored credential is refused, each clash naming both inputs; alone it selects OAuth', () => {
    fc.assert(
      fc.property(given, (choice) => {
        fc.pre(choice.oauth);
        const outcome = validate(rawFor(choice));
        if (choice.stored.length === 0) {
          expect(outcome).toHaveProperty('ok');
          const { credential } = (outcome as { ok: ActionInputs }).ok;
          expect(credential.kind).toBe('oauth');
          return;
        }
        expect(outcome).toHaveProperty('problems');
        const { problems } = outcome as { problems: readonly string[] };
        for (const name of choice.stored) {
          expect(problems.some((p) => p.startsWith(`oauth-profile-id, ${name}: `))).toBe(true);
        }
        // Nothing else is blamed on the sign-in inputs, and no secret value is echoed.
        expect(problems).toHaveLength(choice.stored.length);
        expect(problems.join('\n')).not.toContain(PARENT_TOKEN);
        expect(problems.join('\n')).not.toContain(PASSWORD);
      }),
      { numRuns: 200 },
    );
  });

  it('without oauth-profile-id: exactly one stored source is accepted, and every OAuth-only input is refused by name', () => {
    fc.assert(
      fc.property(given, (choice) => {
        fc.pre(!choice.oauth);
        const outcome = validate(rawFor(choice));
        const stored = new Set(choice.stored);
        const hasPair = stored.has('username') || stored.has('password');
        const sources = Number(stored.has('access-token')) + Number(hasPair) + Number(stored.has('aws-secret-id'));
        const pairComplete = stored.has('username') === stored.has('password');
        if (sources === 1 && pairComplete && choice.oauthOnly.length === 0) {
          expect(outcome).toHaveProperty('ok');
          expect((outcome as { ok: ActionInputs }).ok.credential.kind).not.toBe('oauth');
          return;
        }
        expect(outcome).toHaveProperty('problems');
        const { problems } = outcome as { problems: readonly string[] };
        for (const name of choice.oauthOnly) {
          expect(problems.some((p) => p.startsWith(`${name}: only used by the OAuth sign-in`))).toBe(true);
        }
        if (sources === 0) expect(problems.some((p) => p.includes('no credential given'))).toBe(true);
        if (sources > 1) expect(problems.some((p) => p.includes('more than one credential source'))).toBe(true);
        expect(problems.join('\n')).not.toContain(PARENT_TOKEN);
        expect(problems.join('\n')).not.toContain(PASSWORD);
      }),
      { numRuns: 200 },
    );
  });

  it('the OAuth settings are checked before any request, each problem naming its input', () => {
    const cases: [Partial<Record<keyof RawInputs, string>>, string][] = [
      [{ 'oauth-token-url': '' }, 'oauth-token-url: required with oauth-profile-id'],
      [{ 'oauth-client-id': '' }, 'oauth-client-id: required with oauth-profile-id'],
      [{ 'vault-dns': '' }, 'vault-dns: required with oauth-profile-id'],
      [{ 'oauth-token-url': 'http://login.example.com/token' }, 'oauth-token-url: expected an https URL'],
      [{ 'oauth-token-url': 'https://user:secret@login.example.com/token' }, 'oauth-token-url: expected an https URL'],
      [{ 'vault-login-url': 'https://login.veevavault.com/path' }, 'vault-login-url: expected an https origin'],
      [{ 'oauth-profile-id': 'has spaces' }, 'oauth-profile-id: expected'],
      [{ 'oauth-audience': 'two audiences' }, 'oauth-audience: expected one audience'],
      [{ 'oauth-scope': 'a\nb' }, 'oauth-scope: expected'],
    ];
    for (const [overrides, expected] of cases) {
      const raw = { ...rawFor({ oauth: true, stored: [], oauthOnly: [] }), ...overrides } as RawInputs;
      const outcome = validate(raw);
      expect({ overrides, outcome }).toMatchObject({ overrides, outcome: { problems: [expect.stringContaining(expected)] } });
      expect(JSON.stringify(outcome)).not.toContain('secret@');
    }
  });

  it('loopback http is allowed for the token and login URLs (the simulators), and the defaults are filled in', () => {
    const raw = {
      ...rawFor({ oauth: true, stored: [], oauthOnly: [] }),
      'oauth-token-url': 'http://127.0.0.1:8080/tenant/oauth2/v2.0/token',
      'vault-login-url': 'http://localhost:8081',
    } as RawInputs;
    const outcome = validate(raw);
    expect(outcome).toMatchObject({
      ok: { credential: { kind: 'oauth', oauth: { scope: undefined, audience: 'api://AzureADTokenExchange' } } },
    });
    const defaults = validate(rawFor({ oauth: true, stored: [], oauthOnly: [] }));
    expect(defaults).toMatchObject({ ok: { credential: { oauth: { loginUrl: 'https://login.veevavault.com' } } } });
  });
});
