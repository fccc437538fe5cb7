// The GitHub Actions runner, modelled closely enough to run an action's bundles the way a job does. Used by the
// action's tests and by `npm start`.
//
// Running a stage (actions/runner NodeScriptActionHandler, FileCommandManager, ActionRunner): node started directly
// with an env object and no shell, so hyphenated INPUT_* names survive; every input declared in action.yml present
// (its default or ''); fresh file-command files; STATE_* from the previous stage's state file; then the file commands
// parsed with the runner's rules.
//
// Masking (ActionCommandManager AddMaskCommandExtension, SecretMasker, the 11 ValueEncoders registered in HostContext):
// every `::add-mask::` payload is unescaped and registered whole and line by line, with every encoded variant the
// runner adds; overlapping matches are merged into one `***` as SecretMasker.MaskSecrets does. One masker lives for
// the whole job, across main and post.
//
// Commands (ActionCommand.TryParseV2 and the legacy TryParse): a line is a command when, after leading whitespace, it
// starts with `::name…::`, or when it holds `##[name…]` anywhere; only registered names count. `::stop-commands::T`
// makes every later line plain text until `::T::` (one ActionCommandManager per step, shared by stdout and stderr).
// Output is split into lines as .NET's StreamReader.ReadLine does: at `\r\n`, `\r` or `\n`.
//
// Cancelling (ProcessInvoker.CancelAndKillProcessTree): SIGINT, then SIGTERM 7.5 s later, then SIGKILL 2.5 s after
// that; the file commands are processed afterwards all the same (ActionRunner's finally). stdout and stderr are read by two independent
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

export type RunnerPlatform = 'linux' | 'windows';

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

/** .NET StreamReader.ReadLine / File.ReadAllLines: a line ends at \r\n, \r or \n; no empty last line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * The runner's file-command parser (FileCommandManager.cs, EnvFileKeyValuePairs), line for line: `NAME=VALUE` when
 * `=` comes before any `<<`, else the heredoc `NAME<<DELIM` … `DELIM`. Lines end at `\n` only, so a `\r` stays in the
 * value (and a `DELIM\r` line is no delimiter); only the Windows runner also ends lines at `\r\n`. The first
 * malformed entry stops the file (the runner's enumerator throws) and fails the step; entries before it count.
 */
export function parseKeyValueFile(
  content: string,
  platform: RunnerPlatform = 'linux',
): { values: Record<string, string>; errors: string[] } {
  const values: Record<string, string> = {};
  let index = 0;
  const readLine = (): { line: string; newline: string | undefined } | undefined => {
    if (index >= content.length) return undefined;
    const start = index;
    const lf = content.indexOf('\n', index);
    if (lf < 0) {
      index = content.length;
      return { line: content.slice(start), newline: undefined };
    }
    if (platform === 'windows') {
      const crlf = content.indexOf('\r\n', index);
      if (crlf >= 0 && crlf < lf) {
        index = crlf + 2;
        return { line: content.slice(start, crlf), newline: '\r\n' };
      }
    }
    index = lf + 1;
    return { line: content.slice(start, lf), newline: '\n' };
  };
  try {
    for (let next = readLine(); next !== undefined; next = readLine()) {
      const { line } = next;
      if (line === '') continue;
      const equals = line.indexOf('=');
      const heredoc = line.indexOf('<<');
      if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
        // The runner checks the line, not the name, for emptiness: `=value` sets the key "".
        values[line.slice(0, equals)] = line.slice(equals + 1);
      } else if (heredoc >= 0 && (equals < 0 || heredoc < equals)) {
        const name = line.slice(0, heredoc);
        const delimiter = line.slice(heredoc + 2);
        if (name === '' || delimiter === '') {
          throw new Error(`Invalid format '${line}'. Name must not be empty and delimiter must not be empty`);
        }
        const startIndex = index;
        let endIndex = index;
        let value = readLine();
        while (value?.line !== delimiter) {
          if (value === undefined) throw new Error(`Invalid value. Matching delimiter not found '${delimiter}'`);
          if (value.newline === undefined) throw new Error('Invalid value. EOF marker missing new line.');
          endIndex = index - value.newline.length;
          value = readLine();
        }
        values[name] = endIndex > startIndex ? content.slice(startIndex, endIndex) : '';
      } else {
        throw new Error(`Invalid format '${line}'`);
      }
    }
  } catch (error) {
    return { values, errors: [(error as Error).message] };
  }
  return { values, errors: [] };
}

/** Workflow-command data escaping, reversed (ActionCommand.UnescapeData: %0D → \r, %0A → \n, %25 → %). */
export function unescapeCommandData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** The legacy `##[…]` form's data unescaping (ActionCommand.Unescape). */
function unescapeLegacy(data: string): string {
  return data
    .replace(/%3B/g, ';')
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%5D/g, ']')
    .replace(/%25/g, '%');
}

/** The command extensions a node action's step registers (ActionCommandManager.cs), plus stop-commands. */
export const REGISTERED_COMMANDS: readonly string[] = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
];

export interface WorkflowCommand {
  /** Lower case (the runner compares names ignoring case). */
  readonly name: string;
  readonly data: string;
}

/** ActionCommand.TryParseV2, then ActionCommand.TryParse (the legacy `##[name]data`, found anywhere in the line). */
export function parseWorkflowCommand(line: string, registered: ReadonlySet<string>): WorkflowCommand | undefined {
  const message = line.trimStart();
  if (message.startsWith('::')) {
    const end = message.indexOf('::', 2);
    if (end >= 0) {
      const info = message.slice(2, end);
      const space = info.indexOf(' ');
      const name = (space < 0 ? info : info.slice(0, space)).toLowerCase();
      if (registered.has(name)) return { name, data: unescapeCommandData(message.slice(end + 2)) };
    }
  }
  const prefix = line.indexOf('##[');
  if (prefix < 0) return undefined;
  const bracket = line.indexOf(']', prefix);
  if (bracket < 0) return undefined;
  const info = line.slice(prefix + 3, bracket);
  const space = info.indexOf(' ');
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  return registered.has(name) ? { name, data: unescapeLegacy(line.slice(bracket + 1)) } : undefined;
}

export type ProcessedLine =
  /** Plain output: what the log shows (masked). Also a command line while commands are stopped. */
  | { readonly kind: 'output'; readonly line: string }
  /** stop-commands or its resume token: processed, and echoed to the log as well. */
  | { readonly kind: 'echoed-command'; readonly line: string; readonly command: WorkflowCommand }
  /** Any other command: processed, not shown. */
  | { readonly kind: 'command'; readonly line: string; readonly command: WorkflowCommand };

/** ActionCommandManager.TryProcessCommand for one step: stop-commands state and which lines are commands. */
export class CommandProcessor {
  readonly #registered = new Set(REGISTERED_COMMANDS);
  #stopToken: string | undefined;
  /** Commands the runner refused; each fails the step. */
  readonly errors: string[] = [];

  get stopped(): boolean {
    return this.#stopToken !== undefined;
  }

  process(line: string, onStopToken?: (token: string) => void): ProcessedLine {
    const command = parseWorkflowCommand(line, this.#registered);
    if (command === undefined) return { kind: 'output', line };
    if (this.#stopToken !== undefined) {
      if (command.name !== this.#stopToken.toLowerCase()) return { kind: 'output', line };
      this.#registered.delete(this.#stopToken.toLowerCase());
      this.#stopToken = undefined;
      return { kind: 'echoed-command', line, command };
    }
    if (command.name === 'stop-commands') {
      const token = command.data;
      if (token === '' || this.#registered.has(token.toLowerCase()) || token.toLowerCase() === 'pause-logging') {
        this.errors.push(`Unable to process command 'stop-commands': unsupported token '${token}'`);
        return { kind: 'command', line, command };
      }
      this.#stopToken = token;
      this.#registered.add(token.toLowerCase());
      if (token.length > 6) onStopToken?.(token);
      return { kind: 'echoed-command', line, command };
    }
    return { kind: 'command', line, command };
  }
}

export interface NamedSecret {
  /** What the secret is, for messages (the value itself is never printed). */
  readonly label: string;
  readonly value: string;
}

export class SimulatedMasker {
  readonly #originals = new Set<string>();
  readonly #values = new Set<string>();
  /** Every add-mask payload, unescaped, in the order seen. */
  readonly payloads: string[] = [];

  clone(): SimulatedMasker {
    const copy = new SimulatedMasker();
    for (const value of this.#originals) copy.#originals.add(value);
    for (const value of this.#values) copy.#values.add(value);
    copy.payloads.push(...this.payloads);
    return copy;
  }

  /** AddMaskCommandExtension: the whole value, then each line (split at \r and \n, trimmed, empties dropped). */
  addMask(escapedPayload: string): void {
    this.addMaskValue(unescapeCommandData(escapedPayload));
  }

  /** The same, for a payload already unescaped by the command parser. */
  addMaskValue(value: string): void {
    this.payloads.push(value);
    if (value.trim() === '') return; // the runner warns and registers nothing
    this.addValue(value);
    for (const line of value.split(/[\r\n]/)) {
      if (line.trim() !== '') this.addValue(line.trim());
    }
  }

  /** SecretMasker.AddValue: the value and every non-empty encoding of it. */
  addValue(value: string): void {
    if (value === '' || this.#originals.has(value)) return;
    this.#originals.add(value);
    for (const form of encodedForms(value)) if (form !== '') this.#values.add(form);
  }

  /** SecretMasker.MaskSecrets: every occurrence of every value, overlapping or touching ranges merged into one ***. */
  mask(line: string): string {
    if (line === '') return '';
    const positions: { start: number; end: number }[] = [];
    for (const value of this.#values) {
      for (let at = line.indexOf(value); at >= 0; at = line.indexOf(value, at + 1)) {
        positions.push({ start: at, end: at + value.length });
      }
    }
    if (positions.length === 0) return line;
    positions.sort((a, b) => a.start - b.start);
    const merged: { start: number; end: number }[] = [];
    for (const position of positions) {
      const current = merged.at(-1);
      if (current !== undefined && position.start <= current.end) current.end = Math.max(current.end, position.end);
      else merged.push({ ...position });
    }
    let out = '';
    let from = 0;
    for (const range of merged) {
      out += `${line.slice(from, range.start)}***`;
      from = range.end;
    }
    return out + line.slice(from);
  }

  /** True when the runner would hide this secret wherever it appears. */
  covers(secret: string): boolean {
    return !this.mask(secret).includes(secret);
  }
}

/** Uri.EscapeDataString: only A-Z a-z 0-9 - _ . ~ stay; UTF-8 bytes as %XX; a lone surrogate becomes U+FFFD. */
function uriDataEscape(value: string): string {
  let out = '';
  for (const char of value) {
    if (/^[A-Za-z0-9\-_.~]$/.test(char)) {
      out += char;
      continue;
    }
    const code = char.codePointAt(0) ?? 0;
    const bytes = code >= 0xd800 && code <= 0xdfff ? Buffer.from([0xef, 0xbf, 0xbd]) : Buffer.from(char, 'utf8');
    for (const byte of bytes) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Newtonsoft JsonConvert.ToString without the quotes (default StringEscapeHandling). */
function jsonStringEscape(value: string): string {
  const named: Record<string, string> = {
    '"': '\\"',
    '\\': '\\\\',
    '\b': '\\b',
    '\t': '\\t',
    '\n': '\\n',
    '\f': '\\f',
    '\r': '\\r',
  };
  let out = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (named[char] !== undefined) out += named[char];
    else if (code < 0x20 || char === '\u0085' || char === '\u2028' || char === '\u2029') {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  return out;
}

/** SecurityElement.Escape. */
function xmlDataEscape(value: string): string {
  const entities: Record<string, string> = { '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '&': '&amp;' };
  return value.replace(/[<>"'&]/g, (c) => entities[c] ?? c);
}

function base64Shift(value: string, shift: number): string {
  const bytes = Buffer.from(value, 'utf8');
  return (bytes.length > shift ? bytes.subarray(shift) : bytes).toString('base64');
}

function powerShellSection(value: string, part: 'pre' | 'post'): string {
  if (value === '' || !value.includes('&')) return '';
  let section: string;
  const plus = value.indexOf('&+');
  if (part === 'pre') {
    section = plus >= 0 ? value.slice(0, plus + 2) : value.slice(0, value.lastIndexOf('&') + 1);
  } else if (plus >= 0) {
    section = value.length > plus + 3 ? value.slice(plus + 3) : '';
  } else {
    section = value.slice(value.lastIndexOf('&') + 1);
  }
  return section.length >= 6 ? section : '';
}

/**
 * The runner's value encoders, in HostContext's order (ValueEncoders.cs). An empty result registers nothing.
 */
export const VALUE_ENCODERS: readonly ((value: string) => string)[] = [
  (value) => Buffer.from(value, 'utf8').toString('base64'), // Base64StringEscape
  (value) => base64Shift(value, 1), // Base64StringEscapeShift1
  (value) => base64Shift(value, 2), // Base64StringEscapeShift2
  (value) => value.replace(/"/g, '\\"'), // CommandLineArgumentEscape
  (value) => value.replace(/'/g, "''"), // ExpressionStringEscape
  jsonStringEscape, // JsonStringEscape
  uriDataEscape, // UriDataEscape
  xmlDataEscape, // XmlDataEscape
  (value) => (value.length > 8 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : ''), // TrimDoubleQuotes
  (value) => powerShellSection(value, 'pre'), // PowerShellPreAmpersandEscape
  (value) => powerShellSection(value, 'post'), // PowerShellPostAmpersandEscape
];

/** The secret and every encoding the runner also masks (HostContext value encoders). */
export function encodedForms(value: string): string[] {
  return [value, ...VALUE_ENCODERS.map((encode) => encode(value))];
}

export interface LogAudit {
  /** What the job log would show: every non-command line, masked. */
  readonly log: readonly string[];
  /** Human-readable problems; each names the secret by label and never contains its value. */
  readonly violations: readonly string[];
}

/**
 * Feeds a step's output through the runner's command processing and masker, and reports every line that shows a
 * secret (in any encoded form) before its mask was registered, or unmasked even afterwards. A `::add-mask::` line
 * read while commands are stopped is plain output, so it shows its secret. The masker is updated for the next step.
 */
export function auditStep(
  masker: SimulatedMasker,
  streams: { readonly stdout: readonly string[]; readonly stderr: readonly string[] },
  secrets: readonly NamedSecret[],
): LogAudit {
  const atStepStart = masker.clone();
  const commands = new CommandProcessor();
  const log: string[] = [];
  const violations: string[] = [];
  const audit = (streamMasker: SimulatedMasker, lines: readonly string[], stream: string) => {
    lines.forEach((line, index) => {
      const processed = commands.process(line, (token) => {
        streamMasker.addValue(token);
        if (streamMasker !== masker) masker.addValue(token);
      });
      if (processed.kind === 'command' && processed.command.name === 'add-mask') {
        streamMasker.addMaskValue(processed.command.data);
        if (streamMasker !== masker) masker.addMaskValue(processed.command.data);
        return; // OmitEcho: the runner never shows an add-mask line
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
  audit(masker, streams.stdout, 'stdout');
  // stderr: masks from earlier steps, plus those sent on stderr itself.
  audit(atStepStart, streams.stderr, 'stderr');
  if (commands.stopped) violations.push('commands were still stopped when the step ended (a ::stop-commands:: line)');
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
