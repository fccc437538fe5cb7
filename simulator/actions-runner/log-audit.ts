// The leak audit: a step's output fed through the runner's command processing and masker, every line that would show
// a secret reported. stdout and stderr are read by two independent readers in the runner, so a mask sent on stdout is
// not known to protect a stderr line written right after it (inferred from NodeScriptActionHandler). stderr lines
// therefore count only masks from earlier steps or from stderr itself.

import { CommandProcessor } from './commands.js';
import { encodedForms, type NamedSecret, SimulatedMasker } from './masker.js';

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
