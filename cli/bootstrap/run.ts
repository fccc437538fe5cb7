// `vault-api-token bootstrap`: sign in once, create the secret (its ARN names the token), mint the first token under
// the rotator's own name for it, store the value, end the session. Optionally attach rotation and follow it, and
// retire a hand-made token. Nothing half-done: a failure after the mint revokes the token and deletes a secret this
// run created; what could not be undone is said, with its ids. So does a SIGINT/SIGTERM (cli/interrupts.ts): the call
// in flight finishes, then a token not yet stored is revoked and a secret this run created empty is deleted; once the
// token is stored the secret is kept (it is complete), and the steps not taken are named with the command for each.
import { randomUUID } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { rotationTokenName } from '../../shared/rotated-secret/index.js';
import { VaultMintOutcomeUnknownError } from '../../shared/errors.js';
import { expiryAfter } from '../../shared/time/expiry.js';
import { openVaultSession } from '../../shared/session.js';
import type { MintedToken, VaultCredentials, VaultSession, VaultUser } from '../../shared/types.js';
import type { AwsFlags } from '../aws-flags.js';
import { CommandFailure, EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { Interrupted, type Interrupts, watchInterrupts } from '../interrupts.js';
import { type CliIo, note, out } from '../io.js';
import { readCredentials } from '../vault-credentials.js';
import { retireBootstrapToken } from './bootstrap-token.js';
import { commandLine } from '../command-line.js';
import { type BootstrapPlan, tokenLifetimeMs } from './plan.js';
import { attachAndFollowRotation } from './rotation.js';
import { createEmptySecret, deleteCreatedSecret, findSecret, storeValue, tagSecret, unfinishedRotation } from './secret-store.js';

export interface BootstrapResult {
  readonly secretArn: string;
  readonly secretName: string;
  readonly created: boolean;
  readonly versionId: string;
  readonly tokenId: string;
  readonly tokenName: string;
  readonly expiresAt: string | undefined;
  readonly userId: string;
  /** True when the --tag tags are on the secret; false without --tag, or when --update could not add them. */
  readonly tagged: boolean;
}

export async function runBootstrap(
  plan: BootstrapPlan,
  io: CliIo,
  sm: SecretsManagerClient,
  aws: AwsFlags,
  argv: readonly string[] = [],
): Promise<ExitCode> {
  const interrupts = watchInterrupts(io);
  try {
    return await bootstrapSteps(plan, io, sm, aws, interrupts, argv);
  } finally {
    interrupts.dispose();
  }
}

async function bootstrapSteps(
  plan: BootstrapPlan,
  io: CliIo,
  sm: SecretsManagerClient,
  aws: AwsFlags,
  interrupts: Interrupts,
  argv: readonly string[],
): Promise<ExitCode> {
  const existing = await findSecret(sm, plan.secretName);
  unchangedIfInterrupted(interrupts.check, 'looking up the secret');
  if (existing !== undefined && !plan.update) {
    throw new UsageError('--update', `secret ${plan.secretName} exists (${existing.ARN}); to store a new token in it, run: ${commandLine(argv, '--update')}`);
  }
  if (existing?.DeletedDate !== undefined) {
    throw new CommandFailure(`secret ${plan.secretName} is scheduled for deletion; restore it (aws secretsmanager restore-secret) first`);
  }
  const pending = existing === undefined ? undefined : unfinishedRotation(existing);
  if (pending !== undefined) {
    throw new CommandFailure(`secret ${plan.secretName} has a rotation in progress (AWSPENDING on ${pending}); let it finish or clear it first`);
  }

  // The token must outlive the next rotation under the rules the secret will have, the existing ones on --update.
  const lifetimeMs = tokenLifetimeMs(plan, existing?.RotationRules);

  const credentials = await interrupts.race(readCredentials(plan.credentials, io)).catch((error: unknown) => {
    unchangedIfInterrupted(() => {
      throw error;
    }, 'reading the Vault credentials');
    throw error;
  });
  const result = await bootstrapSecret(plan, io, sm, credentials, existing?.ARN, lifetimeMs, interrupts);
  report(io, plan, result);

  let exit: ExitCode = plan.tags.length > 0 && !result.tagged ? EXIT.failure : EXIT.ok;
  if (interrupts.received !== undefined) {
    note(io, `Interrupted (${interrupts.received}) once the token was stored: the secret is complete and kept.`);
    if (plan.rotation !== undefined) note(io, `Rotation was NOT attached: ${rotateSecretCommand(plan, result.secretArn, plan.rotation.lambdaArn)}`);
    if (credentials.kind === 'token' && plan.revokeBootstrapToken !== 'no') note(io, `The hand-made token was NOT revoked: ${REVOKE_HAND_MADE}`);
    return EXIT.interrupted;
  }
  if (plan.rotation === undefined) {
    note(io, `Rotation is not attached yet: ${rotateSecretCommand(plan, result.secretArn, 'FUNCTION_ARN')}`);
    note(io, '(or bootstrap with --rotation-lambda-arn next time, which also follows the first rotation).');
  } else {
    const rotated = await attachAndFollowRotation(io, sm, aws, result.secretArn, plan.rotation, interrupts.signal);
    if (!rotated) exit = EXIT.failure;
  }
  if (interrupts.received !== undefined) {
    if (credentials.kind === 'token' && plan.revokeBootstrapToken !== 'no') note(io, `The hand-made token was NOT revoked: ${REVOKE_HAND_MADE}`);
    return EXIT.interrupted;
  }
  if (credentials.kind === 'token') {
    const retired = await retireBootstrapToken(io, plan, credentials, argv).catch((error: unknown) => {
      if (!(error instanceof Error && error.name === 'ExitPromptError')) throw error;
      note(io, `Cancelled at the prompt (Ctrl-C). The secret is complete; the hand-made token was NOT revoked: ${REVOKE_HAND_MADE}`);
      return 'cancelled' as const;
    });
    if (retired === 'cancelled') return EXIT.interrupted;
    if (!retired) exit = EXIT.failure;
  }
  // A signal during the last step let it finish (said above): still an interrupted run.
  return interrupts.received === undefined ? exit : EXIT.interrupted;
}

/** Runs `step`; an Interrupted from it is said as what it is: a stop before anything was changed. */
function unchangedIfInterrupted(step: () => void, doing: string): void {
  try {
    step();
  } catch (error) {
    if (error instanceof Interrupted) throw new Interrupted(error.signal, `interrupted (${error.signal}) while ${doing}. Nothing was changed.`);
    throw error;
  }
}

const REVOKE_HAND_MADE = 'revoke it in Vault (your user profile > API Access Tokens).';

function rotateSecretCommand(plan: BootstrapPlan, secretArn: string, lambdaArn: string): string {
  const rules = plan.rotationRules === undefined ? '' : ` --rotation-rules '${JSON.stringify(plan.rotationRules)}'`;
  return `aws secretsmanager rotate-secret --secret-id ${secretArn} --rotation-lambda-arn ${lambdaArn}${rules}`;
}

async function bootstrapSecret(
  plan: BootstrapPlan,
  io: CliIo,
  sm: SecretsManagerClient,
  credentials: VaultCredentials,
  existingArn: string | undefined,
  lifetimeMs: number,
  interrupts: Interrupts,
): Promise<BootstrapResult> {
  const session = openVaultSession(
    { vaultDns: plan.vaultDns, apiVersion: plan.target.apiVersion, ...(plan.options.clientId ? { clientId: plan.options.clientId } : {}) },
    credentials,
  );
  let createdArn: string | undefined;
  let minted: MintedToken | undefined;
  let step = 'signing in to Vault';
  try {
    const user = await session.whoAmI();
    note(io, `Signed in to ${plan.target.host} as ${user.userName} (user ${user.userId}).`);
    interrupts.check();
    step = 'creating the secret';
    const secretArn = existingArn ?? (createdArn = await createEmptySecret(sm, plan));
    note(io, `${createdArn === undefined ? 'Updating' : 'Created'} secret ${plan.secretName}: ${secretArn}`);
    interrupts.check();
    step = 'minting the token';
    const versionId = randomUUID();
    const name = rotationTokenName(secretArn, versionId);
    minted = await mintOrRecover(session, name, expiryAfter(lifetimeMs));
    note(io, `Minted token ${minted.id} (${name}), expires ${minted.expiresAt ?? 'never'}.`);
    interrupts.check();
    // From here the run finishes what it started: a signal during the store lets the store (and the tags) complete,
    // and runBootstrap stops after them with a complete secret.
    step = 'storing the token';
    await storeValue(sm, secretArn, versionId, secretValue(plan, minted, user));
    note(io, `Stored it as version ${versionId} (AWSCURRENT).`);
    // An existing secret is tagged only now: a tag (the fleet scope) brings it into the rotator's IAM scope, so a
    // run that failed before this point must leave its tags as they were. A created secret got them at creation.
    // True only when this run's --tag tags are on the secret (none given: nothing was tagged).
    const tagged = plan.tags.length === 0 ? false : existingArn === undefined ? true : await tagExisting(io, sm, existingArn, plan);
    return {
      tagged,
      secretArn,
      secretName: plan.secretName,
      created: createdArn !== undefined,
      versionId,
      tokenId: minted.id,
      tokenName: name,
      expiresAt: minted.expiresAt,
      userId: user.userId,
    };
  } catch (error) {
    const undone = await undo(session, sm, minted, createdArn);
    if (error instanceof Interrupted) throw new Interrupted(error.signal, `interrupted (${error.signal}) while ${step}${undone}`);
    throw new CommandFailure(`${describe(error).replace(/\.$/, '')}${undone}`);
  } finally {
    await session.close();
  }
}

/** The token is stored and works: a tag that cannot be added is said, with the command to add it, not undone. */
async function tagExisting(io: CliIo, sm: SecretsManagerClient, arn: string, plan: BootstrapPlan): Promise<boolean> {
  try {
    await tagSecret(sm, arn, plan);
    return true;
  } catch (error) {
    note(io, `The new token is stored, but the tags were NOT added (${describe(error)}).`);
    note(io, `Add them with aws secretsmanager tag-resource --secret-id ${arn} --tags ${plan.tags.map((t) => `Key=${t.key},Value=${t.value}`).join(' ')}`);
    return false;
  }
}

/** A mint whose answer was lost may have made the token: the deterministic name finds it. */
async function mintOrRecover(session: VaultSession, name: string, expiresAt: Date): Promise<MintedToken> {
  try {
    return await session.mintToken({ name, expiresAt });
  } catch (error) {
    if (error instanceof VaultMintOutcomeUnknownError) {
      const found = await session.listTokens({ name }).catch(() => []);
      if (found.length > 0) await session.revokeTokens(found.map((t) => t.id)).catch(() => undefined);
    }
    throw error;
  }
}

/** The value as the rotator reads it (docs/secret-contract.md): its four fields, where Vault is, and the options given. */
function secretValue(plan: BootstrapPlan, minted: MintedToken, user: VaultUser): string {
  return JSON.stringify({
    vaultDns: plan.vaultDns,
    apiVersion: plan.target.apiVersion,
    accessToken: minted.token.reveal(),
    tokenId: minted.id,
    expiresAt: minted.expiresAt,
    userId: user.userId,
    ...plan.options,
  });
}

async function undo(
  session: VaultSession,
  sm: SecretsManagerClient,
  minted: MintedToken | undefined,
  createdArn: string | undefined,
): Promise<string> {
  const said: string[] = [];
  if (minted !== undefined) {
    const outcome = await session.revokeTokens([minted.id]).catch((error: unknown) => [
      { id: minted.id, outcome: 'failed' as const, errorType: 'ERROR', message: describe(error) },
    ]);
    const failed = outcome.find((o) => o.outcome === 'failed');
    said.push(
      failed === undefined
        ? `token ${minted.id} revoked`
        : `token ${minted.id} could NOT be revoked (${failed.outcome === 'failed' ? failed.message : ''}): delete it in Vault`,
    );
  }
  if (createdArn !== undefined) {
    const deleted = await deleteCreatedSecret(sm, createdArn).then(
      () => undefined,
      (error: unknown) => describe(error),
    );
    said.push(
      deleted === undefined
        ? `secret ${createdArn} deleted`
        : `secret ${createdArn} could NOT be deleted (${deleted}): delete it with aws secretsmanager delete-secret --force-delete-without-recovery`,
    );
  }
  return said.length === 0 ? '. Nothing was changed.' : `. Undone: ${said.join('; ')}.`;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
}

function report(io: CliIo, plan: BootstrapPlan, result: BootstrapResult): void {
  if (plan.json) {
    out(io, JSON.stringify(result, null, 2));
    return;
  }
  out(io, `secret      ${result.secretName}`);
  out(io, `arn         ${result.secretArn}`);
  out(io, `version     ${result.versionId} (AWSCURRENT)`);
  out(io, `token id    ${result.tokenId}`);
  out(io, `token name  ${result.tokenName}`);
  out(io, `expires     ${result.expiresAt ?? 'never'}`);
  out(io, `user id     ${result.userId}`);
}
