// One job as the runner runs it: main, then post with main's state, one log masker for both, and the audits that
// check no secret reached the log unmasked. Content assertions should use the audited (masked) log, so a failing
// test never prints a secret either.

import { expect } from 'vitest';
import { auditStep, type LogAudit, type NamedSecret, SimulatedMasker } from './masker.js';
import { runStage, type StageResult } from './runner.js';

export interface StepRun {
  readonly result: StageResult;
  readonly audit: LogAudit;
  /** The masked job log, joined: what a person would read. */
  readonly text: string;
}

export interface JobRun {
  readonly main: StepRun;
  readonly post: StepRun;
  readonly masker: SimulatedMasker;
  /** The minted token (from the output file), if any. */
  readonly token: string | undefined;
}

export interface JobOptions {
  readonly inputs: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Environment for post only (on top of env). */
  readonly postEnv?: Readonly<Record<string, string | undefined>>;
  /** Loaded into each step's process before the bundle (clockAt, PINNED_CLOCK): the action's clock and retry waits. */
  readonly preload?: string;
  /** The same for post only, in place of preload: e.g. the clock at job end. */
  readonly postPreload?: string;
  /** Secrets the test put in (password, parent token); the minted token is added automatically. */
  readonly secrets?: readonly NamedSecret[];
  /** Cancel the main step, as the runner cancels a job, once this settles. */
  readonly cancelMainWhen?: Promise<unknown>;
  /** Cancel the post step once this settles. */
  readonly cancelPostWhen?: Promise<unknown>;
  /** Environment for main only (on top of env). */
  readonly mainEnv?: Readonly<Record<string, string | undefined>>;
  /** Runs between main and post: the rest of the job (time passing, someone deleting the token, …). */
  readonly between?: (main: StepRun & { token?: string }) => unknown;
}

export async function runMain(
  options: JobOptions,
  masker = new SimulatedMasker(),
): Promise<StepRun & { token?: string }> {
  const result = await runStage('main', {
    inputs: options.inputs,
    env: { ...options.env, ...options.mainEnv },
    preload: options.preload,
    ...(options.cancelMainWhen === undefined ? {} : { cancelWhen: options.cancelMainWhen }),
  });
  const token = result.outputs.token || undefined;
  const secrets = withToken(options.secrets ?? [], token ?? result.state.token);
  const audit = auditStep(masker, result, secrets);
  return { result, audit, text: audit.log.join('\n'), ...(token === undefined ? {} : { token }) };
}

export async function runJob(options: JobOptions): Promise<JobRun> {
  const masker = new SimulatedMasker();
  const main = await runMain(options, masker);
  await options.between?.(main);
  const result = await runStage('post', {
    inputs: options.inputs,
    env: { ...options.env, ...options.postEnv },
    state: main.result.state,
    preload: options.postPreload ?? options.preload,
    ...(options.cancelPostWhen === undefined ? {} : { cancelWhen: options.cancelPostWhen }),
  });
  const secrets = withToken(options.secrets ?? [], main.token ?? main.result.state.token);
  const audit = auditStep(masker, result, secrets);
  return { main, post: { result, audit, text: audit.log.join('\n') }, masker, token: main.token };
}

function withToken(secrets: readonly NamedSecret[], token: string | undefined): NamedSecret[] {
  return token ? [...secrets, { label: 'minted token', value: token }] : [...secrets];
}

/** No secret in any log line before its mask, nor unmasked after it. */
export function expectNoLeaks(...steps: StepRun[]): void {
  for (const step of steps) expect(step.audit.violations).toEqual([]);
}

/** The add-mask payloads in order, each named by its label ('other' otherwise), so no assertion prints a secret. */
export function maskLabels(
  masker: { readonly payloads: readonly string[] },
  secrets: readonly NamedSecret[],
): string[] {
  return masker.payloads.map((payload) => secrets.find((secret) => secret.value === payload)?.label ?? 'other');
}
