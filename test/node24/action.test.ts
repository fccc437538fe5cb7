// The committed action bundles (action.yml's runs.main and runs.post, `using: node24`) on Node 24, as the runner
// starts them: main mints against the Vault simulator on loopback, the token works for a later call to Vault, and
// post revokes it. With aws-secret-id, main also loads the AWS SDK chunk (a dynamic import) on Node 24.

import { execFileSync } from 'node:child_process';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import { openVaultSession } from '../../shared/index.js';
import { Secret } from '../../shared/secret.js';
import { readManifest, runStage } from '../action/support/runner.js';
import { mintedTokens, PINNED_CLOCK, useVault } from '../action/support/vault.js';
import { node24, node24Missing, requireNode24 } from '../support/node24.js';

describe.skipIf(node24Missing)(`the action bundles on Node 24 (${node24.version ?? 'absent'})`, () => {
  const vault = useVault();

  it('action.yml says node24, and the executable used is Node 24', () => {
    expect(readManifest().runs.using).toBe('node24');
    expect(execFileSync(requireNode24(), ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
  });

  it('main mints a token that a later step can use; post revokes it', async () => {
    const sim = vault();
    const nodePath = requireNode24();
    const inputs = { 'vault-dns': sim.url, 'access-token': sim.bootstrapToken, 'expires-in': '15m' };

    const main = await runStage('main', { inputs, preload: PINNED_CLOCK, nodePath });
    expect({ failed: main.failed, errors: main.errors }).toEqual({ failed: false, errors: [] });
    const token = main.outputs.token ?? '';
    expect(token).not.toBe('');
    expect(main.outputs['token-id']).toBe(mintedTokens(sim, { activeOnly: true })[0]?.id);

    // A later step of the job: an ordinary Vault API call with the minted token.
    const session = openVaultSession({ vaultDns: sim.url }, { kind: 'token', token: new Secret(token) });
    const me = await session.whoAmI();
    expect(me.userId).toBe(main.outputs['user-id']);

    const post = await runStage('post', { inputs, preload: PINNED_CLOCK, state: main.state, nodePath });
    expect({ failed: post.failed, warnings: post.warnings }).toEqual({ failed: false, warnings: [] });
    expect(sim.isTokenAccepted(token)).toBe(false);
    expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
  });

  it('aws-secret-id: reads the secret through the bundled AWS SDK on Node 24, mints, and post revokes', async () => {
    const sim = vault();
    const nodePath = requireNode24();
    const backend = await startSecretsManagerStandIn();
    try {
      const client = clientFor(backend);
      try {
        await client.send(
          new CreateSecretCommand({
            Name: 'vault/node24',
            SecretString: JSON.stringify({ vaultDns: sim.url, accessToken: sim.bootstrapToken }),
          }),
        );
      } finally {
        client.destroy();
      }
      const inputs = { 'aws-secret-id': 'vault/node24', 'expires-in': '15m' };
      const env = backend.env();
      const main = await runStage('main', { inputs, env, preload: PINNED_CLOCK, nodePath });
      expect({ failed: main.failed, errors: main.errors }).toEqual({ failed: false, errors: [] });
      expect(mintedTokens(sim, { activeOnly: true })).toHaveLength(1);
      const post = await runStage('post', { inputs, env, preload: PINNED_CLOCK, state: main.state, nodePath });
      expect({ failed: post.failed, warnings: post.warnings }).toEqual({ failed: false, warnings: [] });
      expect(mintedTokens(sim, { activeOnly: true })).toEqual([]);
    } finally {
      await backend.close();
    }
  });
});
