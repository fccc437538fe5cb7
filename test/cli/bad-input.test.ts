// Bad input is refused with the flag named and what it expects (exit 2), before anything is read from stdin or sent:
// no request reaches Vault, and Secrets Manager holds nothing new.
import { readFileSync } from 'node:fs';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_ARN, runCli, useCliWorld } from './support.js';

describe('vault-api-token refuses bad input, changing nothing', () => {
  const env = useCliWorld();

  const boot = (...extra: string[]) => ['bootstrap', '--secret-name', 'bad/input', '--vault-dns', env.world.vault.url, ...extra];
  const user = () => ['--username', env.world.vault.bootstrapUser.userName, '--password-stdin'];
  const rotate = ['--rotation-lambda-arn', LAMBDA_ARN];

  const cases: [string, () => string[], RegExp][] = [
    ['a Vault host that is not one', () => ['bootstrap', '--secret-name', 'bad/input', '--vault-dns', 'not a host!', ...user()], /--vault-dns: expected the Vault host/],
    ['plain http to a remote Vault', () => ['bootstrap', '--secret-name', 'bad/input', '--vault-dns', 'http://vault.example.com', ...user()], /--vault-dns: /],
    ['a bad API version', () => boot('--api-version', '26', ...user()), /--api-version: expected an API version like v26.2/],
    ['a secret name with a space', () => ['bootstrap', '--secret-name', 'bad name', '--vault-dns', env.world.vault.url, ...user()], /--secret-name: expected 1-512 characters/],
    ['no credentials and no terminal', () => boot(), /--token-stdin: no Vault credentials/],
    ['both stdin flags', () => boot('--token-stdin', ...user()), /--password-stdin: cannot be combined with --token-stdin/],
    ['--password-stdin without a user', () => boot('--password-stdin'), /--username: required with --password-stdin/],
    ['a schedule more often than every 4 hours', () => boot(...user(), ...rotate, '--schedule', 'rate(1 hour)'), /--schedule: rotation can be scheduled at most every 4 hours/],
    ['a window over 24 hours', () => boot(...user(), ...rotate, '--window', '25h'), /--window: the rotation window \(Duration\) must be 1h to 24h/],
    ['a window that reaches the next one', () => boot(...user(), ...rotate, '--schedule', 'rate(4 hours)', '--window', '5h'), /--window: .*next rotation window/],
    ['a cron with minutes', () => boot(...user(), ...rotate, '--schedule', 'cron(30 8 * * ? *)'), /--schedule: the minutes field/],
    ['--window without a schedule or function', () => boot(...user(), '--window', '4h'), /--window: only with --schedule or --rotation-lambda-arn/],
    ['--wait without a function', () => boot(...user(), '--schedule', 'rate(10 days)', '--wait', '5m'), /--wait: only with --rotation-lambda-arn/],
    ['a bad --schedule without a function', () => boot(...user(), '--schedule', 'rate(1 hour)'), /--schedule: rotation can be scheduled at most every 4 hours/],
    ['a function ARN that is not one', () => boot(...user(), '--rotation-lambda-arn', 'my-function'), /--rotation-lambda-arn: expected a function ARN/],
    ['a token lifetime that is not a duration', () => boot(...user(), '--token-lifetime', 'soon'), /--token-lifetime: expected a positive duration/],
    ['a token lifetime the rotation schedule outlives (3m)', () => boot(...user(), '--token-lifetime', '3m'), /--token-lifetime: must outlive the longest time between two rotations/],
    ['an unknown --revoke-previous', () => boot(...user(), '--revoke-previous', 'sometimes'), /--revoke-previous.*Allowed choices are next-rotation, immediately, never/],
    ['a client id with a space', () => boot(...user(), '--client-id', 'a b'), /--client-id: expected 1-100 characters/],
    ['a credentials secret that is not an ARN', () => boot(...user(), '--credentials-secret-arn', 'prod/creds'), /--credentials-secret-arn: expected a secret ARN/],
    ['a description over 2048 characters', () => boot(...user(), '--description', 'd'.repeat(2049)), /--description: expected at most 2048 characters/],
    ['an empty KMS key id', () => boot(...user(), '--kms-key-id', ''), /--kms-key-id: expected a KMS key id, ARN or alias/],
    ['a KMS key id with a space', () => boot(...user(), '--kms-key-id', 'alias/my key'), /--kms-key-id: expected a KMS key id, ARN or alias/],
    ['a tag without =', () => boot(...user(), '--tag', 'team'), /--tag: expected KEY=VALUE/],
    ['--revoke-bootstrap-token with a password', () => boot(...user(), '--revoke-bootstrap-token'), /--revoke-bootstrap-token: only with --token-stdin/],
    ['--revoke-bootstrap-token without the id, non-interactive', () => boot('--token-stdin', '--revoke-bootstrap-token'), /--bootstrap-token-id: required with --revoke-bootstrap-token/],
    ['a bad region', () => boot(...user(), '--region', 'Mars'), /--region: expected an AWS region/],
    ['a bad --wait', () => boot(...user(), ...rotate, '--wait', '5 hours'), /--wait: /],
    ['a missing --secret-name', () => ['bootstrap', '--vault-dns', env.world.vault.url, ...user()], /required option '--secret-name <name>' not specified/],
    ['an unknown flag', () => boot(...user(), '--password', 'x'), /unknown option '--password'/],
    ['status without a secret', () => ['status'], /--secret-id: required/],
    ['status --all without a scope', () => ['status', '--all'], /--all: needs the fleet scope: --tag KEY=VALUE and\/or --name-prefix P/],
    ['status --tag without --all', () => ['status', '--secret-id', 'x', '--tag', 'a=b'], /--tag: only with --all/],
    ['status --all with --secret-id', () => ['status', '--all', '--secret-id', 'x', '--tag', 'a=b'], /--all: cannot be combined with --secret-id/],
    ['audit without a Vault', () => ['audit', '--token-stdin'], /required option '--vault-dns <dns>'/],
    ['audit with a bad --name-prefix', () => ['audit', '--vault-dns', env.world.vault.url, '--token-stdin', '--name-prefix', 'a b'], /--name-prefix: expected the start of secret names/],
  ];

  // The refusals run side by side (each is its own process); what none of them may do — send anything to Vault,
  // create anything in Secrets Manager — is checked once they have all finished, by the test after them.
  beforeAll(() => env.world.vault.clearRequests());

  it.concurrent.for(cases)('%s', async ([, args, message], { expect }) => {
    const run = await runCli(args(), { env: env.world.env, stdin: env.world.vault.bootstrapUser.password, secrets: env.world.secrets });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    // Only bootstrap changes anything; status and audit never say whether they did.
    if (args()[0] === 'bootstrap' && run.stderr.includes('vault-api-token: --')) expect(run.stderr).toMatch(/Nothing was changed\./);
    if (args()[0] !== 'bootstrap') expect(run.stderr).not.toMatch(/Nothing was changed/);
  });

  it(`none of those ${cases.length} refusals sent anything to Vault or created a secret`, async () => {
    expect(env.world.vault.requests).toEqual([]);
    expect((await env.sm.send(new ListSecretsCommand({}))).SecretList).toEqual([]);
  });

  it('a token on stdin that is not a Vault token is refused before it is sent', async () => {
    env.world.vault.clearRequests();
    const run = await runCli(boot('--token-stdin'), { env: env.world.env, stdin: 'hunter2-not-a-token', secrets: ['hunter2-not-a-token'] });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--token-stdin: expected a Vault API access token \(it starts with "veeva-vault-"\)/);
    expect(env.world.vault.requests).toEqual([]);
  });

  it('empty stdin is refused, naming the flag', async () => {
    const run = await runCli(boot(...user()), { env: env.world.env, stdin: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--password-stdin: expected the secret on stdin, got nothing/);
  });

  it('--version prints the version from package.json', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = await runCli([flag], { env: env.world.env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(`${version}\n`);
    }
  });

  it('--help lists the exit codes', async () => {
    const run = await runCli(['--help'], { env: env.world.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Exit codes: 0 ok; 1 failure .* 2 usage .* 3 warnings .* 130 interrupted/s);
  });
});
