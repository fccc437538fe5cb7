// `vault-api-token audit`, end to end: every active token of the user, whose it is, and what is wrong.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotationTokenName } from '../../shared/rotated-secret/index.js';
import { type CliWorld, passwordBootstrapArgs, runCli, startCliWorld } from './support.js';

interface AuditJson {
  userId: string;
  tokens: { id: string; name: string; neverExpires: boolean; owner: string; secret?: string; orphaned: boolean; heldBy: string[] }[];
  warnings: { code: string; message: string }[];
}

describe('vault-api-token audit', () => {
  let world: CliWorld;

  beforeAll(async () => {
    world = await startCliWorld({ vault: { allowNonExpiring: true } });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('lists each token with its secret (by prefix), never-expiring ones and orphans, and exits 3 on warnings', async () => {
    const name = `cli/audit/${randomUUID().slice(0, 8)}`;
    const boot = await runCli(passwordBootstrapArgs(world, name, ['--json']), {
      env: world.env,
      stdin: world.vault.bootstrapUser.password,
      secrets: world.secrets,
    });
    expect(boot.code, boot.stderr).toBe(0);
    const { secretArn, tokenId } = JSON.parse(boot.stdout) as { secretArn: string; tokenId: string };
    const userId = world.vault.bootstrapUser.id;
    const orphan = world.vault.issueToken(userId, { name: rotationTokenName(secretArn, randomUUID()), expiresAt: Date.now() + 86_400_000 });
    const forever = world.vault.issueToken(userId, { name: 'made by hand, no expiry', expiresAt: null });
    const gone = world.vault.issueToken(userId, { name: 'vat:0123456789ab:lost', expiresAt: Date.now() + 86_400_000 });
    const action = world.vault.issueToken(userId, { name: 'gha/acme/app/run-1-1/deploy/abc', expiresAt: Date.now() + 900_000 });

    const run = await runCli(['audit', '--vault-dns', world.vault.url, '--token-stdin', '--json'], {
      env: world.env,
      stdin: world.vault.bootstrapToken,
      secrets: [...world.secrets, orphan.token, forever.token],
    });
    expect(run.code, run.stderr).toBe(3);
    const report = JSON.parse(run.stdout) as AuditJson;
    expect(report.userId).toBe(userId);
    const byId = new Map(report.tokens.map((t) => [t.id, t]));
    expect(byId.get(tokenId)).toMatchObject({ owner: 'rotator', secret: name, orphaned: false, heldBy: ['AWSCURRENT'] });
    expect(byId.get(orphan.id)).toMatchObject({ owner: 'rotator', secret: name, orphaned: true });
    expect(byId.get(forever.id)).toMatchObject({ owner: 'other', neverExpires: true, orphaned: false });
    expect(byId.get(gone.id)).toMatchObject({ owner: 'rotator', orphaned: true });
    expect(byId.get(gone.id)?.secret).toBeUndefined();
    expect(byId.get(action.id)).toMatchObject({ owner: 'action', orphaned: false });
    // One shape with status --json's warnings: a code and a message.
    expect(report.warnings).toContainEqual({ code: 'never-expires', message: expect.stringMatching(new RegExp(`never expire: .*${forever.id}`)) });
    expect(report.warnings).toContainEqual({ code: 'orphaned-tokens', message: expect.stringMatching(new RegExp(`held by no version of their secret: .*${orphan.id}`)) });

    const table = await runCli(['audit', '--vault-dns', world.vault.url, '--username', world.vault.bootstrapUser.userName, '--password-stdin'], {
      env: world.env,
      stdin: world.vault.bootstrapUser.password,
      secrets: world.secrets,
    });
    expect(table.code).toBe(3);
    expect(table.stdout).toMatch(new RegExp(`${tokenId} +vat:[0-9a-f]{12}:\\S+ +\\S+ +${name.replace(/\//g, '\\/')} +AWSCURRENT`));
    expect(table.stdout).toMatch(new RegExp(`${forever.id} .* NEVER`));
    expect(table.stdout).toMatch(new RegExp(`${orphan.id} .* ORPHANED`));
  });

  it('without AWS (--no-aws) owners are by name only and orphans are not judged', async () => {
    const run = await runCli(['audit', '--vault-dns', world.vault.url, '--token-stdin', '--no-aws', '--json'], {
      env: world.env,
      stdin: world.vault.bootstrapToken,
      secrets: world.secrets,
    });
    const report = JSON.parse(run.stdout) as AuditJson;
    expect(report.tokens.some((t) => t.orphaned)).toBe(false);
    expect(report.tokens.filter((t) => t.owner === 'rotator').length).toBeGreaterThan(0);
  });
});
