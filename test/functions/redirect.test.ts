// The rotator never follows a Vault redirect: ALLOWED_VAULT_HOSTS vets only the secret's vaultDns, so a followed 307
// from an allowed host would hand the credentials secret's password (or the stored token) to a host never allowed.
import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createFleet } from '../../functions/rotation/fleet/fleet.js';
import { rotate } from '../../functions/rotation/handler.js';
import type { RotationEvent } from '../../functions/rotation/context.js';
import { openVaultSession } from '../../shared/index.js';
import { success, useRedirectPair } from '../shared/support/stub-server.js';
import { FakeSecretsManager } from './support/fake-secrets-manager.js';
import { MemoryLogger } from './support/memory-logger.js';

const PASSWORD = 'redirected-password-123';
const TOKEN = 'veeva-vault-REDIRECTTOKEN0123456789abcdef';

const servers = useRedirectPair();
beforeEach(() => {
  servers.elsewhere.fallback = success({ sessionId: 'STOLEN', userId: 1 });
  servers.vault.fallback = { status: 307, text: '', headers: { Location: `${servers.elsewhere.url}/steal` } };
});

function world() {
  const sm = new FakeSecretsManager();
  const logger = new MemoryLogger();
  const handler = rotate({
    secretsManager: sm.port,
    openVaultSession,
    logger,
    now: () => new Date(),
    tuning: { propagationAttempts: 1, propagationDelayMs: 1 },
    // Only the first loopback server's host:port is allowed; the redirect target's port is not.
    fleet: createFleet({ allowedVaultHosts: `${new URL(servers.vault.url).host}` }),
  });
  const createSecret = (arn: string, versionId: string) =>
    handler({ Step: 'createSecret', SecretId: arn, ClientRequestToken: versionId } as RotationEvent, {} as Context, {
      signal: new AbortController().signal,
    });
  return { sm, logger, createSecret };
}

describe('a 307 from an allowed Vault host', () => {
  it('password sign-in: nothing reaches the redirect target, the error names the step and status, nothing changes', async () => {
    const { sm, logger, createSecret } = world();
    const credentials = sm.createSecret(
      'vault-credentials-r',
      JSON.stringify({ usableBy: ['arn:aws:secretsmanager:*:secret:*'], username: 'integration@acme.test', password: PASSWORD }),
    );
    const arn = sm.createSecret(
      'vault-token-r',
      JSON.stringify({ vaultDns: servers.vault.url, accessToken: TOKEN, credentialsSecretArn: credentials }),
    );
    const before = sm.valueAt(arn, 'AWSCURRENT');
    const error = await createSecret(arn, sm.startRotation(arn)).catch((e: unknown) => e);
    expect(servers.elsewhere.requests).toHaveLength(0);
    expect(servers.vault.requests.length).toBeGreaterThan(0);
    expect(String((error as Error).message)).toMatch(/HTTP 307 \(a redirect\)/);
    expect(sm.valueAt(arn, 'AWSCURRENT')).toBe(before);
    const everything = `${String((error as Error).message)}\n${logger.text()}`;
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(TOKEN);
  });

  it('token call: the stored token never reaches the redirect target', async () => {
    const { sm, createSecret } = world();
    const arn = sm.createSecret('vault-token-t', JSON.stringify({ vaultDns: servers.vault.url, accessToken: TOKEN }));
    const error = await createSecret(arn, sm.startRotation(arn)).catch((e: unknown) => e);
    expect(servers.elsewhere.requests).toHaveLength(0);
    expect(servers.vault.requests.length).toBeGreaterThan(0);
    expect(String((error as Error).message)).toMatch(/HTTP 307 \(a redirect\)/);
    expect(String((error as Error).message)).not.toContain(TOKEN);
  });
});
