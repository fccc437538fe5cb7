// The CLI as an operator runs it: `node cli/bin.mjs …` as a child process, secrets on its stdin, pointed at the Vault
// simulator and a Secrets Manager (the stand-in, or moto) through the environment only. Judged by exit code, stdout
// and stderr; every run is checked to have printed no secret.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll } from 'vitest';
import { clientFor } from '../../simulator/secrets-manager/client.js';
import { capturingOutput } from '../../simulator/output-capture.js';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../../simulator/secrets-manager.js';
import type { RotationInvoker, SecretsManagerBackend } from '../../simulator/secrets-manager-types.js';
import { startVaultSimulator } from '../../simulator/vault-simulator.js';
import type { VaultSimulator, VaultSimulatorOptions } from '../../simulator/vault-simulator-types.js';
import { invokerFor, loadBundledHandler } from '../functions/support/bundle.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../cli/bin.mjs', import.meta.url));
const RUN_TIMEOUT_MS = 60_000;
/** A token value, not the prefix quoted in a message. */
const TOKEN_SHAPE = /veeva-vault-[A-Za-z0-9]/;

export const LAMBDA_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:vault-api-token-rotator';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Added to this process's environment; a variable given as '' is removed instead. */
  readonly env: Record<string, string>;
  readonly stdin?: string;
  /** Leave stdin open after `stdin` (as a terminal or a slow pipe would): the command is still reading it. */
  readonly keepStdinOpen?: boolean;
  readonly secrets?: readonly string[];
}

export function runCli(args: readonly string[], options: CliOptions): Promise<CliRun> {
  return startCli(args, options).done;
}

/** The CLI still running: `done` settles when it exits; `child` can be signalled meanwhile. */
export interface StartedCli {
  readonly child: ChildProcess;
  readonly done: Promise<CliRun>;
}

export function startCli(args: readonly string[], options: CliOptions): StartedCli {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  // Nothing from the test runner's own AWS setup may leak in; a variable given as '' is removed.
  delete env.AWS_PROFILE;
  for (const [key, value] of Object.entries(options.env)) if (value === '') delete env[key];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const done = new Promise<CliRun>((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const run = { code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
      const text = run.stdout + run.stderr;
      if ((options.secrets ?? []).some((secret) => text.includes(secret))) reject(new Error('a secret appeared in the output'));
      else if (TOKEN_SHAPE.test(text)) reject(new Error('a token-shaped value appeared in the output'));
      else resolve(run);
    });
  });
  if (options.keepStdinOpen) child.stdin?.write(options.stdin ?? '');
  else child.stdin?.end(options.stdin ?? '');
  return { child, done };
}

export interface CliWorld {
  readonly vault: VaultSimulator;
  readonly sm: SecretsManagerBackend;
  readonly env: Record<string, string>;
  /** The secrets a run must never print: the user's password and the bootstrap token. */
  readonly secrets: string[];
  /** What the rotation function (invoked by the stand-in on RotateSecret) logged. */
  readonly functionLog: string[];
  close(): Promise<void>;
}

/**
 * A Vault simulator and a stand-in whose RotateSecret invokes the rotation function as built (or `rotationFunction`
 * when given), with CloudWatch Logs pointed at the stand-in too.
 */
export async function startCliWorld(
  options: { vault?: VaultSimulatorOptions; rotationFunction?: RotationInvoker; backend?: () => Promise<SecretsManagerBackend> } = {},
): Promise<CliWorld> {
  const vault = await startVaultSimulator(options.vault);
  const functionLog: string[] = [];
  let invoke: RotationInvoker = async () => {
    throw new Error('the rotation function is not loaded yet');
  };
  const sm: SecretsManagerBackend =
    options.backend === undefined
      ? await startSecretsManagerStandIn({ rotationFunction: (event) => capturingOutput(functionLog, () => invoke(event)) })
      : await options.backend();
  invoke = options.rotationFunction ?? invokerFor(loadBundledHandler(sm.env()));
  const env = { ...sm.env(), AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: sm.endpoint };
  return {
    vault,
    sm,
    env,
    secrets: [vault.bootstrapUser.password, vault.bootstrapToken],
    functionLog,
    async close() {
      await sm.close();
      await vault.close();
    },
  };
}

export function isStandIn(sm: SecretsManagerBackend): sm is SecretsManagerStandIn {
  return sm.kind === 'stand-in';
}

export async function secretValue(sm: SecretsManagerClient, secretId: string, stage = 'AWSCURRENT'): Promise<Record<string, unknown>> {
  const read = await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
  return JSON.parse(read.SecretString ?? '{}') as Record<string, unknown>;
}

/** The password bootstrap every suite starts from: `--username U --password-stdin`. */
export function passwordBootstrapArgs(world: CliWorld, name: string, extra: readonly string[] = []): string[] {
  return ['bootstrap', '--secret-name', name, '--vault-dns', world.vault.url, '--username', world.vault.bootstrapUser.userName, '--password-stdin', ...extra];
}

/** One CliWorld and an SDK client on its Secrets Manager for a describe block: started before its tests, closed after. */
export function useCliWorld(options?: Parameters<typeof startCliWorld>[0]): { readonly world: CliWorld; readonly sm: SecretsManagerClient } {
  let world: CliWorld | undefined;
  let sm: SecretsManagerClient | undefined;
  beforeAll(async () => {
    world = await startCliWorld(options);
    sm = clientFor(world.sm);
  });
  afterAll(async () => {
    sm?.destroy();
    await world?.close();
  });
  return {
    get world() {
      if (world === undefined) throw new Error('useCliWorld: used outside a test');
      return world;
    },
    get sm() {
      if (sm === undefined) throw new Error('useCliWorld: used outside a test');
      return sm;
    },
  };
}
