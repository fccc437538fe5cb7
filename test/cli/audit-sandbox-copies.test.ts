// `vault-api-token audit` against a sandbox after a refresh: Vault copies production's tokens and their values into the
// refreshed sandbox, so the sandbox user holds active tokens named for the *production* secret. That secret rotates
// tokens on production and never revokes the copies here; audit flags them as copies (not held, not orphans) and says
// how to revoke them on this Vault. Tokens of a secret that rotates for this Vault are reported as before.

import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { auditToken, auditWarnings } from '../../cli/audit/classify.js';
import { rotationTokenName, secretTokenPrefix } from '../../shared/rotated-secret/index.js';
import { passwordBootstrapArgs, runCli, useCliWorld } from './support.js';

interface AuditJson {
  tokens: { id: string; owner: string; secret?: string; orphaned: boolean; heldBy: string[]; otherVault?: string }[];
  warnings: { code: string; message: string }[];
}

describe('audit: copies of another Vault’s tokens (a sandbox refresh)', () => {
  const cli = useCliWorld();

  it('flags a token named for a secret of another Vault as a copy, with how to revoke it here; exit 3', async () => {
    const { world, sm } = cli;
    // This Vault's own secret, bootstrapped as usual: its token is held by AWSCURRENT.
    const own = `cli/sandbox/${randomUUID().slice(0, 8)}`;
    const boot = await runCli(passwordBootstrapArgs(world, own, ['--json']), {
      env: world.env,
      stdin: world.vault.bootstrapUser.password,
      secrets: world.secrets,
    });
    expect(boot.code, boot.stderr).toBe(0);
    const { tokenId: ownTokenId } = JSON.parse(boot.stdout) as { tokenId: string };

    // The production secret rotates tokens on production; the refresh copied its current token (same record id) here.
    const userId = world.vault.bootstrapUser.id;
    const prodName = `prod/${randomUUID().slice(0, 8)}`;
    const versionId = randomUUID();
    const copyName = (arn: string) => rotationTokenName(arn, versionId);
    const { ARN: prodArn } = await sm.send(new CreateSecretCommand({ Name: prodName, SecretString: '{"vaultDns":"placeholder.veevavault.com"}' }));
    const copy = world.vault.issueToken(userId, { name: copyName(prodArn!), expiresAt: Date.now() + 86_400_000 });
    // Store the production value (another Vault; the copied token's record id) as the secret's AWSCURRENT.
    await sm.send(
      new PutSecretValueCommand({
        SecretId: prodArn,
        SecretString: JSON.stringify({ vaultDns: 'https://myvault.veevavault.com', accessToken: 'veeva-vault-elsewhere', tokenId: copy.id }),
        VersionStages: ['AWSCURRENT'],
      }),
    );

    const run = await runCli(['audit', '--vault-dns', world.vault.url, '--token-stdin', '--json'], {
      env: world.env,
      stdin: world.vault.bootstrapToken,
      secrets: [...world.secrets, copy.token],
    });
    expect(run.code, run.stderr).toBe(3);
    const report = JSON.parse(run.stdout) as AuditJson;
    const byId = new Map(report.tokens.map((t) => [t.id, t]));
    expect(byId.get(copy.id)).toMatchObject({
      owner: 'rotator',
      secret: prodName,
      otherVault: 'myvault.veevavault.com',
      orphaned: false,
      heldBy: [],
    });
    expect(byId.get(ownTokenId)).toMatchObject({ secret: own, orphaned: false, heldBy: ['AWSCURRENT'] });
    expect(byId.get(ownTokenId)?.otherVault).toBeUndefined();
    const warning = report.warnings.find((w) => w.message.includes('another Vault'))?.message;
    expect(report.warnings.find((w) => w.message.includes('another Vault'))?.code).toBe('sandbox-copies');
    expect(warning).toContain(copy.id);
    expect(warning).toContain('myvault.veevavault.com');
    expect(warning).toContain('sandbox refresh');
    expect(warning).toContain('Revoke them on this Vault');
    expect(warning).not.toContain(ownTokenId);

    const table = await runCli(['audit', '--vault-dns', world.vault.url, '--token-stdin'], {
      env: world.env,
      stdin: world.vault.bootstrapToken,
      secrets: [...world.secrets, copy.token],
    });
    expect(table.code).toBe(3);
    expect(table.stdout).toMatch(new RegExp(`${copy.id} .*\\(for myvault\\.veevavault\\.com\\) +COPY`));
    expect(table.stdout).toContain('WARNING (sandbox-copies): 1 token(s) carry the name of a secret that rotates tokens for another Vault');
  });

  it('classify: the same Vault (any case) is not a copy; another one is, whatever the secret holds', () => {
    const prefix = secretTokenPrefix('arn:x');
    const token = { id: 'V8T1', name: `${prefix}v`, expiresAt: '2027-01-01T00:00:00Z' };
    const secrets = (vaultHost: string | undefined) =>
      new Map([[prefix, { name: 's', held: new Map([['V8T1', ['AWSCURRENT']]]), vaultHost }]]);
    expect(auditToken(token, secrets('sbx.veevavault.com'), 'SBX.veevavault.com')).toMatchObject({ otherVault: undefined, heldBy: ['AWSCURRENT'] });
    expect(auditToken(token, secrets(undefined), 'sbx.veevavault.com')).toMatchObject({ otherVault: undefined, heldBy: ['AWSCURRENT'] });
    const copy = auditToken(token, secrets('prod.veevavault.com'), 'sbx.veevavault.com');
    expect(copy).toMatchObject({ otherVault: 'prod.veevavault.com', heldBy: [], orphaned: false });
    expect(auditWarnings([copy]).map((w) => w.message).join('\n')).toMatch(/another Vault \(prod\.veevavault\.com\)/);
  });
});
