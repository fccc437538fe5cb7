// Workflow commands (ActionCommand.TryParseV2 and the legacy TryParse): a line is a command when, after leading
// whitespace, it starts with `::name…::`, or when it holds `##[name…]` anywhere; only registered names count.
// `::stop-commands::T` makes every later line plain text until `::T::` (one ActionCommandManager per step, shared by
// stdout and stderr).

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
