// In-process checks of the pieces the bundle tests cannot reach cheaply: the default token name for any run
// context, failure messages, per-record revoke outcomes, and multi-line masking.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActionCore, MainDeps, PostDeps } from '../../action/src/deps.js';
import type { ActionInputs } from '../../action/src/inputs/validate-inputs.js';
import { describeFailure } from '../../action/src/job-log/failure-text.js';
import { maskSecret } from '../../action/src/job-log/mask-secret.js';
import { resolveConnection, sameVault } from '../../action/src/mint/connection.js';
import { CLOCK_SKEW_MARGIN_MS, post } from '../../action/src/revoke/post-step.js';
import {
  defaultTokenName,
  markedTokenName,
  TOKEN_NAME_MAX,
  TOKEN_NAME_PATTERN,
} from '../../action/src/inputs/token-name.js';
import { VaultApiError, VaultConfigError } from '../../shared/errors.js';
import { Secret } from '../../shared/secret.js';
import type { RevokeOutcome, VaultSession } from '../../shared/types.js';

describe('default token name', () => {
  it('fits Vault and the lookup rule for any run context, and keeps the unique suffix', () => {
    fc.assert(
      fc.property(
        fc.record({
          GITHUB_REPOSITORY: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
          GITHUB_RUN_ID: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
          GITHUB_RUN_ATTEMPT: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
          GITHUB_JOB: fc.option(fc.string({ maxLength: 100 }), { nil: undefined }),
        }),
        fc.stringMatching(/^[0-9a-f]{6}$/),
        (env, suffix) => {
          const name = defaultTokenName(env, suffix);
          expect(name.length).toBeLessThanOrEqual(TOKEN_NAME_MAX);
          expect(name).toMatch(TOKEN_NAME_PATTERN);
          expect(name.endsWith(`/${suffix}`)).toBe(true);
        },
      ),
    );
  });

  it('keeps a chosen name and adds the suffix, cutting the name to fit', () => {
    expect(markedTokenName('matrix-deploy', 'abc123')).toBe('matrix-deploy/abc123');
    const long = markedTokenName('x'.repeat(TOKEN_NAME_MAX), 'abc123');
    expect(long).toHaveLength(TOKEN_NAME_MAX);
    expect(long.endsWith('/abc123')).toBe(true);
  });

  it('reads as the run it came from', () => {
    const env = { GITHUB_REPOSITORY: 'octo/repo_x', GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'build' };
    expect(defaultTokenName(env, 'abc123')).toBe('gha/octo/repo_x/run-77-2/build/abc123');
  });
});

describe('failure messages', () => {
  it('name the input for a client configuration error', () => {
    expect(describeFailure(new VaultConfigError('clientId', 'expected 1–100 characters'))).toBe(
      'client-id: expected 1–100 characters',
    );
  });

  it('are never empty and never carry a token', () => {
    expect(describeFailure(new Error(''))).toBe('Error');
    expect(describeFailure(undefined)).toBe('undefined');
    const token = `veeva-vault-${'f'.repeat(40)}`;
    expect(describeFailure(new Error(`boom ${token}`))).toBe('boom [REDACTED]');
  });
});

describe('masking', () => {
  it('registers the whole value and each line, skipping empty values', () => {
    const masked: string[] = [];
    const core = { setSecret: (value: string) => masked.push(value) };
    maskSecret(core, '');
    maskSecret(core, '   ');
    maskSecret(core, 'line-one\n line-two \n');
    expect(masked).toEqual(['line-one\n line-two \n', 'line-one\n line-two', 'line-one', 'line-two']);
  });
});

describe('post step outcomes', () => {
  const STATE = {
    token: `veeva-vault-${'a'.repeat(40)}`,
    tokenId: 'V8T000000000001',
    expiresAt: '2026-06-01T13:00:00Z',
    vaultOrigin: 'https://myvault.veevavault.com',
    apiVersion: 'v26.2',
    clientId: 'vault-api-token-action',
  };

  function fakeCore(state: Record<string, string>, inputs: Record<string, string> = { revoke: 'true' }) {
    const lines: string[] = [];
    const core = {
      getInput: (name: string) => inputs[name] ?? '',
      getBooleanInput: (name: string) => {
        const value = inputs[name] ?? '';
        if (['true', 'True', 'TRUE'].includes(value)) return true;
        if (['false', 'False', 'FALSE'].includes(value)) return false;
        throw new TypeError('not a boolean');
      },
      getState: (name: string) => state[name] ?? '',
      setSecret: () => {},
      info: (message: string) => lines.push(`info: ${message}`),
      warning: (message: string | Error) => lines.push(`warning: ${String(message)}`),
      debug: () => {},
    } as unknown as ActionCore;
    return { core, lines };
  }

  function deps(core: ActionCore, outcome: RevokeOutcome | Error, now = Date.parse('2026-06-01T12:30:00Z')): PostDeps {
    const session = {
      revokeTokens: async () => {
        if (outcome instanceof Error) throw outcome;
        return [outcome];
      },
      close: async () => {},
    } as unknown as VaultSession;
    return { core, env: {}, now: () => new Date(now), openSession: () => session };
  }

  it('reports a per-record failure as one warning with Vault’s error type', async () => {
    const { core, lines } = fakeCore(STATE);
    const outcome: RevokeOutcome = {
      id: STATE.tokenId,
      outcome: 'failed',
      errorType: 'INSUFFICIENT_ACCESS',
      message: 'nope',
    };
    await post(deps(core, outcome));
    expect(lines).toEqual([
      `warning: Token revocation failed for ${STATE.tokenId} (revokeTokens: INSUFFICIENT_ACCESS: nope). It stays valid until ${STATE.expiresAt} unless deleted in Vault (${STATE.vaultOrigin}).`,
    ]);
  });

  it('reports a token Vault says is gone as info', async () => {
    const { core, lines } = fakeCore(STATE);
    await post(deps(core, { id: STATE.tokenId, outcome: 'gone' }));
    expect(lines).toEqual([`info: Token ${STATE.tokenId} was already gone (expired or deleted); nothing to revoke.`]);
  });

  it('turns an unexpected error into a warning, never a throw', async () => {
    const { core, lines } = fakeCore(STATE);
    await post(deps(core, new Error('socket hang up')));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warning: Token revocation failed for V8T000000000001: socket hang up\. It stays valid/);
  });

  it('warns about state that lacks what revoking needs', async () => {
    const { core, lines } = fakeCore({ token: STATE.token });
    await post(deps(core, { id: STATE.tokenId, outcome: 'revoked' }));
    expect(lines[0]).toMatch(/^warning: Token revocation failed: the main step's saved state lacks tokenId/);
  });

  it('skips once the runner clock is the skew margin or more past the expiry, and tries before', async () => {
    const expiry = Date.parse(STATE.expiresAt);
    const atMargin = fakeCore(STATE);
    await post(deps(atMargin.core, { id: STATE.tokenId, outcome: 'revoked' }, expiry + CLOCK_SKEW_MARGIN_MS));
    expect(atMargin.lines).toEqual([`info: Token ${STATE.tokenId} expired at ${STATE.expiresAt}; nothing to revoke.`]);
    const justInside = fakeCore(STATE);
    await post(deps(justInside.core, { id: STATE.tokenId, outcome: 'revoked' }, expiry + CLOCK_SKEW_MARGIN_MS - 1));
    expect(justInside.lines).toEqual([`info: Token ${STATE.tokenId} revoked.`]);
  });

  it('revokes a held token whatever note post also finds: notes explain, they never skip', async () => {
    const notes: Record<string, string>[] = [
      { skipped: 'revoke-false' },
      { skipped: 'home-unknown' },
      { revokedInMain: STATE.tokenId },
      { revokedInMain: 'V8T000000000999' },
    ];
    for (const note of notes) {
      let tried = 0;
      const { core, lines } = fakeCore({ ...STATE, ...note }, { revoke: 'false' });
      const base = deps(core, { id: STATE.tokenId, outcome: 'revoked' });
      await post({
        ...base,
        openSession: (options, credentials) => {
          tried += 1;
          return base.openSession(options, credentials);
        },
      });
      expect({ note, tried, lines }).toEqual({ note, tried: 1, lines: [`info: Token ${STATE.tokenId} revoked.`] });
    }
  });

  it('says a held token main already revoked is gone in main’s words, quietly', async () => {
    const { core, lines } = fakeCore({ ...STATE, revokedInMain: STATE.tokenId });
    await post(deps(core, new VaultApiError({
      operation: 'revokeTokens',
      message: 'Invalid or expired session ID.',
      type: 'INVALID_SESSION_ID',
      responseStatus: 'FAILURE',
      httpStatus: 200,
      executionId: undefined,
      errors: [],
      retryable: false,
    })));
    expect(lines).toEqual([
      `info: Token ${STATE.tokenId} was already revoked by the main step (the job was cancelled while it was minted); nothing to revoke.`,
    ]);
  });

  it('still revokes when the revoke input is unreadable but a token was handed over', async () => {
    const { core, lines } = fakeCore(STATE, { revoke: 'maybe' });
    await post(deps(core, { id: STATE.tokenId, outcome: 'revoked' }));
    expect(lines).toEqual([`info: Token ${STATE.tokenId} revoked.`]);
  });
});

describe('vault-dns against the secret’s vaultDns', () => {
  it('is the same Vault when the origins agree, a bare host meaning https and :443 being the default', () => {
    expect(sameVault('myvault.veevavault.com', 'https://myvault.veevavault.com:443')).toBe(true);
    expect(sameVault('https://MyVault.veevavault.com/', 'myvault.veevavault.com')).toBe(true);
    expect(sameVault('http://127.0.0.1:80', 'http://127.0.0.1')).toBe(true);
    expect(sameVault('myvault.veevavault.com', 'https://myvault.veevavault.com:8443')).toBe(false);
    expect(sameVault('myvault.veevavault.com', 'othervault.veevavault.com')).toBe(false);
  });

  it('accepts vault-dns https://myvault.veevavault.com:443 with a secret naming myvault.veevavault.com', async () => {
    const token = new Secret(`veeva-vault-${'b'.repeat(40)}`);
    const connection = await resolveConnection(
      {
        vaultDns: 'https://myvault.veevavault.com:443',
        apiVersion: 'v26.2',
        credential: { kind: 'aws-secret', secretId: 'vault/ci' },
      } as ActionInputs,
      {
        core: { setSecret: () => {} },
        env: {},
        readAwsSecret: async () => ({ vaultDns: 'myvault.veevavault.com', apiVersion: undefined, accessToken: token }),
      } as unknown as MainDeps,
    );
    expect(connection.vaultDns).toBe('myvault.veevavault.com');
  });
});
