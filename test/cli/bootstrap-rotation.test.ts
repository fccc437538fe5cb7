// bootstrap --rotation-lambda-arn: attaches rotation, rotates at once and follows it. The stand-in invokes the
// rotation function as built (as the service invokes the Lambda); a failing function's reason is read back from its
// log (FilterLogEvents on the stand-in); without a readable log the command still ends, saying so.
import { randomUUID } from 'node:crypto';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { LAMBDA_ARN, passwordBootstrapArgs, runCli, secretValue, useCliWorld } from './support.js';

describe('vault-api-token bootstrap --rotation-lambda-arn (the stand-in invokes the built function)', () => {
  const env = useCliWorld();

  it('rotates at once and follows the rotation until AWSCURRENT moves; the first token is then AWSPREVIOUS', async () => {
    const secretName = `cli/${randomUUID().slice(0, 8)}`;
    const run = await runCli(
      passwordBootstrapArgs(env.world, secretName, ['--rotation-lambda-arn', LAMBDA_ARN, '--schedule', 'rate(4 hours)', '--window', '2h', '--json']),
      { env: env.world.env, stdin: env.world.vault.bootstrapUser.password, secrets: env.world.secrets },
    );
    expect(run.code, `${run.stderr}\n${env.world.functionLog.join('\n')}`).toBe(0);
    const first = JSON.parse(run.stdout) as { tokenId: string; versionId: string };
    expect(run.stderr).toMatch(/Rotation attached \(rate\(4 hours\), window 2h\); rotating now as version ([0-9a-f-]{36})/);
    const rotatedTo = /rotating now as version ([0-9a-f-]{36})/.exec(run.stderr)?.[1] as string;
    expect(run.stderr).toContain(`Rotated: AWSCURRENT is version ${rotatedTo}.`);

    const described = await env.sm.send(new DescribeSecretCommand({ SecretId: secretName }));
    expect(described.RotationEnabled).toBe(true);
    expect(described.RotationRules).toEqual({ ScheduleExpression: 'rate(4 hours)', Duration: '2h' });
    expect(described.VersionIdsToStages?.[rotatedTo]).toEqual(['AWSCURRENT']);
    expect(described.VersionIdsToStages?.[first.versionId]).toEqual(['AWSPREVIOUS']);
    expect((await secretValue(env.sm, secretName, 'AWSPREVIOUS')).tokenId).toBe(first.tokenId);
    expect(env.world.functionLog.join('\n')).not.toContain(env.world.vault.bootstrapUser.password);
  });
});

describe('vault-api-token bootstrap --rotation-lambda-arn when the function fails', () => {
  const env = useCliWorld({
    rotationFunction: async (event) => {
      if (event.Step === 'createSecret') throw new Error('Vault refused the current token (INVALID_SESSION_ID)');
    },
  });

  it('reports the reason from the function\'s log and leaves a usable secret (exit 1)', async () => {
    const secretName = `cli/${randomUUID().slice(0, 8)}`;
    const run = await runCli(passwordBootstrapArgs(env.world, secretName, ['--rotation-lambda-arn', LAMBDA_ARN]), {
      env: env.world.env,
      stdin: env.world.vault.bootstrapUser.password,
      secrets: env.world.secrets,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Rotation did not finish: the function logged Error in createSecret: Vault refused the current token \(INVALID_SESSION_ID\)/);
    expect(run.stderr).toMatch(/The secret still holds the bootstrap token/);
    const value = await secretValue(env.sm, secretName);
    expect(env.world.vault.isTokenAccepted(value.accessToken as string)).toBe(true);
  });

  it('without a readable log it waits out --wait and says why it cannot tell more', async () => {
    const secretName = `cli/${randomUUID().slice(0, 8)}`;
    const unreadableLogs = { ...env.world.env, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://127.0.0.1:9' };
    const run = await runCli(passwordBootstrapArgs(env.world, secretName, ['--rotation-lambda-arn', LAMBDA_ARN, '--wait', '2s']), {
      env: unreadableLogs,
      stdin: env.world.vault.bootstrapUser.password,
      secrets: env.world.secrets,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Rotation did not finish: AWSCURRENT did not move within 2 s \(its log could not be read: /);
  });
});
