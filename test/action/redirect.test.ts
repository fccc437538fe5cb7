// The committed action never follows a redirect: its transport (node:http without a proxy) is not fetch, so the
// client's refusal is pinned here on the bundle itself. The parent token must not reach the Location host, nothing is
// minted, and the step names the redirect.
import { beforeEach, describe, expect, it } from 'vitest';
import { success, useRedirectPair } from '../shared/support/stub-server.js';
import { expectNoLeaks, runJob } from './support/job.js';

const PARENT = 'veeva-vault-REDIRECTPARENT0123456789';
const servers = useRedirectPair();

describe.each([307, 302])('HTTP %i from Vault to the action', (status) => {
  beforeEach(() => {
    servers.elsewhere.fallback = success({ users: [{ user: { id: 1 } }], data: { id: 'X', token__sys: 'veeva-vault-X' } });
    servers.vault.fallback = { status, text: '', headers: { Location: `${servers.elsewhere.url}/steal` } };
  });

  it('fails the step naming the redirect; the Location host receives nothing', async () => {
    const job = await runJob({
      inputs: { 'vault-dns': servers.vault.url, 'access-token': PARENT, 'retry-max-attempts': '1' },
      secrets: [{ label: 'parent token', value: PARENT }],
    });
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.failed).toBe(true);
    expect(job.main.result.errors[0]).toMatch(new RegExp(`HTTP ${status} \\(a redirect\\).*never followed`));
    expect(servers.elsewhere.requests).toHaveLength(0);
    expect(servers.vault.requests).toHaveLength(1);
  });
});
