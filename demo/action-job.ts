// The GitHub Action as a job runs it: the committed bundles (action/dist/main.mjs, then post.mjs with main's saved
// state), each a child process without a shell, through the runner model in simulator/actions-runner/. The
// credential is the rotated secret itself (aws-secret-id): the job's AWS credentials read it, so no Vault credential
// is stored in GitHub. The log is shown as the job log would show it: workflow commands processed, masks applied.
import { fileURLToPath } from 'node:url';
import {
  auditStep,
  jobOutputs,
  runActionStage,
  SimulatedMasker,
  type Stage,
  type StageOptions,
  type StageResult,
  unescapeCommandData,
} from '../simulator/actions-runner/index.js';
import type { VaultSimulator } from '../simulator/vault-simulator-types.js';
import { expiry } from './format.js';
import type { Narrator } from './narrator.js';
import type { TokenWatch } from './token-watch.js';
import type { TokenNames } from './vault-tokens.js';

/** The repository root: it holds action.yml, whose runs point at action/dist. */
const ACTION_DIR = fileURLToPath(new URL('../', import.meta.url));
const SHOWN_OUTPUTS = ['token-id', 'expires-at', 'user-id'] as const;
const EXPIRES_IN = '15m';

export interface ActionWorld {
  readonly simulator: VaultSimulator;
  readonly userId: string;
  readonly secretArn: string;
  /** The job's AWS credentials and region (dummies pointed at the local Secrets Manager). */
  readonly awsEnv: Readonly<Record<string, string>>;
  /** The token AWSCURRENT holds, which the action will mint with. */
  readonly parentTokenId: string | undefined;
  readonly narrator: Narrator;
  readonly watch: TokenWatch;
  readonly names: TokenNames;
}

export async function runActionJob(world: ActionWorld): Promise<void> {
  const { narrator, names } = world;
  const inputs = { 'aws-secret-id': world.secretArn, 'expires-in': EXPIRES_IN };
  const masker = new SimulatedMasker();

  narrator.step('GitHub Action, main step: node action/dist/main.mjs, as the runner starts it (no shell)');
  narrator.say(`with: aws-secret-id = ${world.secretArn}, expires-in = ${EXPIRES_IN}`);
  narrator.say(`no Vault credential in GitHub: the job's AWS credentials read the rotated secret, whose AWSCURRENT`);
  narrator.say(`token ${names.show(world.parentTokenId)} mints a short-lived one`);
  const main = await runStage('main', { inputs, env: world.awsEnv }, world, masker);
  const tokenId = main.outputs['token-id'];
  if (main.failed || tokenId === undefined || tokenId === '') {
    throw new Error(`the action's main step failed (exit code ${main.exitCode}): ${annotationsOf(main, masker)}`);
  }
  names.name(tokenId, 'action');
  narrator.say('outputs:');
  for (const name of SHOWN_OUTPUTS) {
    const value = main.outputs[name] ?? '';
    narrator.say(`  ${name.padEnd(10)} = ${name === 'expires-at' ? expiry(value) : value}`);
  }
  const token = main.outputs.token ?? '';
  if (token === '' || !masker.covers(token)) {
    throw new Error("the action's main step did not output a token masked in the job log");
  }
  const { dropped } = jobOutputs(masker, main.outputs);
  narrator.say(
    '  token      = set, and masked: the log shows *** for it' +
      (dropped.includes('token') ? '; the runner would not pass it to another job' : ''),
  );
  const minted = world.simulator.tokens({ userId: world.userId, activeOnly: true }).find((row) => row.id === tokenId);
  if (minted === undefined) throw new Error(`the action reported token ${tokenId}, but Vault has no such active token`);
  narrator.say(`Vault: ${names.show(tokenId)} is active`);
  narrator.say(`state saved for post: ${Object.keys(main.state).join(', ')} (values stay in the runner)`);

  narrator.step('GitHub Action, post step at job end: node action/dist/post.mjs with STATE_* from main');
  const post = await runStage('post', { inputs, env: world.awsEnv, state: main.state }, world, masker);
  if (post.failed || post.warnings.length > 0) {
    throw new Error(`the action's post step did not revoke cleanly: ${annotationsOf(post, masker)}`);
  }
  const after = world.simulator.tokens({ userId: world.userId }).find((row) => row.id === tokenId);
  if (after?.deleted !== true) throw new Error(`the action's post step finished, but ${tokenId} is still in Vault`);
  narrator.say(`Vault: ${names.show(tokenId)} revoked by the post step`);
}

async function runStage(
  stage: Stage,
  options: StageOptions,
  world: ActionWorld,
  masker: SimulatedMasker,
): Promise<StageResult> {
  const result = await runActionStage(ACTION_DIR, stage, options);
  // Known before anything from this step is shown, so the audit and the self-check can look for it.
  if (result.outputs.token) world.watch.remember(result.outputs.token);
  if (result.state.token) world.watch.remember(result.state.token);
  const audit = auditStep(masker, result, world.watch.labelled());
  if (audit.violations.length > 0) {
    throw new Error(`the action's ${stage} step showed a secret in its log: ${audit.violations.join('; ')}`);
  }
  for (const line of audit.log) {
    const shown = asJobLogLine(line);
    if (shown !== undefined) world.narrator.quote(masker.mask(shown));
  }
  return result;
}

const COMMAND = /^\s*::([a-z-]+)(?: [^:]*)?::(.*)$/;
const ANNOTATIONS: Record<string, string> = { error: 'Error', warning: 'Warning', notice: 'Notice' };

/** A line as a person reads it in the job log: annotations shown with their title, other workflow commands hidden. */
function asJobLogLine(line: string): string | undefined {
  const command = COMMAND.exec(line);
  if (command === null) return line;
  const title = ANNOTATIONS[command[1] ?? ''];
  return title === undefined ? undefined : `${title}: ${unescapeCommandData(command[2] ?? '')}`;
}

function annotationsOf(result: StageResult, masker: SimulatedMasker): string {
  const messages = [...result.errors, ...result.warnings, ...result.fileCommandErrors].map((m) => masker.mask(m));
  return messages.length === 0 ? 'no error message (see the log above)' : messages.join(' | ');
}
