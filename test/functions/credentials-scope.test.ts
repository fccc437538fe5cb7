// A credentials secret must be one the deployment declared (CredentialsSecretArns / CredentialsSecretNamePrefix): the
// role denies writes to exactly those. One readable only because it sits in the rotated scope is refused before use.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { credentialsScopeFrom, isDeclaredCredentialsSecret } from '../../functions/rotation/fleet/credentials-scope.js';
import { createFleet } from '../../functions/rotation/fleet/fleet.js';
import { rotate } from '../../functions/rotation/handler.js';
import { UnitWorld } from './support/unit-world.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:';

describe('credentialsScopeFrom / isDeclaredCredentialsSecret', () => {
  it('outside a template deployment (no variables) every readable secret may be named', () => {
    expect(credentialsScopeFrom({})).toBeUndefined();
    expect(isDeclaredCredentialsSecret(undefined, `${ARN}anything-AbCdEf`)).toBe(true);
  });

  it('a template deployment admits the listed ARNs and the credentials name prefix, nothing else', () => {
    const scope = credentialsScopeFrom({
      CREDENTIALS_SECRET_ARNS: `${ARN}minter-AbCdEf, ${ARN}other-GhIjKl`,
      CREDENTIALS_SECRET_NAME_PREFIX: 'vault-credentials/',
    });
    expect(isDeclaredCredentialsSecret(scope, `${ARN}minter-AbCdEf`)).toBe(true);
    expect(isDeclaredCredentialsSecret(scope, `${ARN}other-GhIjKl`)).toBe(true);
    expect(isDeclaredCredentialsSecret(scope, `${ARN}vault-credentials/x-AbCdEf`)).toBe(true);
    expect(isDeclaredCredentialsSecret(scope, `${ARN}vault-tokens/x-AbCdEf`)).toBe(false);
    expect(isDeclaredCredentialsSecret(scope, `${ARN}minter-ZzZzZz`)).toBe(false);
    // Empty variables (the template's value when a parameter is unused) declare nothing.
    const none = credentialsScopeFrom({ CREDENTIALS_SECRET_ARNS: '', CREDENTIALS_SECRET_NAME_PREFIX: '' });
    fc.assert(fc.property(fc.string(), (name) => !isDeclaredCredentialsSecret(none, `${ARN}${name}`)));
  });
});

describe('createSecret with a credentials secret the deployment did not declare', () => {
  it('is refused naming credentialsSecretArn before any Vault call; a declared one is used', async () => {
    const world = new UnitWorld();
    const credentialsSecretArn = world.credentialsSecret({ username: 'integration@acme.test', password: 'user-password-123' });
    const deps = {
      ...world.deps,
      fleet: createFleet({ allowedVaultHosts: '*.vault.test', credentialsScope: { arns: [], namePrefix: 'vault-credentials/' } }),
    };
    const handler = rotate(deps);
    const { arn } = world.bootstrap({ credentialsSecretArn });
    const versionId = world.sm.startRotation(arn);
    const callsBefore = world.vault.calls.length;
    const error = await handler({ Step: 'createSecret', SecretId: arn, ClientRequestToken: versionId }, {} as never, {
      signal: new AbortController().signal,
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('SecretValueError');
    expect(error?.message).toMatch(/credentialsSecretArn: secret .* is not declared as a credentials secret/);
    expect(error?.message).not.toContain('user-password-123');
    expect(world.vault.calls.length).toBe(callsBefore);

    const declaredDeps = {
      ...world.deps,
      fleet: createFleet({ allowedVaultHosts: '*.vault.test', credentialsScope: { arns: [credentialsSecretArn], namePrefix: '' } }),
    };
    await rotate(declaredDeps)({ Step: 'createSecret', SecretId: arn, ClientRequestToken: versionId }, {} as never, {
      signal: new AbortController().signal,
    });
    expect(world.sm.versionWith(arn, 'AWSPENDING')).toBe(versionId);
  });
});
