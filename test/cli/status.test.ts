// `vault-api-token status`, end to end: after a bootstrap through the CLI and rotations driven the way the service
// drives them, the report says which version holds which token, what Vault thinks of each, and what to worry about.
import { randomUUID } from 'node:crypto';
import { CancelRotateSecretCommand, PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotationTokenName } from '../../shared/rotated-secret/index.js';
import { runRotation } from '../../simulator/rotation-driver.js';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import type { RotationInvoker } from '../../simulator/secrets-manager-types.js';
import { invokerFor, loadBundledHandler } from '../functions/support/bundle.js';
import { secretsManagerBackends } from '../support/secrets-manager-backends.js';
import { type CliWorld, LAMBDA_ARN, passwordBootstrapArgs, runCli, secretValue, startCliWorld } from './support.js';

interface Booted {
  readonly name: string;
  readonly secretArn: string;
  readonly tokenId: string;
}

interface StatusJson {
  generatedAt: string;
  secrets: {
    name: string;
    arn: string;
    rotation: { enabled: boolean; schedule?: string; nextRotation?: string; lastRotated?: string };
    versions: { versionId: string; stages: string[]; tokenId?: string; expiresAt?: string; createdAt?: string }[];
    tokens?: { id: string; state: string; heldBy: string[] }[];
    warnings: { code: string; message: string }[];
  }[];
}

for (const backend of secretsManagerBackends) {
  describe.skipIf(backend.skip)(`vault-api-token status against ${backend.name}`, () => {
    let world: CliWorld;
    let sm: SecretsManagerClient;
    let invoke: RotationInvoker;
    const fleetTag = `fleet-${randomUUID().slice(0, 6)}`;
    /** Bootstrapped once, side by side: `fresh` is only read; `rotated` and `fleet` are each changed by one test. */
    let fresh: Booted;
    let rotated: Booted;
    let fleet: Booted;
    let pending: Booted;
    let handMade: Booted;

    beforeAll(async () => {
      world = await startCliWorld({ backend: () => backend.start() });
      sm = clientFor(world.sm);
      invoke = invokerFor(loadBundledHandler(world.sm.env()));
      const roles = ['fresh', 'rotated', 'fleet', 'pending', 'hand-made'].map((role) => bootstrap(`cli/status/${role}-${randomUUID().slice(0, 8)}`));
      [fresh, rotated, fleet, pending, handMade] = (await Promise.all(roles)) as [Booted, Booted, Booted, Booted, Booted];
    });
    afterAll(async () => {
      sm?.destroy();
      await world?.close();
    });

    async function bootstrap(name: string): Promise<Booted> {
      const run = await runCli(passwordBootstrapArgs(world, name, ['--tag', `vault-api-token=${fleetTag}`, '--json']), {
        env: world.env,
        stdin: world.vault.bootstrapUser.password,
        secrets: world.secrets,
      });
      expect(run.code, run.stderr).toBe(0);
      return { name, ...(JSON.parse(run.stdout) as { secretArn: string; tokenId: string }) };
    }

    async function status(args: string[]) {
      const run = await runCli(['status', ...args], { env: world.env, secrets: world.secrets });
      return { ...run, json: args.includes('--json') && run.stdout !== '' ? (JSON.parse(run.stdout) as StatusJson) : undefined };
    }

    it('right after bootstrap: one version, its token active in Vault, and a warning that rotation is off (exit 3)', async () => {
      const boot = fresh;
      const run = await status(['--secret-id', boot.name, '--json']);
      expect(run.code, run.stderr).toBe(3);
      const [report] = run.json?.secrets ?? [];
      expect(report?.arn).toBe(boot.secretArn);
      expect(report?.versions).toEqual([expect.objectContaining({ stages: ['AWSCURRENT'], tokenId: boot.tokenId })]);
      expect(report?.tokens).toEqual([expect.objectContaining({ id: boot.tokenId, state: 'active', heldBy: ['AWSCURRENT'] })]);
      expect(report?.warnings.map((w) => w.code)).toEqual(['rotation-disabled']);
      // One date format everywhere: ISO 8601 to the second (createdAt was epoch ms, other dates had .000Z).
      expect(run.stdout.match(/.*\.\d{3}Z.*/g) ?? []).toEqual([]);
      for (const date of [run.json?.generatedAt, report?.versions[0]?.createdAt, report?.versions[0]?.expiresAt]) {
        expect(date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      }
    });

    it.skipIf(backend.name === 'moto' && backend.diverges('rotation-metadata'))(
      'after two rotations: AWSCURRENT and AWSPREVIOUS tokens active, the bootstrap token orphaned or revoked, schedule and dates shown',
      async () => {
        const boot = rotated;
        const name = boot.name;
        for (let n = 0; n < 2; n += 1) {
          const result = await runRotation({ backend: world.sm, secretId: boot.secretArn, invoke, rotationLambdaArn: LAMBDA_ARN, automaticallyAfterDays: 30 });
          expect(result.succeeded, result.errors.map((e) => e.message).join('; ')).toBe(true);
        }
        const run = await status(['--secret-id', boot.secretArn, '--json']);
        const [report] = run.json?.secrets ?? [];
        expect(report?.rotation).toMatchObject({ enabled: true, schedule: 'every 30 days' });
        expect(report?.rotation.nextRotation).toEqual(expect.any(String));
        const current = report?.versions.find((v) => v.stages.includes('AWSCURRENT'));
        const previous = report?.versions.find((v) => v.stages.includes('AWSPREVIOUS'));
        expect(current?.tokenId).toEqual(expect.any(String));
        const states = new Map(report?.tokens?.map((t) => [t.id, t.state]));
        expect(states.get(current?.tokenId as string)).toBe('active');
        expect(states.get(previous?.tokenId as string)).toBe('active');
        // The rotation engine revokes it at this rotation (revoked) or the next one (orphaned until then).
        expect(['orphaned', 'revoked']).toContain(states.get(boot.tokenId));
        expect(run.code).toBe(states.get(boot.tokenId) === 'orphaned' ? 3 : 0);

        const table = await status(['--secret-id', name]);
        expect(table.stdout).toMatch(new RegExp(`Secret ${name}`));
        expect(table.stdout).toMatch(/rotation {3}enabled, every 30 days/);
        expect(table.stdout).toMatch(new RegExp(`${current?.versionId} +AWSCURRENT +${current?.tokenId} +\\d{4}-\\d\\d-\\d\\dT\\S+ +\\d+`));
        expect(table.stdout).toMatch(/Vault tokens named vat:[0-9a-f]{12}:\*: 2 active/);
      },
    );

    it('--all by tag lists every secret of the fleet; rotation disabled, an orphan and a stuck AWSPENDING are warned about', async () => {
      const [a, b] = [fleet, fresh];
      // An orphan: a token named for the secret that no version holds (a mint whose store never happened).
      world.vault.issueToken(world.vault.bootstrapUser.id, { name: rotationTokenName(a.secretArn, randomUUID()), expiresAt: Date.now() + 86_400_000 });
      await world.sm.startRotation(a.secretArn, randomUUID(), { rotationLambdaArn: LAMBDA_ARN, automaticallyAfterDays: 30 });
      await sm.send(new CancelRotateSecretCommand({ SecretId: a.secretArn }));
      const run = await status(['--all', '--tag', `vault-api-token=${fleetTag}`, '--json']);
      expect(run.code).toBe(3);
      const names = run.json?.secrets.map((s) => s.arn) ?? [];
      expect(names).toEqual(expect.arrayContaining([a.secretArn, b.secretArn]));
      const report = run.json?.secrets.find((s) => s.arn === a.secretArn);
      const codes = report?.warnings.map((w) => w.code) ?? [];
      expect(codes).toEqual(expect.arrayContaining(['rotation-disabled', 'orphaned-tokens']));
      if (backend.name === 'stand-in') expect(codes).toContain('pending-stuck');
      const other = await status(['--all', '--tag', `vault-api-token=nobody`, '--json']);
      expect(other.json?.secrets).toEqual([]);
      expect(other.code).toBe(0);
    });

    it('a rotation just started (AWSPENDING on a version without a value) is reported as in progress or stuck, exit 3', async () => {
      await world.sm.startRotation(pending.secretArn, randomUUID(), { rotationLambdaArn: LAMBDA_ARN, automaticallyAfterDays: 30 });
      const run = await status(['--secret-id', pending.secretArn, '--json']);
      const codes = run.json?.secrets[0]?.warnings.map((w) => w.code) ?? [];
      expect(run.code).toBe(3);
      expect(codes.some((code) => code === 'rotation-in-progress' || code === 'pending-stuck'), codes.join(', ')).toBe(true);
      if (backend.name === 'stand-in') expect(codes).toContain('rotation-in-progress');
      const table = await status(['--secret-id', pending.secretArn]);
      expect(table.stdout).toMatch(/AWSPENDING is on version/);
    });

    it('a hand-made token still active in AWSPREVIOUS (after a recovery) is warned about', async () => {
      const rotatorValue = await secretValue(sm, handMade.secretArn);
      const made = world.vault.issueToken(world.vault.bootstrapUser.id, { name: 'made by hand', expiresAt: Date.now() + 30 * 86_400_000 });
      world.secrets.push(made.token);
      await sm.send(new PutSecretValueCommand({ SecretId: handMade.secretArn, SecretString: JSON.stringify({ vaultDns: rotatorValue.vaultDns, accessToken: made.token }) }));
      await sm.send(new PutSecretValueCommand({ SecretId: handMade.secretArn, SecretString: JSON.stringify(rotatorValue) }));
      const run = await status(['--secret-id', handMade.secretArn, '--json']);
      const warnings = run.json?.secrets[0]?.warnings ?? [];
      expect(run.code).toBe(3);
      expect(warnings).toContainEqual({ code: 'foreign-token', message: expect.stringMatching(/^AWSPREVIOUS \(version \S+\) holds a token with no tokenId, which Vault accepts/) });
    });

    it('--no-vault reports from Secrets Manager alone; a missing secret fails with exit 1', async () => {
      world.vault.clearRequests();
      const [run, missing] = await Promise.all([
        status(['--secret-id', fresh.secretArn, '--no-vault', '--json']),
        status(['--secret-id', 'cli/does-not-exist']),
      ]);
      expect(run.json?.secrets[0]?.tokens).toBeUndefined();
      expect(world.vault.requests).toEqual([]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/secret cli\/does-not-exist was not found \(ResourceNotFoundException/);
    });
  });
}
