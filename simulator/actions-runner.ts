// The GitHub Actions runner, modelled closely enough to run an action's bundles the way a job does. Used by the
// action's tests and by `npm start`.
//
// Running a stage (actions/runner NodeScriptActionHandler, FileCommandManager, ActionRunner): node started directly
// with an env object and no shell, so hyphenated INPUT_* names survive; every input declared in action.yml present
// (its default or ''); fresh file-command files; STATE_* from the previous stage's state file; then the file commands
// parsed with the runner's rules.
//
// Masking (ActionCommandManager AddMaskCommandExtension + ValueEncoders): every `::add-mask::` payload is unescaped
// and registered whole and line by line, with the encoded variants the runner adds (base64, JSON string escape, URI
// escape). One masker lives for the whole job, across main and post. stdout and stderr are read by two independent
// readers in the runner, so a mask sent on stdout is not known to protect a stderr line written right after it
// (inferred from NodeScriptActionHandler). stderr lines therefore count only masks from earlier steps or from stderr
// itself.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

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
  /** Saved state from main, passed to post as STATE_<key> with the key's case kept. */
  readonly state?: Readonly<Record<string, string>>;
  /** The Node executable that runs the bundle (runs.using says node24); default: the Node running this process. */
  readonly nodePath?: string;
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

type FileCommandFiles = ReturnType<typeof fileCommandFiles>;

function fileCommandFiles(dir: string) {
  return {
    GITHUB_OUTPUT: join(dir, 'set_output'),
    GITHUB_STATE: join(dir, 'save_state'),
    GITHUB_ENV: join(dir, 'set_env'),
    GITHUB_PATH: join(dir, 'add_path'),
    GITHUB_STEP_SUMMARY: join(dir, 'step_summary'),
  } as const;
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
  for (const [key, value] of Object.entries(options.state ?? {})) env[`STATE_${key}`] = value;
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }

  const bundle = join(actionDir, stage === 'main' ? manifest.runs.main : manifest.runs.post);
  const { exitCode, signal, stdout, stderr } = await runNode(options.nodePath ?? process.execPath, bundle, env, dir);

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
  node: string,
  bundle: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // No shell: dash would drop the hyphenated INPUT_* variables.
    const child = spawn(node, [bundle], { env, cwd, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // Bounded: a hung bundle fails the stage instead of blocking the caller.
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

export interface NamedSecret {
  /** What the secret is, for messages (the value itself is never printed). */
  readonly label: string;
  readonly value: string;
}

export class SimulatedMasker {
  readonly #values = new Set<string>();
  /** Every add-mask payload, unescaped, in the order seen. */
  readonly payloads: string[] = [];

  clone(): SimulatedMasker {
    const copy = new SimulatedMasker();
    for (const value of this.#values) copy.#values.add(value);
    copy.payloads.push(...this.payloads);
    return copy;
  }

  addMask(escapedPayload: string): void {
    const value = unescapeCommandData(escapedPayload);
    this.payloads.push(value);
    if (value.trim() === '') return; // the runner warns and registers nothing
    this.#register(value);
    for (const line of value.split(/[\r\n]+/)) {
      if (line.trim() !== '') this.#register(line.trim());
    }
  }

  #register(value: string): void {
    for (const form of encodedForms(value)) if (form !== '') this.#values.add(form);
  }

  /** The line as the job log would show it. Longest values first, as the runner replaces overlapping matches. */
  mask(line: string): string {
    let out = line;
    for (const value of [...this.#values].sort((a, b) => b.length - a.length)) out = out.split(value).join('***');
    return out;
  }

  /** True when the runner would hide this secret wherever it appears. */
  covers(secret: string): boolean {
    return !this.mask(secret).includes(secret);
  }
}

/** The secret and the encodings the runner also masks (HostContext value encoders). */
export function encodedForms(value: string): string[] {
  return [
    value,
    Buffer.from(value, 'utf8').toString('base64'),
    JSON.stringify(value).slice(1, -1),
    encodeURIComponent(value),
  ];
}

export interface LogAudit {
  /** What the job log would show: every non-command line, masked. */
  readonly log: readonly string[];
  /** Human-readable problems; each names the secret by label and never contains its value. */
  readonly violations: readonly string[];
}

const ADD_MASK = /^\s*::add-mask::(.*)$/;

/**
 * Feeds a step's output through the masker and reports every line that shows a secret (in any encoded form) before
 * its mask was registered, or unmasked even afterwards. The masker is updated in place for the next step.
 */
export function auditStep(
  masker: SimulatedMasker,
  streams: { readonly stdout: readonly string[]; readonly stderr: readonly string[] },
  secrets: readonly NamedSecret[],
): LogAudit {
  const atStepStart = masker.clone();
  const log: string[] = [];
  const violations: string[] = [];
  const audit = (streamMasker: SimulatedMasker, lines: readonly string[], stream: string, updateJob: boolean) => {
    lines.forEach((line, index) => {
      const command = ADD_MASK.exec(line);
      if (command) {
        streamMasker.addMask(command[1] ?? '');
        if (updateJob && streamMasker !== masker) masker.addMask(command[1] ?? '');
        return; // the runner never echoes an add-mask line
      }
      const shown = streamMasker.mask(line);
      for (const secret of secrets) {
        if (!containsSecret(line, secret.value)) continue;
        if (!streamMasker.covers(secret.value)) {
          violations.push(
            `${stream} line ${index + 1} shows the ${secret.label} before any mask for it: ${hide(line, secrets)}`,
          );
        } else if (containsSecret(shown, secret.value)) {
          violations.push(
            `${stream} line ${index + 1} shows the ${secret.label} despite its mask: ${hide(shown, secrets)}`,
          );
        }
      }
      log.push(shown);
    });
  };
  audit(masker, streams.stdout, 'stdout', true);
  // stderr: masks from earlier steps, plus those sent on stderr itself.
  audit(atStepStart, streams.stderr, 'stderr', true);
  return { log, violations };
}

function containsSecret(text: string, secret: string): boolean {
  return encodedForms(secret).some((form) => form !== '' && text.includes(form));
}

/** For messages: a line with every known secret replaced by its label. */
export function hide(text: string, secrets: readonly NamedSecret[]): string {
  let out = text;
  for (const secret of secrets) {
    for (const form of encodedForms(secret.value)) if (form !== '') out = out.split(form).join(`<${secret.label}>`);
  }
  return out;
}

/**
 * Job outputs as the runner evaluates them at job end (JobExtension.cs): a value the masker would change "may
 * contain secret" and is dropped with a warning. Returns what another job would receive.
 */
export function jobOutputs(
  masker: SimulatedMasker,
  outputs: Readonly<Record<string, string>>,
): { readonly kept: Record<string, string>; readonly dropped: string[] } {
  const kept: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(outputs)) {
    if (value === '') continue;
    if (masker.mask(value) !== value) dropped.push(name);
    else kept[name] = value;
  }
  return { kept, dropped };
}
