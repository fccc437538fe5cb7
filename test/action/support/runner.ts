// Runs a committed action bundle the way the GitHub Actions runner does (actions/runner NodeScriptActionHandler,
// FileCommandManager, ActionRunner): node started directly with an env object and no shell, so hyphenated INPUT_*
// names survive; every input declared in action.yml present (its default or ''); fresh file-command files; STATE_*
// from the previous stage's state file; then the file commands parsed with the runner's rules.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const ACTION_DIR = fileURLToPath(new URL('../../../action/', import.meta.url));

export type Stage = 'main' | 'post';

interface ActionManifest {
  readonly inputs: Record<string, { readonly default?: string; readonly required?: boolean }>;
  readonly outputs: Record<string, unknown>;
  readonly runs: { readonly using: string; readonly main: string; readonly post: string };
}

export function readManifest(): ActionManifest {
  return parseYaml(readFileSync(join(ACTION_DIR, 'action.yml'), 'utf8')) as ActionManifest;
}

export interface StageOptions {
  /** Inputs by their action.yml name; undeclared names are passed too (the runner would warn about them). */
  readonly inputs?: Readonly<Record<string, string>>;
  /** Extra environment; `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Saved state from main, passed to post as STATE_<key> with the key's case kept. */
  readonly state?: Readonly<Record<string, string>>;
}

export interface StageResult {
  readonly stage: Stage;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  readonly outputs: Readonly<Record<string, string>>;
  readonly state: Readonly<Record<string, string>>;
  readonly exportedEnv: Readonly<Record<string, string>>;
  readonly path: readonly string[];
  readonly summary: string;
  /** Problems the runner would report while processing the file commands; any of them fails the step. */
  readonly fileCommandErrors: readonly string[];
  /** The step's outcome as the runner decides it: non-zero exit, or a file command it could not process. */
  readonly failed: boolean;
  /** Annotation messages (`::error::`, `::warning::`, `::notice::`), unescaped. */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly notices: readonly string[];
}

/** Variables that would change how the bundle behaves if inherited from the machine running the tests. */
const INHERITED_NOISE = [
  /^INPUT_/i,
  /^STATE_/i,
  /^GITHUB_/i,
  /^RUNNER_/i,
  /^ACTIONS_/i,
  /^AWS_/i,
  /^VAULT_TOKEN_ACTION_/i,
  /^(HTTP|HTTPS|NO|ALL)_PROXY$/i,
  /^NODE_OPTIONS$/,
  /^NODE_USE_ENV_PROXY$/,
];

export const RUN_CONTEXT = {
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
  GITHUB_REPOSITORY_OWNER: 'octo-org',
  GITHUB_RUN_ID: '4242424242',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'deploy',
  GITHUB_ACTION: '__octo-org_vault-api-token',
  GITHUB_WORKFLOW: 'ci',
} as const;

/** INPUT_<NAME> the way the runner forms it: spaces to underscores, upper case, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export async function runStage(stage: Stage, options: StageOptions = {}): Promise<StageResult> {
  const manifest = readManifest();
  const dir = mkdtempSync(join(tmpdir(), `vault-action-${stage}-`));
  const files = {
    GITHUB_OUTPUT: join(dir, 'set_output'),
    GITHUB_STATE: join(dir, 'save_state'),
    GITHUB_ENV: join(dir, 'set_env'),
    GITHUB_PATH: join(dir, 'add_path'),
    GITHUB_STEP_SUMMARY: join(dir, 'step_summary'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');

  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !INHERITED_NOISE.some((pattern) => pattern.test(key))) env[key] = value;
  }
  Object.assign(env, RUN_CONTEXT, files, { GITHUB_ACTIONS: 'true', CI: 'true', RUNNER_TEMP: dir });
  for (const [name, spec] of Object.entries(manifest.inputs)) env[inputVariable(name)] = spec.default ?? '';
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[inputVariable(name)] = value;
  for (const [key, value] of Object.entries(options.state ?? {})) env[`STATE_${key}`] = value;
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }

  const bundle = join(ACTION_DIR, stage === 'main' ? manifest.runs.main : manifest.runs.post);
  const { exitCode, signal, stdout, stderr } = await runNode(bundle, env, dir);

  const fileCommandErrors: string[] = [];
  const parse = (file: string, label: string) => {
    const parsed = parseKeyValueFile(readFileSync(file, 'utf8'));
    for (const error of parsed.errors) fileCommandErrors.push(`${label}: ${error}`);
    return parsed.values;
  };
  const outputs = parse(files.GITHUB_OUTPUT, 'output');
  const state = parse(files.GITHUB_STATE, 'save-state');
  const exportedEnv = parse(files.GITHUB_ENV, 'env');
  const path = readFileSync(files.GITHUB_PATH, 'utf8')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line !== '');
  const stdoutLines = splitLines(stdout);
  const stderrLines = splitLines(stderr);
  const annotations = (kind: string) =>
    [...stdoutLines, ...stderrLines]
      .map((line) => new RegExp(`^\\s*::${kind}(?: [^:]*)?::(.*)$`).exec(line)?.[1])
      .filter((message): message is string => message !== undefined)
      .map(unescapeCommandData);

  return {
    stage,
    exitCode,
    signal,
    stdout: stdoutLines,
    stderr: stderrLines,
    outputs,
    state,
    exportedEnv,
    path,
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    fileCommandErrors,
    failed: exitCode !== 0 || fileCommandErrors.length > 0,
    errors: annotations('error'),
    warnings: annotations('warning'),
    notices: annotations('notice'),
  };
}

function runNode(
  bundle: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // No shell: dash would drop the hyphenated INPUT_* variables.
    const child = spawn(process.execPath, [bundle], { env, cwd, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // Bounded: a hung bundle fails the test instead of blocking the suite.
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * The runner's file-command parser (FileCommandManager.cs, EnvFileKeyValuePairs): `NAME=VALUE` when `=` comes
 * before any `<<`, else the heredoc `NAME<<DELIM` … `DELIM`. Any malformed entry fails the step.
 */
export function parseKeyValueFile(content: string): { values: Record<string, string>; errors: string[] } {
  const values: Record<string, string> = {};
  const errors: string[] = [];
  const lines = content.split('\n').map((line) => line.replace(/\r$/, ''));
  const endsWithNewline = content.endsWith('\n');
  if (endsWithNewline) lines.pop();
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals);
      if (name === '') errors.push(`Invalid format '${line}'`);
      else values[name] = line.slice(equals + 1);
      continue;
    }
    if (heredoc < 0) {
      errors.push(`Invalid format '${line}'`);
      continue;
    }
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    if (name === '' || delimiter === '') {
      errors.push(`Invalid format '${line}'`);
      continue;
    }
    const end = lines.indexOf(delimiter, index + 1);
    if (end < 0) {
      errors.push(`Invalid value. Matching delimiter not found '${delimiter}'`);
      break;
    }
    if (end === lines.length - 1 && !endsWithNewline) {
      errors.push('Invalid value. EOF marker missing new line.');
      break;
    }
    values[name] = lines.slice(index + 1, end).join('\n');
    index = end;
  }
  return { values, errors };
}

/** Workflow-command data escaping, reversed (core command.ts: % → %25, \r → %0D, \n → %0A). */
export function unescapeCommandData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
