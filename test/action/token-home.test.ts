// Where the minted token works: the Vault itself, or a sandbox found through Retrieve Sandboxes on the parent. Every
// way the lookup can come up empty leaves the home unknown with a reason, never an exception.

import { describe, expect, it } from 'vitest';
import { findTokenHome, unknownHomeWarning } from '../../action/src/mint/token-home.js';
import { VaultApiError } from '../../shared/errors.js';
import { Secret } from '../../shared/secret.js';
import type { MintTarget, SandboxLocation, VaultSession } from '../../shared/types.js';

const PARENT = { origin: 'https://veepharm.veevavault.com', host: 'veepharm.veevavault.com', apiVersion: 'v26.2' };
const SANDBOX: MintTarget = { kind: 'sandbox', sandboxName: 'UAT' };

function parentSession(answer: SandboxLocation | undefined | Error) {
  const lookups: string[] = [];
  const session = {
    target: PARENT,
    findSandbox: async (name: string) => {
      lookups.push(name);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as VaultSession;
  return { session, lookups };
}

describe('findTokenHome', () => {
  it.each([{ kind: 'self' }, { kind: 'user', userId: '61603' }] as const)(
    '%j: the Vault itself, with no lookup',
    async (target) => {
      const { session, lookups } = parentSession(undefined);
      await expect(findTokenHome(session, target)).resolves.toEqual({ kind: 'known', origin: PARENT.origin });
      expect(lookups).toEqual([]);
    },
  );

  it('a sandbox the parent lists: its origin', async () => {
    const { session, lookups } = parentSession({
      name: 'UAT',
      dns: 'veepharm-uat.veevavault.com',
      vaultId: '1001074',
      origin: 'https://veepharm-uat.veevavault.com',
    });
    await expect(findTokenHome(session, SANDBOX)).resolves.toEqual({
      kind: 'known',
      origin: 'https://veepharm-uat.veevavault.com',
    });
    expect(lookups).toEqual(['UAT']);
  });

  it('a sandbox the parent does not list: unknown, saying so', async () => {
    const { session } = parentSession(undefined);
    await expect(findTokenHome(session, SANDBOX)).resolves.toEqual({
      kind: 'unknown',
      sandboxName: 'UAT',
      reason: 'Retrieve Sandboxes on https://veepharm.veevavault.com lists no active sandbox by that name',
    });
  });

  it('a sandbox listed with the parent’s own DNS: unknown, since revoking there would only look like success', async () => {
    const { session } = parentSession({ name: 'UAT', dns: PARENT.host, vaultId: undefined, origin: PARENT.origin });
    const home = await findTokenHome(session, SANDBOX);
    expect(home).toMatchObject({ kind: 'unknown', reason: expect.stringContaining("the parent Vault's own DNS") });
  });

  it('a failed lookup: unknown, with Vault’s error and never a secret', async () => {
    const token = new Secret(`veeva-vault-${'b'.repeat(40)}`);
    const error = new VaultApiError({
      operation: 'findSandbox',
      message: `Looking up the sandbox (Retrieve Sandboxes) failed: denied for ${token.reveal()}`,
      type: 'INSUFFICIENT_ACCESS',
      responseStatus: 'FAILURE',
      httpStatus: 200,
      executionId: 'exec-1',
      errors: [],
      retryable: false,
    });
    const { session } = parentSession(error);
    const home = await findTokenHome(session, SANDBOX);
    expect(home.kind).toBe('unknown');
    const reason = home.kind === 'unknown' ? home.reason : '';
    expect(reason).toMatch(/^looking it up with Retrieve Sandboxes failed: Looking up the sandbox/);
    expect(reason).toContain('INSUFFICIENT_ACCESS');
    expect(reason).toContain('exec-1');
    expect(reason).not.toContain(token.reveal());
  });
});

describe('unknownHomeWarning', () => {
  const home = { kind: 'unknown', sandboxName: 'UAT', reason: 'the lookup failed' } as const;
  const token = { id: 'V8T000000000001', expiresAt: '2026-06-01T13:00:00Z' };

  it('with revoke on: names the sandbox, the reason, and that the token outlives the job', () => {
    expect(unknownHomeWarning(home, token, true)).toBe(
      'Sandbox "UAT": the lookup failed, so where its token works is unknown. Token V8T000000000001 cannot be revoked at job end; it stays valid until 2026-06-01T13:00:00Z unless deleted in the sandbox. The vault-dns output is empty.',
    );
  });

  it('with revoke off: no promise to break, only the empty output to explain', () => {
    expect(unknownHomeWarning(home, token, false)).toBe(
      'Sandbox "UAT": the lookup failed, so where its token works is unknown. Token V8T000000000001 stays valid until 2026-06-01T13:00:00Z. The vault-dns output is empty.',
    );
  });
});
