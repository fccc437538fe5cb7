// `npm start -- --oauth`: the same rotator with no stored Vault credential anywhere. The function proves its own AWS
// identity with a JWT from STS GetWebIdentityToken (the STS stand-in, through the real @aws-sdk/client-sts), an
// Entra-like authorization server trusts that identity through a federated credential and issues an access token,
// and Vault's OAuth profile turns it into a session that mints. The operator bootstraps without a hand-made token
// and without typing a password; revoking the current token is no re-bootstrap. Everything on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { openVaultSession, Secret } from '../shared/index.js';
import { awsStsSignIn, startOAuthWorld } from '../simulator/identity/oauth-world.js';
import { clientFor } from '../simulator/secrets-manager/client.js';
import type { DemoArgs } from './args.js';
import { createCleanup } from './cleanup.js';
import type { DemoOutput } from './demo.js';
import { bytes } from './format.js';
import { runOperatorCli } from './operator-cli.js';
import { readVersion } from './rotated-secret.js';
import { buildRotationFunction, loadRotationFunction } from './rotation-function.js';
import { ROTATIONS, type RotationWorld, rotateOnce } from './rotations.js';
import { startSecretsManager } from './secrets-manager.js';
import { createTokenNames } from './vault-tokens.js';

const DEMO_ALLOWED_VAULT_HOSTS = '127.0.0.1:*';
const SECRET_NAME = 'demo/vault-api-token';
const CREDENTIALS_NAME = 'demo/vault-oauth-sign-in';

export async function runOAuthDemo(args: DemoArgs, out: DemoOutput): Promise<void> {
  const { narrator, watch } = out;
  const cleanup = createCleanup();
  const realFetch = globalThis.fetch;
  let closeFailures: string[];
  try {
    narrator.plain('vault-api-token demo, --oauth: a Vault token rotated with NO stored Vault credential anywhere,');
    narrator.plain('all on 127.0.0.1. Token, JWT, access-token and session values are never printed; ids are.');
    // Every credential that crosses the wire is remembered, so the closing self-check looks for each of them.
    globalThis.fetch = async (input, init) => {
      const sent = new URLSearchParams(typeof init?.body === 'string' ? init.body : '');
      for (const name of ['client_assertion', 'client_secret']) watch.remember(sent.get(name) ?? '');
      const bearer = new Headers(init?.headers).get('authorization');
      if (bearer?.startsWith('Bearer ')) watch.remember(bearer.slice('Bearer '.length));
      const response = await realFetch(input, init);
      const text = await response.clone().text();
      for (const match of text.matchAll(/"(?:access_token|sessionId)"\s*:\s*"([^"]+)"/g)) watch.remember(match[1]!);
      return response;
    };
    cleanup.defer('the credential tap', async () => {
      globalThis.fetch = realFetch;
    });

    const world = await startOAuthWorld();
    cleanup.defer('the OAuth world', () => world.close());
    const names = createTokenNames();
    narrator.step('Identity world on loopback');
    narrator.say(`Vault simulator ${world.vault.url}; OAuth profile ${world.profile.id} introspects at the authorization server`);
    narrator.say(`and maps the application's subject to user ${world.vaultUser.userName} (id ${world.vaultUser.id})`);
    narrator.say(`STS stand-in (GetWebIdentityToken) for account ${world.sts.accountId}, issuer ${world.sts.issuer.url}`);
    narrator.say(`authorization server: application ${world.application.clientId} trusts, by federated credential,`);
    narrator.say(`the subject ${world.sts.principal.arn} (the function's role, as STS states it)`);

    const { backend, description } = await startSecretsManager(args.secretsManager);
    cleanup.defer('the Secrets Manager', () => backend.close());
    const sm = clientFor(backend);
    cleanup.defer('the SDK client', async () => sm.destroy());
    narrator.step(`Secrets Manager: ${description}`);

    // Inside the repository, not the system's temporary directory: the bundle imports @aws-sdk/client-sts at run time
    // (the Lambda runtime provides it; here node_modules does), and Node resolves it from the bundle's own location.
    const buildRoot = fileURLToPath(new URL('../build/', import.meta.url));
    mkdirSync(buildRoot, { recursive: true });
    const buildDir = mkdtempSync(join(buildRoot, 'demo-oauth-'));
    cleanup.defer('the build directory', async () => rmSync(buildDir, { recursive: true, force: true }));
    const built = await buildRotationFunction(buildDir);
    const env = { ...backend.env(), ...world.sts.env(), ALLOWED_VAULT_HOSTS: DEMO_ALLOWED_VAULT_HOSTS };
    const rotator = loadRotationFunction(built, env, out.heldBack);
    narrator.step('Rotation function built for deployment and loaded as built');
    narrator.say(`${built.bundlePath} (${bytes(built.bundleBytes)}); its AWS identity is the STS stand-in's role`);
    narrator.say(`(template: AllowWebIdentityToken=true grants sts:GetWebIdentityToken); ALLOWED_VAULT_HOSTS=${DEMO_ALLOWED_VAULT_HOSTS}`);

    const credentials = {
      oauth: awsStsSignIn(world),
      usableBy: ['arn:aws:secretsmanager:*:secret:demo/vault-api-token-??????'],
    };
    const created = await sm.send(
      new CreateSecretCommand({ Name: CREDENTIALS_NAME, SecretString: JSON.stringify(credentials) }),
    );
    narrator.step(`Credentials secret ${CREDENTIALS_NAME}: an OAuth sign-in, nothing secret in it`);
    for (const line of JSON.stringify(credentials, null, 2).split('\n')) narrator.quote(line);

    narrator.step(`Secret ${SECRET_NAME} bootstrapped with no hand-made token and no password`);
    const run = await runOperatorCli(narrator, [
      'bootstrap',
      '--secret-name',
      SECRET_NAME,
      '--vault-dns',
      world.vault.url,
      '--credentials-secret-arn',
      created.ARN!,
      '--first-token-by-rotation',
      '--yes',
    ]);
    if (run.code !== 0) throw new Error(`vault-api-token bootstrap exited ${run.code}`);
    const bootstrapVersion = await readVersion(sm, `${SECRET_NAME}`, { stage: 'AWSCURRENT' }, watch);
    const secretArn = /arn\s+(arn:\S+)/.exec(run.stdout)?.[1];
    if (secretArn === undefined) throw new Error('vault-api-token bootstrap printed no ARN');

    const rotationWorld: RotationWorld = {
      simulator: world.vault,
      userId: world.vaultUser.id,
      backend,
      sm,
      secretArn,
      rotator,
      narrator,
      watch,
      names,
      versionTokens: new Map([[bootstrapVersion.versionId, undefined]]),
    };
    const total = ROTATIONS + 1;
    for (let n = 1; n <= ROTATIONS; n += 1) await rotateOnce(rotationWorld, n, total);
    narrator.say(`sign-ins: ${world.sts.issued} STS token(s), ${world.authorizationServer.requests.filter((r) => r.operation === 'token').length} token exchange(s): the warm container reused its OAuth session`);

    const current = await readVersion(sm, secretArn, { stage: 'AWSCURRENT' }, watch);
    const admin = openVaultSession({ vaultDns: world.vault.url }, { kind: 'token', token: new Secret(world.vault.bootstrapToken) });
    watch.remember(world.vault.bootstrapToken);
    await admin.revokeTokens([current.tokenId!]);
    narrator.step(`An admin revokes the current token ${names.show(current.tokenId)} in Vault`);
    narrator.say('with a password or token chain that would mean a re-bootstrap by a person; here the next rotation');
    narrator.say('simply signs in again with OAuth and mints');
    await rotateOnce(rotationWorld, total, total);

    narrator.step('What the operator sees: vault-api-token status');
    const status = await runOperatorCli(narrator, ['status', '--secret-id', SECRET_NAME]);
    if (status.code !== 0 && status.code !== 3) throw new Error(`vault-api-token status exited ${status.code}`);
  } finally {
    closeFailures = await cleanup.closeAll();
    for (const failure of closeFailures) narrator.plain(`WARNING: ${failure}`);
  }
  if (closeFailures.length > 0) throw new Error(closeFailures.join('; '));
}
