// The GitHub Actions ID-token stand-in, driven by the real @actions/core getIDToken() through the variables a runner
// sets; tokens verified with jose against the issuer's published keys.
import * as core from '@actions/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startGitHubActionsOidc } from '../../simulator/identity/github-actions.js';
import { startOidcIssuer } from '../../simulator/identity/issuer.js';
import { captureOutput } from '../../simulator/output-capture.js';
import { useClosers, verifyByDiscovery } from './identity-support.js';

const started = useClosers();

afterEach(() => {
  vi.unstubAllEnvs();
});

/** getIDToken as a step calls it, with the runner's variables; its workflow commands are captured, not printed. */
async function getIDTokenWith(env: Record<string, string>, audience?: string) {
  vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_URL', env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '');
  vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_TOKEN', env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? '');
  const output = captureOutput();
  try {
    const token = await core.getIDToken(audience);
    return { token, output: output.text() };
  } finally {
    output.restore();
  }
}

describe('GitHub Actions OIDC stand-in', () => {
  it('answers @actions/core getIDToken with a JWT GitHub-shaped and signed by the issuer', async () => {
    const github = await started(startGitHubActionsOidc());
    const { token, output } = await getIDTokenWith(github.env(), 'api://AzureADTokenExchange');
    // The toolkit masked it the moment it existed.
    expect(output).toContain(`::add-mask::${token}`);
    const audience = 'api://AzureADTokenExchange';
    const { payload, alg } = await verifyByDiscovery(token, github.issuer.url, { audience });
    expect(alg).toBe('RS256');
    expect(payload).toMatchObject({
      iss: github.issuer.url,
      sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      aud: 'api://AzureADTokenExchange',
      repository: 'octo-org/octo-repo',
      repository_owner: 'octo-org',
      ref: 'refs/heads/main',
      ref_type: 'branch',
      event_name: 'workflow_dispatch',
      job_workflow_ref: 'octo-org/octo-repo/.github/workflows/mint.yml@refs/heads/main',
      runner_environment: 'github-hosted',
    });
    for (const claim of ['jti', 'sha', 'workflow', 'run_id', 'run_attempt', 'actor', 'repository_id']) {
      expect(payload[claim], claim).toEqual(expect.any(String));
    }
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(payload.nbf!).toBeLessThanOrEqual(payload.iat!);
    expect(github.issued).toBe(1);
  });

  it('without an audience the token is for the repository owner, as GitHub documents', async () => {
    const github = await started(startGitHubActionsOidc({ job: { repository: 'acme/vault-jobs' } }));
    const { token } = await getIDTokenWith(github.env());
    const { payload } = await verifyByDiscovery(token, github.issuer.url);
    expect(payload.aud).toBe('https://github.com/acme');
    expect(github.defaultAudience).toBe('https://github.com/acme');
  });

  it('an environment makes the subject repo:OWNER/REPO:environment:NAME; setJob changes later tokens', async () => {
    const github = await started(startGitHubActionsOidc({ job: { environment: 'prod' } }));
    expect(github.subject).toBe('repo:octo-org/octo-repo:environment:prod');
    const first = await verifyByDiscovery((await getIDTokenWith(github.env(), 'a')).token, github.issuer.url);
    expect(first.payload).toMatchObject({ sub: 'repo:octo-org/octo-repo:environment:prod', environment: 'prod' });
    github.setJob({ environment: undefined, eventName: 'pull_request' });
    const second = await verifyByDiscovery((await getIDTokenWith(github.env(), 'a')).token, github.issuer.url);
    expect(second.payload.sub).toBe('repo:octo-org/octo-repo:pull_request');
    github.setJob({}, 'repo:octo-org/octo-repo:custom');
    expect(github.subject).toBe('repo:octo-org/octo-repo:custom');
  });

  it('refuses a wrong request token, and getIDToken reports the failure', async () => {
    const github = await started(startGitHubActionsOidc());
    await expect(
      getIDTokenWith({ ...github.env(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' }, 'a'),
    ).rejects.toThrow(/Failed to get ID Token[\s\S]*401/);
    expect(github.requests.at(-1)).toMatchObject({ operation: 'idToken', httpStatus: 401, error: 'unauthorized' });
    expect(github.issued).toBe(0);
  });

  it('without id-token: write the runner sets no variables, which getIDToken reports', async () => {
    const github = await started(startGitHubActionsOidc({ idTokenWrite: false }));
    expect(github.env()).toEqual({});
    await expect(getIDTokenWith(github.env(), 'a')).rejects.toThrow(/ACTIONS_ID_TOKEN_REQUEST_URL/);
  });

  it('can share an issuer, sign ES384, and never shows its request token when printed', async () => {
    const issuer = await started(startOidcIssuer({ algorithms: ['ES384'] }));
    const options = { issuer, algorithm: 'ES384', requestToken: 'sekrit-request' } as const;
    const github = await started(startGitHubActionsOidc(options));
    const { token } = await getIDTokenWith(github.env(), 'a');
    expect((await verifyByDiscovery(token, issuer.url)).alg).toBe('ES384');
    const { inspect } = await import('node:util');
    expect(inspect(github)).not.toContain('sekrit-request');
    expect(JSON.stringify(github)).not.toContain('sekrit-request');
    await github.close();
    // The shared issuer is not closed with it.
    expect((await fetch(issuer.jwksUri)).status).toBe(200);
  });

  it('injected faults: a service error fails the call; lost-answer issues a token nobody receives', async () => {
    const github = await started(startGitHubActionsOidc());
    github.injectFault({ operation: 'idToken', kind: { type: 'service-error', status: 500 } });
    const failed = await fetch(`${github.requestUrl}&audience=a`, {
      headers: { Authorization: `Bearer ${github.requestToken}` },
    });
    expect(failed.status).toBe(500);
    github.injectFault({ operation: 'idToken', kind: { type: 'lost-answer' } });
    await expect(
      fetch(`${github.requestUrl}&audience=a`, { headers: { Authorization: `Bearer ${github.requestToken}` } }),
    ).rejects.toThrow();
    expect(github.issued).toBe(1);
    expect(github.requests.map((r) => [r.httpStatus, r.fault])).toEqual([
      [500, 'service-error'],
      [0, 'lost-answer'],
    ]);
  });
});
