// Running one stage of an action as the runner does (actions/runner NodeScriptActionHandler, FileCommandManager,
// ActionRunner): node started directly with an env object and no shell, so hyphenated INPUT_* names survive; every
// input declared in action.yml present (its default or ''); fresh file-command files; STATE_* from the previous stage's
// state file; then the file commands parsed with the runner's rules (file-commands.ts) and the output lines read as
// workflow commands (commands.ts).
//
// Cancelling (ProcessInvoker.CancelAndKillProcessTree): SIGINT, then SIGTERM 7.5 s later, then SIGKILL 2.5 s after
// that; the file commands are processed afterwards all the same (ActionRunner's finally).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CommandProcessor } from './commands.js';
import {
  type FileCommandFiles,
  fileCommandFiles,
  parseKeyValueFile,
  type RunnerPlatform,
  splitLines,
} from './file-commands.js';

export type Stage = 'main' | 'post';

export interface ActionManifest {
  readonly inputs: Record<string, { readonly default?: string; readonly required?: boolean }>;
  readonly outputs: Record<string, unknown>;
  readonly runs: { readonly using: string; readonly main: string; readonly post: string };
}

/** `actionDir` is the directory holding action.yml. */
export function readActionManifest(actionDir: string): ActionManifest {
  return parseYaml(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as ActionManifest;
}

export interface StageOptions {
  /** Inputs by their action.yml name; undeclared names are passed too (the runner would warn about them). */
  readonly inputs?: Readonly<Record<string, string>>;
  /** Extra environment; `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Saved state from main, passed to post as STATE_<key> with the key's case kept (over any such key in env). */
  readonly state?: Readonly<Record<string, string>>;
  /** Which runner OS to model for file-command parsing (default: this machine's). Only Windows splits at CRLF. */
  readonly platform?: RunnerPlatform;
  /** Cancel the step once this settles, as the runner does: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that. */
  readonly cancelWhen?: Promise<unknown>;
  /** The Node executable that runs the bundle (runs.using says node24); default: the Node running this process. */
  readonly nodePath?: string;
  /**
   * A module node loads before the bundle (`node --import URL`): a test's hook into the action's process, such as a
   * fake clock, so the shipped bundle needs no test knob. The real runner has no such option.
   */
  readonly preload?: string;
}

/** ProcessInvoker: how long the runner waits after SIGINT before SIGTERM, and after SIGTERM before killing. */
export const CANCEL_SIGINT_TIMEOUT_MS = 7_500;
export const CANCEL_SIGTERM_TIMEOUT_MS = 2_500;

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
  /** Workflow commands the runner refused (e.g. an invalid stop-commands token); any of them fails the step. */
  readonly commandErrors: readonly string[];
  /** The signals the runner sent to cancel the step, in order (empty when not cancelled). */
  readonly signalsSent: readonly NodeJS.Signals[];
  /** The step's outcome as the runner decides it: non-zero exit, cancelled, or a command it could not process. */
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

/** Runs one stage of the action in `actionDir` (the directory holding action.yml) as the runner would. */
export async function runActionStage(
  actionDir: string,
  stage: Stage,
  options: StageOptions = {},
): Promise<StageResult> {
  const manifest = readActionManifest(actionDir);
  const dir = mkdtempSync(join(tmpdir(), `vault-action-${stage}-`));
  const files = fileCommandFiles(dir);
  // The files hold the outputs, the token among them: removed once read, as the runner does at the end of a step.
  try {
    for (const file of Object.values(files)) writeFileSync(file, '');
    return await runStageIn(dir, files, actionDir, manifest, stage, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runStageIn(
  dir: string,
  files: FileCommandFiles,
  actionDir: string,
  manifest: ActionManifest,
  stage: Stage,
  options: StageOptions,
): Promise<StageResult> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !INHERITED_NOISE.some((pattern) => pattern.test(key))) env[key] = value;
  }
  Object.assign(env, RUN_CONTEXT, files, { GITHUB_ACTIONS: 'true', CI: 'true', RUNNER_TEMP: dir });
  for (const [name, spec] of Object.entries(manifest.inputs)) env[inputVariable(name)] = spec.default ?? '';
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[inputVariable(name)] = value;
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  // ActionRunner.cs applies the intra-action state last: a key the action saved wins over a STATE_* variable of the
  // same name from env: or GITHUB_ENV, while a STATE_* variable for a key it never saved passes through.
  for (const [key, value] of Object.entries(options.state ?? {})) env[`STATE_${key}`] = value;

  const bundle = join(actionDir, stage === 'main' ? manifest.runs.main : manifest.runs.post);
  const { exitCode, signal, stdout, stderr, signalsSent } = await runNode(
    options.nodePath ?? process.execPath,
    options.preload === undefined ? [bundle] : ['--import', options.preload, bundle],
    env,
    dir,
    options.cancelWhen,
  );

  const platform = options.platform ?? (process.platform === 'win32' ? 'windows' : 'linux');
  const fileCommandErrors: string[] = [];
  const parse = (file: string, label: string) => {
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch {
      return {}; // the runner: "File does not exist", nothing to process
    }
    const parsed = parseKeyValueFile(content, platform);
    for (const error of parsed.errors) fileCommandErrors.push(`${label}: ${error}`);
    return parsed.values;
  };
  const outputs = parse(files.GITHUB_OUTPUT, 'output');
  const state = parse(files.GITHUB_STATE, 'save-state');
  const exportedEnv = parse(files.GITHUB_ENV, 'env');
  // File.ReadAllLines: \r\n, \r or \n on every OS.
  const path = splitLines(readFileSync(files.GITHUB_PATH, 'utf8')).filter((line) => line !== '');
  const stdoutLines = splitLines(stdout);
  const stderrLines = splitLines(stderr);
  const commands = new CommandProcessor();
  const processed = [...stdoutLines, ...stderrLines].map((line) => commands.process(line));
  const annotations = (kind: string) =>
    processed.flatMap((entry) => (entry.kind === 'command' && entry.command.name === kind ? [entry.command.data] : []));

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
    commandErrors: commands.errors,
    signalsSent,
    failed: exitCode !== 0 || signalsSent.length > 0 || fileCommandErrors.length > 0 || commands.errors.length > 0,
    errors: annotations('error'),
    warnings: annotations('warning'),
    notices: annotations('notice'),
  };
}

interface NodeRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly signalsSent: NodeJS.Signals[];
}

function runNode(
  node: string,
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
  cancelWhen: Promise<unknown> | undefined,
): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    // No shell: dash would drop the hyphenated INPUT_* variables.
    const child = spawn(node, args, { env, cwd, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const signalsSent: NodeJS.Signals[] = [];
    const timers: NodeJS.Timeout[] = [];
    let exited = false;
    const send = (signal: NodeJS.Signals) => {
      if (exited) return;
      signalsSent.push(signal);
      child.kill(signal);
    };
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // Bounded: a hung bundle fails the stage instead of blocking the caller.
    timers.push(setTimeout(() => child.kill('SIGKILL'), 45_000));
    const cancel = () => {
      if (exited) return;
      send('SIGINT');
      timers.push(
        setTimeout(() => {
          send('SIGTERM');
          timers.push(setTimeout(() => send('SIGKILL'), CANCEL_SIGTERM_TIMEOUT_MS));
        }, CANCEL_SIGINT_TIMEOUT_MS),
      );
    };
    cancelWhen?.then(cancel, cancel);
    child.on('error', (error) => {
      exited = true;
      for (const timer of timers) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      exited = true;
      for (const timer of timers) clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        signalsSent,
      });
    });
  });
}
