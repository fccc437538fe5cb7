// The whole demo, step by step. Everything it starts is registered with `cleanup` the moment it exists and closed in
// `finally`, whatever fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { clientFor } from '../simulator/secrets-manager/client.js';
import type { SecretsManagerBackend } from '../simulator/secrets-manager-types.js';
import { startVaultSimulator } from '../simulator/vault-simulator.js';
import type { VaultSimulator } from '../simulator/vault-simulator-types.js';
import { runActionJob } from './action-job.js';
import type { DemoArgs } from './args.js';
import { type Cleanup, createCleanup } from './cleanup.js';
import { showFinalState } from './final-state.js';
import { bytes, expiry } from './format.js';
import type { Narrator } from './narrator.js';
import { runOperatorCli } from './operator-cli.js';
import { readVersion } from './rotated-secret.js';
import { buildRotationFunction, loadRotationFunction, type RotationFunction } from './rotation-function.js';
import { ROTATIONS, type RotationWorld, rotateRepeatedly } from './rotations.js';
import { startSecretsManager } from './secrets-manager.js';
import type { TokenWatch } from './token-watch.js';
import { createTokenNames, type TokenNames } from './vault-tokens.js';

/** Where the demo's rotation function may connect: the Vault simulator on loopback (any port). */
const DEMO_ALLOWED_VAULT_HOSTS = '127.0.0.1:*';

export const SECRET_NAME = 'demo/vault-api-token';

export interface DemoOutput {
  readonly narrator: Narrator;
  readonly watch: TokenWatch;
  /** Lines the demo captured instead of printing (the Lambda's logs); the self-check scans them too. */
  readonly heldBack: string[];
}

export async function runDemo(args: DemoArgs, out: DemoOutput): Promise<void> {
  const { narrator, watch } = out;
  const cleanup = createCleanup();
  let closeFailures: string[];
  try {
    narrator.plain('vault-api-token demo: a Vault token rotated by the Lambda and minted by the GitHub Action,');
    narrator.plain(
      'all on 127.0.0.1 (no AWS account, no Vault). Token values are never printed; ids and expiries are.',
    );
    const names = createTokenNames();
    const simulator = await startVault(cleanup, out, names);
    const { backend, sm } = await startAws(args, cleanup, narrator);
    const rotator = await prepareRotationFunction(backend, cleanup, out);
    const world: RotationWorld = {
      simulator,
      userId: simulator.bootstrapUser.id,
      backend,
      sm,
      secretArn: await bootstrapSecret(simulator, narrator, names),
      rotator,
      narrator,
      watch,
      names,
      versionTokens: new Map(),
    };
    await rememberBootstrapVersion(world);

    await rotateRepeatedly(world);

    const current = await readVersion(sm, world.secretArn, { stage: 'AWSCURRENT' }, watch);
    await runActionJob({ ...world, awsEnv: backend.env(), parentTokenId: current.tokenId });

    await showFinalState(world, simulator.bootstrapTokenId);
    await showStatus(world);
  } finally {
    closeFailures = await cleanup.closeAll();
    for (const failure of closeFailures) narrator.plain(`WARNING: ${failure}`);
  }
  if (closeFailures.length > 0) throw new Error(closeFailures.join('; '));
}

async function startVault(cleanup: Cleanup, out: DemoOutput, names: TokenNames): Promise<VaultSimulator> {
  const simulator = await startVaultSimulator();
  cleanup.defer('the Vault simulator', () => simulator.close());
  const user = simulator.bootstrapUser;
  out.watch.remember(simulator.bootstrapToken);
  out.watch.remember(user.password);
  names.name(simulator.bootstrapTokenId, 'hand-made');
  const row = simulator.tokens({ userId: user.id }).find((token) => token.id === simulator.bootstrapTokenId);
  const expiresAt =
    typeof row?.expiresAt === 'number' ? `${new Date(row.expiresAt).toISOString().slice(0, 19)}Z` : undefined;
  out.narrator.step(`Vault simulator on ${simulator.url} (Vault id ${simulator.vaultId})`);
  out.narrator.say(`user ${user.userName} (id ${user.id})`);
  out.narrator.say(
    `a token as an admin would make it in Vault's UI: ${names.show(simulator.bootstrapTokenId)}, ` +
      `expires ${expiry(expiresAt)}`,
  );
  return simulator;
}

async function startAws(
  args: DemoArgs,
  cleanup: Cleanup,
  narrator: Narrator,
): Promise<{ backend: SecretsManagerBackend; sm: SecretsManagerClient }> {
  const { backend, description } = await startSecretsManager(args.secretsManager);
  cleanup.defer('the Secrets Manager', () => backend.close());
  const sm = clientFor(backend);
  cleanup.defer('the SDK client', () => sm.destroy());
  narrator.step(`Secrets Manager: ${description}`);
  narrator.say('reached through the real AWS SDK (AWS_ENDPOINT_URL_SECRETS_MANAGER) with dummy credentials');
  return { backend, sm };
}

async function prepareRotationFunction(
  backend: SecretsManagerBackend,
  cleanup: Cleanup,
  out: DemoOutput,
): Promise<RotationFunction> {
  const buildDir = mkdtempSync(join(tmpdir(), 'vat-demo-'));
  cleanup.defer('the build directory', () => rmSync(buildDir, { recursive: true, force: true }));
  const built = await buildRotationFunction(buildDir);
  // The deployment's trust boundary (template parameter AllowedVaultHosts), opened to the loopback simulator only.
  const env = { ...backend.env(), ALLOWED_VAULT_HOSTS: DEMO_ALLOWED_VAULT_HOSTS };
  const rotator = loadRotationFunction(built, env, out.heldBack);
  out.narrator.step('Rotation function built for deployment (scripts/build.mjs → rotate.cjs) and loaded as built');
  out.narrator.say(`ALLOWED_VAULT_HOSTS=${DEMO_ALLOWED_VAULT_HOSTS}: the function connects to the simulator and nowhere else`);
  out.narrator.say(`${built.bundlePath} (${bytes(built.bundleBytes)}), invoked in this process with a Lambda context`);
  return rotator;
}

/**
 * The bootstrap, as an operator does it: one `vault-api-token bootstrap` with the hand-made token on stdin. It mints
 * the secret's first token under the rotator's own name, stores it, and revokes the hand-made token. Returns the
 * secret's ARN, which is what Secrets Manager passes to the function as SecretId.
 */
async function bootstrapSecret(simulator: VaultSimulator, narrator: Narrator, names: TokenNames): Promise<string> {
  narrator.step(`Secret ${SECRET_NAME} bootstrapped with the operator's command, from the hand-made token`);
  const run = await runOperatorCli(
    narrator,
    [
      'bootstrap',
      '--secret-name',
      SECRET_NAME,
      '--vault-dns',
      simulator.url,
      '--token-stdin',
      '--revoke-bootstrap-token',
      '--bootstrap-token-id',
      simulator.bootstrapTokenId,
      '--yes',
      '--json',
    ],
    { stdin: simulator.bootstrapToken, quoteStdout: false },
  );
  if (run.code !== 0) throw new Error(`vault-api-token bootstrap exited ${run.code}`);
  const result = JSON.parse(run.stdout) as { secretArn: string; versionId: string; tokenId: string };
  names.name(result.tokenId, 'bootstrap');
  narrator.say(`ARN ${result.secretArn}`);
  narrator.say(`version ${result.versionId} (AWSCURRENT) holds ${names.show(result.tokenId)}, named for this secret,`);
  narrator.say(`so rotation owns it from the start; ${names.show(simulator.bootstrapTokenId)} is revoked`);
  narrator.say(
    `next: ${ROTATIONS} rotations with revokePrevious = next-rotation (the default): a replaced token stays`,
  );
  narrator.say('valid while AWSPREVIOUS holds it, and the finishSecret that takes AWSPREVIOUS off it revokes it');
  narrator.say('(so at rest exactly two are active). Readers holding the previous token have a whole interval to refresh.');
  return result.secretArn;
}

/** The day-two view: `vault-api-token status` on the rotated secret. Warnings (exit 3) are shown, not failures. */
async function showStatus(world: RotationWorld): Promise<void> {
  world.narrator.step('What the operator sees: vault-api-token status');
  const run = await runOperatorCli(world.narrator, ['status', '--secret-id', SECRET_NAME]);
  if (run.code !== 0 && run.code !== 3) throw new Error(`vault-api-token status exited ${run.code}`);
  world.narrator.say(run.code === 0 ? 'status: exit 0, no warnings' : 'status: exit 3, warnings as listed above');
}

/** The bootstrap version's token, for the narration of the rotations. */
async function rememberBootstrapVersion(world: RotationWorld): Promise<void> {
  const version = await readVersion(world.sm, world.secretArn, { stage: 'AWSCURRENT' }, world.watch);
  world.versionTokens.set(version.versionId, version.tokenId);
}
