// aws-secret-id: the Vault connection read from a Secrets Manager secret in the rotation function's format, through
// the real SDK in the bundle (AWS_ENDPOINT_URL_SECRETS_MANAGER + dummy credentials in the step's env). Against the
// project's stand-in always, and against moto when `moto_server` is installed.

import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMotoServer, startMoto } from '../../simulator/moto.js';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import type { SecretsManagerBackend } from '../../simulator/secrets-manager-types.js';
import { expectNoLeaks, maskLabels, runJob } from './support/job.js';
import { jobOutputs } from './support/masker.js';
import { mintedTokens, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

const motoMissing = findMotoServer() === undefined;
if (motoMissing)
  console.warn('SKIPPED: aws-secret-id against moto — moto_server is not on PATH (pip install "moto[server]")');

const backends: { name: string; start: () => Promise<SecretsManagerBackend | undefined>; skip: boolean }[] = [
  { name: 'the Secrets Manager stand-in', start: () => startSecretsManagerStandIn(), skip: false },
  { name: 'moto', start: () => startMoto(), skip: motoMissing },
];

let secretCounter = 0;

for (const backendCase of backends) {
  describe.skipIf(backendCase.skip)(`aws-secret-id against ${backendCase.name}`, () => {
    const vault = useVault();
    let backend: SecretsManagerBackend;
    beforeAll(async () => {
      const started = await backendCase.start();
      if (!started) throw new Error(`${backendCase.name} did not start`);
      backend = started;
    });
    afterAll(async () => {
      await backend?.close();
    });

    const putSecret = async (value: string): Promise<string> => {
      secretCounter += 1;
      const name = `vault/ci-${secretCounter}`;
      const client = clientFor(backend);
      try {
        await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
      } finally {
        client.destroy();
      }
      return name;
    };

    it('mints with the secret’s token on the secret’s Vault, masking the token as soon as it is read', async () => {
      const sim = vault();
      const secretId = await putSecret(
        JSON.stringify({
          vaultDns: sim.url,
          apiVersion: 'v26.2',
          accessToken: sim.bootstrapToken,
          tokenId: sim.bootstrapTokenId,
          userId: sim.bootstrapUser.id,
          revokePrevious: 'next-rotation',
        }),
      );
      const job = await runJob({
        inputs: { 'aws-secret-id': secretId },
        env: backend.env(),
        preload: PINNED_CLOCK,
        secrets: parentSecrets(sim),
      });

      expect(job.main.result.failed).toBe(false);
      expectNoLeaks(job.main, job.post);
      expect(maskLabels(job.masker, parentSecrets(sim))[0]).toBe('parent token');
      expect(job.main.result.outputs['user-id']).toBe(sim.bootstrapUser.id);
      expect(job.main.result.state.vaultOrigin).toBe(sim.url);
      expect(jobOutputs(job.masker, job.main.result.outputs).dropped).toEqual(['token']);
      expect(job.post.text).toContain('revoked.');
      expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
    });

    it('uses vault-dns when the secret has no vaultDns', async () => {
      const sim = vault();
      const secretId = await putSecret(JSON.stringify({ accessToken: sim.bootstrapToken }));
      const job = await runJob({
        inputs: { 'aws-secret-id': secretId, 'vault-dns': sim.url },
        env: backend.env(),
        preload: PINNED_CLOCK,
        secrets: parentSecrets(sim),
      });
      expect(job.main.result.failed).toBe(false);
      expectNoLeaks(job.main, job.post);
      expect(mintedTokens(sim)).toHaveLength(1);
    });

    it('refuses a vault-dns that differs from the secret’s, sending nothing to Vault', async () => {
      const sim = vault();
      const secretId = await putSecret(JSON.stringify({ vaultDns: sim.url, accessToken: sim.bootstrapToken }));
      const job = await runJob({
        inputs: { 'aws-secret-id': secretId, 'vault-dns': 'other.veevavault.com' },
        env: backend.env(),
        preload: PINNED_CLOCK,
        secrets: parentSecrets(sim),
      });
      expect(job.main.result.failed).toBe(true);
      expectNoLeaks(job.main, job.post);
      expect(job.main.result.errors[0]).toMatch(
        /^vault-dns: "other.veevavault.com" differs from the secret's vaultDns/,
      );
      expect(sim.requests).toEqual([]);
    });

    it('names aws-secret-id when the secret has no accessToken', async () => {
      const sim = vault();
      const secretId = await putSecret(JSON.stringify({ vaultDns: sim.url }));
      const job = await runJob({ inputs: { 'aws-secret-id': secretId }, env: backend.env(), preload: PINNED_CLOCK });
      expect(job.main.result.failed).toBe(true);
      expect(job.main.result.errors[0]).toContain(`aws-secret-id: secret "${secretId}" has no accessToken`);
      expect(sim.requests).toEqual([]);
    });

    // Issue #10: such a token used to be sent, retried four times and reported as a network error.
    it('refuses an accessToken with a line break inside, naming aws-secret-id, sending nothing to Vault', async () => {
      const sim = vault();
      const broken = `${sim.bootstrapToken.slice(0, 20)}\n${sim.bootstrapToken.slice(20)}`;
      const secretId = await putSecret(JSON.stringify({ vaultDns: sim.url, accessToken: broken }));
      const job = await runJob({
        inputs: { 'aws-secret-id': secretId },
        env: backend.env(),
        preload: PINNED_CLOCK,
        secrets: [...parentSecrets(sim), { label: 'broken token', value: broken }],
      });
      expectNoLeaks(job.main, job.post);
      expect(job.main.result.failed).toBe(true);
      expect(job.main.result.errors[0]).toBe(
        `aws-secret-id: secret "${secretId}" field accessToken: contains a line break; a Vault API token is one line, so check the secret (its value is not shown)`,
      );
      expect(sim.requests).toEqual([]);
    });

    it('refuses an accessToken without the veeva-vault- prefix, naming aws-secret-id and the field', async () => {
      const sim = vault();
      const bare = sim.bootstrapToken.slice('veeva-vault-'.length);
      const secretId = await putSecret(JSON.stringify({ vaultDns: sim.url, accessToken: bare }));
      const job = await runJob({
        inputs: { 'aws-secret-id': secretId },
        env: backend.env(),
        preload: PINNED_CLOCK,
        secrets: [...parentSecrets(sim), { label: 'unprefixed token', value: bare }],
      });
      expectNoLeaks(job.main, job.post);
      expect(job.main.result.failed).toBe(true);
      expect(job.main.result.errors[0]).toBe(
        `aws-secret-id: secret "${secretId}" field accessToken: does not start with "veeva-vault-" as every Vault API access token does, so check the secret (its value is not shown)`,
      );
      expect(sim.requests).toEqual([]);
    });

    it('masks a secret that is not JSON (it may be a bare token) and says what format is expected', async () => {
      const sim = vault();
      const secretId = await putSecret(sim.bootstrapToken);
      const job = await runJob({
        inputs: { 'aws-secret-id': secretId },
        env: backend.env(),
        preload: PINNED_CLOCK,
        secrets: parentSecrets(sim),
      });
      expect(job.main.result.failed).toBe(true);
      expectNoLeaks(job.main, job.post);
      expect(maskLabels(job.masker, parentSecrets(sim))).toEqual(['parent token']);
      expect(job.main.result.errors[0]).toContain('is not JSON; expected a JSON object in the rotation function');
      expect(sim.requests).toEqual([]);
    });

    it('names aws-secret-id and the AWS error when the secret does not exist', async () => {
      const sim = vault();
      const job = await runJob({
        inputs: { 'aws-secret-id': 'vault/missing' },
        env: backend.env(),
        preload: PINNED_CLOCK,
      });
      expect(job.main.result.failed).toBe(true);
      expect(job.main.result.errors[0]).toMatch(
        /^aws-secret-id: could not read secret "vault\/missing" from Secrets Manager: ResourceNotFoundException/,
      );
      expect(sim.requests).toEqual([]);
    });
  });
}
