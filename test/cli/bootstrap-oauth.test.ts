// bootstrap --first-token-by-rotation with an OAuth credentials secret: no token made in the Vault UI, no password
// typed. The CLI (as a process) creates the secret with vaultDns and credentialsSecretArn; the stand-in's RotateSecret
// invokes the rotation function as built, which signs in with its own STS identity (the STS stand-in), exchanges it at
// the Entra-like authorization server and opens a Vault OAuth session to mint the first token.
import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsStsSignIn, type OAuthWorld, startOAuthWorld } from '../../simulator/identity/oauth-world.js';
import { capturingOutput } from '../../simulator/output-capture.js';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import type { RotationInvoker } from '../../simulator/secrets-manager-types.js';
import { invokerFor, loadBundledHandler } from '../functions/support/bundle.js';
import { LAMBDA_ARN, runCli, secretValue } from './support.js';

const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]+/;

describe('vault-api-token bootstrap --first-token-by-rotation (OAuth credentials secret)', () => {
  let world: OAuthWorld;
  let backend: SecretsManagerStandIn;
  let sm: SecretsManagerClient;
  let env: Record<string, string>;
  const functionLog: string[] = [];

  beforeAll(async () => {
    world = await startOAuthWorld();
    let invoke: RotationInvoker = async () => {
      throw new Error('the rotation function is not loaded yet');
    };
    backend = await startSecretsManagerStandIn({ rotationFunction: (event) => capturingOutput(functionLog, () => invoke(event)) });
    invoke = invokerFor(loadBundledHandler({ ...backend.env(), ...world.sts.env() }));
    env = { ...backend.env(), AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: backend.endpoint };
    sm = clientFor(backend);
  }, 60_000);
  afterAll(async () => {
    sm?.destroy();
    await backend?.close();
    await world?.close();
  });

  async function oauthCredentialsSecret(overrides: Record<string, unknown> = {}): Promise<string> {
    const created = await sm.send(
      new CreateSecretCommand({
        Name: `vault-credentials-${randomUUID().slice(0, 8)}`,
        SecretString: JSON.stringify({
          oauth: { ...awsStsSignIn(world), ...overrides },
          usableBy: ['arn:aws:secretsmanager:*:secret:cli/*'],
        }),
      }),
    );
    return created.ARN!;
  }

  it('creates the secret without a token, and the first rotation mints it from the OAuth sign-in (exit 0)', async () => {
    const credentialsArn = await oauthCredentialsSecret();
    const secretName = `cli/${randomUUID().slice(0, 8)}`;
    const run = await runCli(
      ['bootstrap', '--secret-name', secretName, '--vault-dns', world.vault.url, '--credentials-secret-arn', credentialsArn,
        '--first-token-by-rotation', '--rotation-lambda-arn', LAMBDA_ARN, '--json'],
      { env },
    );
    expect(run.code, `${run.stderr}\n${functionLog.join('\n')}`).toBe(0);
    expect(run.stderr).toContain('an OAuth sign-in (no stored Vault credential)');
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ firstTokenBy: 'rotation', credentials: 'oauth', userId: world.vaultUser.id });
    const value = await secretValue(sm, secretName);
    expect(value).toMatchObject({ vaultDns: world.vault.url, credentialsSecretArn: credentialsArn, tokenId: result.tokenId });
    expect(world.vault.isTokenAccepted(value.accessToken as string)).toBe(true);
    const described = await sm.send(new DescribeSecretCommand({ SecretId: secretName }));
    expect(described.RotationEnabled).toBe(true);
    expect(world.sts.issued).toBeGreaterThan(0);
    const everything = `${run.stdout}${run.stderr}${functionLog.join('\n')}`;
    expect(everything).not.toMatch(JWT);
    expect(everything).not.toContain(value.accessToken as string);
  });

  it('without --rotation-lambda-arn stores the secret and prints the command that mints the first token', async () => {
    const credentialsArn = await oauthCredentialsSecret();
    const secretName = `cli/${randomUUID().slice(0, 8)}`;
    const run = await runCli(
      ['bootstrap', '--secret-name', secretName, '--vault-dns', world.vault.url, '--credentials-secret-arn', credentialsArn, '--first-token-by-rotation'],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Attach rotation to mint the first token: aws secretsmanager rotate-secret --secret-id arn:\S+ --rotation-lambda-arn FUNCTION_ARN/);
    const value = await secretValue(sm, secretName);
    expect(value).toEqual({ vaultDns: world.vault.url, apiVersion: expect.any(String), credentialsSecretArn: credentialsArn });
  });

  it('refuses Vault sign-in flags, --update, and a missing --credentials-secret-arn before anything is sent (exit 2)', async () => {
    const base = ['bootstrap', '--secret-name', 'cli/x', '--vault-dns', world.vault.url, '--first-token-by-rotation'];
    const missing = await runCli(base, { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--first-token-by-rotation: needs --credentials-secret-arn');
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:vault-credentials-AbCdEf';
    for (const extra of [['--token-stdin'], ['--username', 'u', '--password-stdin'], ['--update']]) {
      const run = await runCli([...base, '--credentials-secret-arn', arn, ...extra], { env, stdin: 'x' });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${extra.at(-1)}: cannot be combined with --first-token-by-rotation`);
    }
  });

  it('when the first rotation fails (authorization server refuses), says the secret holds no token yet (exit 1)', async () => {
    const credentialsArn = await oauthCredentialsSecret({ clientId: 'not-a-registered-client' });
    const secretName = `cli/${randomUUID().slice(0, 8)}`;
    const run = await runCli(
      ['bootstrap', '--secret-name', secretName, '--vault-dns', world.vault.url, '--credentials-secret-arn', credentialsArn,
        '--first-token-by-rotation', '--rotation-lambda-arn', LAMBDA_ARN, '--wait', '20s'],
      { env },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Rotation did not finish: the function logged .*refused the token request/);
    expect(run.stderr).toContain('The secret holds no token yet');
    expect(`${run.stdout}${run.stderr}${functionLog.join('\n')}`).not.toMatch(JWT);
  });
});
