// docs/cli.md's local setup and the stand-in's printed `export` line point every AWS call the command makes at the
// stand-in, CloudWatch Logs included: `bootstrap --rotation-lambda-arn … --wait` with exactly those variables reads
// the rotation function's log from the stand-in, never from real AWS.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVaultSimulator } from '../../simulator/vault-simulator.js';
import type { VaultSimulator } from '../../simulator/vault-simulator-types.js';
import { LAMBDA_ARN, runCli } from './support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `export A=1 B=2 \ C=3` → { A: '1', … } */
function exported(text: string): Record<string, string> {
  const line = /export ((?:[A-Z_0-9]+=\S+(?:\s|\\\n)*)+)/.exec(text)?.[1] ?? '';
  return Object.fromEntries([...line.matchAll(/([A-Z_0-9]+)=(\S+)/g)].map((m) => [m[1] as string, m[2] as string]));
}

describe('the local setup reaches no real AWS', () => {
  it('docs/cli.md sets the CloudWatch Logs endpoint to the stand-in, as it does Secrets Manager', () => {
    const doc = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
    const block = /Against the local stand-in:\n\n```sh\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const vars = exported(block);
    expect(vars.AWS_ENDPOINT_URL_SECRETS_MANAGER).toBe('http://127.0.0.1:5000');
    expect(vars.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS).toBe(vars.AWS_ENDPOINT_URL_SECRETS_MANAGER);
  });

  describe('with the variables the stand-in prints', () => {
    let standIn: ReturnType<typeof spawn> | undefined;
    let printed: Record<string, string> = {};
    let vault: VaultSimulator;

    beforeAll(async () => {
      vault = await startVaultSimulator();
      standIn = spawn(process.execPath, ['--import', 'tsx', 'simulator/secrets-manager-cli.ts', '--port', '0'], { cwd: ROOT });
      let text = '';
      await new Promise<void>((resolve, reject) => {
        standIn?.stdout?.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes('Ctrl+C')) resolve();
        });
        standIn?.on('exit', (code) => reject(new Error(`the stand-in exited (${code}): ${text}`)));
      });
      printed = exported(text);
    });
    afterAll(async () => {
      standIn?.kill('SIGTERM');
      await vault?.close();
    });

    it('bootstrap --wait reads the function log from the stand-in (no lookup of a real AWS host)', async () => {
      expect(printed.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS).toBe(printed.AWS_ENDPOINT_URL_SECRETS_MANAGER);
      const args = ['bootstrap', '--secret-name', 'cli/local-setup', '--vault-dns', vault.url, '--username', vault.bootstrapUser.userName, '--password-stdin'];
      // The stand-in started by hand has no rotation function: the rotation never moves, and --wait runs out.
      const run = await runCli([...args, '--rotation-lambda-arn', LAMBDA_ARN, '--wait', '2s'], {
        env: { ...printed, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: printed.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS ?? '' },
        stdin: vault.bootstrapUser.password,
        secrets: [vault.bootstrapUser.password],
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/AWSCURRENT did not move within 2 s/);
      expect(run.stderr).not.toMatch(/could not be read|ENOTFOUND|amazonaws\.com/);
    });
  });
});
