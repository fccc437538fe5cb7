// HTTP_PROXY / HTTPS_PROXY / NO_PROXY are honoured with no extra flag (no NODE_USE_ENV_PROXY): the self-hosted
// runner case. The simulator speaks plain http on loopback, so HTTP_PROXY is the variable that applies.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ForwardProxy, startForwardProxy } from './support/forward-proxy.js';
import { expectNoLeaks, runJob } from './support/job.js';
import { mintedTokens, parentSecrets, PINNED_CLOCK, useVault } from './support/vault.js';

describe('proxy', () => {
  const vault = useVault();
  let proxy: ForwardProxy;
  beforeEach(async () => {
    proxy = await startForwardProxy();
  });
  afterEach(async () => {
    await proxy.close();
  });

  const inputs = (sim: { url: string; bootstrapToken: string }) => ({
    'vault-dns': sim.url,
    'access-token': sim.bootstrapToken,
  });

  it('sends main and post traffic through HTTP_PROXY', async () => {
    const sim = vault();
    let duringMain: string[] = [];
    const job = await runJob({
      inputs: inputs(sim),
      env: { HTTP_PROXY: proxy.url },
      preload: PINNED_CLOCK,
      between: () => {
        duringMain = [...proxy.log];
      },
      secrets: parentSecrets(sim),
    });
    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(duringMain.length).toBeGreaterThan(0);
    expect(proxy.log.length).toBeGreaterThan(duringMain.length);
    for (const entry of proxy.log) expect(entry).toContain(sim.host);
    expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
  });

  it('honours lower-case http_proxy too', async () => {
    const sim = vault();
    const job = await runJob({ inputs: inputs(sim), env: { http_proxy: proxy.url }, preload: PINNED_CLOCK });
    expect(job.main.result.failed).toBe(false);
    expect(proxy.log.length).toBeGreaterThan(0);
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    const sim = vault();
    const job = await runJob({
      inputs: inputs(sim),
      env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expect(job.main.result.failed).toBe(false);
    expectNoLeaks(job.main, job.post);
    expect(proxy.log).toEqual([]);
    expect(sim.requests.map((r) => r.operation)).toEqual(['whoAmI', 'mint', 'delete']);
  });

  it('fails clearly, minting nothing, when the proxy is unreachable', async () => {
    const sim = vault();
    const deadProxy = proxy.url;
    await proxy.close();
    const job = await runJob({
      inputs: inputs(sim),
      env: { HTTP_PROXY: deadProxy },
      preload: PINNED_CLOCK,
      secrets: parentSecrets(sim),
    });
    expect(job.main.result.failed).toBe(true);
    expectNoLeaks(job.main, job.post);
    expect(job.main.result.errors[0]).toContain('Vault whoAmI');
    expect(sim.requests).toEqual([]);
    expect(mintedTokens(sim)).toEqual([]);
  });
});
