// Issue #10: aws-secret-id's Secrets Manager call goes through the same proxy settings as the Vault calls
// (HTTP_PROXY / HTTPS_PROXY, NO_PROXY honoured). The stand-in speaks plain http on loopback, so HTTP_PROXY applies;
// the Vault simulator is excluded with NO_PROXY in the first case so the proxy log shows only the AWS traffic.

import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import type { SecretsManagerBackend } from '../../simulator/secrets-manager-types.js';
import { type ForwardProxy, startForwardProxy } from './support/forward-proxy.js';
import { expectNoLeaks, runJob } from './support/job.js';
import { mintedTokens, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

describe('aws-secret-id behind a proxy', () => {
  const vault = useVault();
  let backend: SecretsManagerBackend;
  let proxy: ForwardProxy;
  let counter = 0;
  beforeAll(async () => {
    backend = await startSecretsManagerStandIn();
  });
  afterAll(async () => {
    await backend?.close();
  });
  beforeEach(async () => {
    proxy = await startForwardProxy();
  });
  afterEach(async () => {
    await proxy.close();
  });

  const putSecret = async (value: object): Promise<string> => {
    counter += 1;
    const name = `vault/proxied-${counter}`;
    const client = clientFor(backend);
    try {
      await client.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(value) }));
    } finally {
      client.destroy();
    }
    return name;
  };
  const awsHost = () => new URL(backend.endpoint).host;

  it('reads the secret through HTTP_PROXY', async () => {
    const sim = vault();
    const secretId = await putSecret({ vaultDns: sim.url, apiVersion: 'v26.2', accessToken: sim.bootstrapToken });
    const job = await runJob({
      inputs: { 'aws-secret-id': secretId },
      // Vault direct (its own proxy path has its own tests), AWS through the proxy.
      env: { ...backend.env(), HTTP_PROXY: proxy.url, NO_PROXY: sim.host },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(proxy.log.length).toBeGreaterThan(0);
    for (const entry of proxy.log) expect(entry).toContain(awsHost());
    expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
  });

  it('goes direct when NO_PROXY names the endpoint', async () => {
    const sim = vault();
    const secretId = await putSecret({ vaultDns: sim.url, apiVersion: 'v26.2', accessToken: sim.bootstrapToken });
    const job = await runJob({
      inputs: { 'aws-secret-id': secretId },
      env: { ...backend.env(), HTTP_PROXY: proxy.url, NO_PROXY: `${sim.host},${awsHost()}` },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(proxy.log).toEqual([]);
  });

  it('fails clearly, naming aws-secret-id and sending nothing to Vault, when the proxy is unreachable', async () => {
    const sim = vault();
    const secretId = await putSecret({ vaultDns: sim.url, apiVersion: 'v26.2', accessToken: sim.bootstrapToken });
    const deadProxy = proxy.url;
    await proxy.close();
    const job = await runJob({
      inputs: { 'aws-secret-id': secretId },
      env: { ...backend.env(), HTTP_PROXY: deadProxy, NO_PROXY: sim.host },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.failed).toBe(true);
    expect(job.main.result.errors[0]).toMatch(/^aws-secret-id: could not read secret "vault\/proxied-\d+" from Secrets Manager: /);
    expect(sim.requests).toEqual([]);
  });
});
