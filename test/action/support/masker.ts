// A model of the runner's SecretMasker (ActionCommandManager AddMaskCommandExtension + ValueEncoders): every
// `::add-mask::` payload is unescaped and registered whole and line by line, with the encoded variants the runner
// adds (base64, JSON string escape, URI escape). One masker lives for the whole job, across main and post.
//
// stdout and stderr are read by two independent readers in the runner, so a mask sent on stdout is not known to
// protect a stderr line written right after it (inferred from NodeScriptActionHandler). stderr lines therefore count
// only masks from earlier steps or from stderr itself.

import { unescapeCommandData } from './runner.js';

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
