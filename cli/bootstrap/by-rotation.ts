// bootstrap --first-token-by-rotation: no hand-made token, no password typed. The secret is created with vaultDns,
// apiVersion and credentialsSecretArn (plus the options given) and no token; the rotator's first rotation mints the
// first token with the credentials secret — typically an OAuth sign-in with the function's own AWS identity, so no
// Vault credential is stored anywhere (docs/secret-contract.md). With --rotation-lambda-arn that rotation is started
// and followed here; without it, the command that attaches rotation is printed.
import { randomUUID } from 'node:crypto';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsFlags } from '../aws-flags.js';
import { CommandFailure, EXIT, type ExitCode } from '../exit-codes.js';
import type { Interrupts } from '../interrupts.js';
import { type CliIo, note, out } from '../io.js';
import type { BootstrapPlan } from './plan.js';
import { attachAndFollowRotation } from './rotation.js';
import { createEmptySecret, deleteCreatedSecret, storeValue } from './secret-store.js';

export interface RotationBootstrapResult {
  readonly secretArn: string;
  readonly secretName: string;
  readonly created: true;
  readonly versionId: string;
  readonly firstTokenBy: 'rotation';
  /** The credentials secret's kind as read here, or 'unreadable' when this caller may not read it. */
  readonly credentials: 'oauth' | 'password' | 'token' | 'unreadable';
  /** Once the first rotation finished (with --rotation-lambda-arn): the token it minted. */
  readonly tokenId: string | undefined;
  readonly expiresAt: string | undefined;
  readonly userId: string | undefined;
  readonly tagged: boolean;
}

export async function bootstrapByRotation(
  plan: BootstrapPlan,
  io: CliIo,
  sm: SecretsManagerClient,
  aws: AwsFlags,
  interrupts: Interrupts,
): Promise<ExitCode> {
  const credentialsArn = plan.credentialsSecretArn!;
  const kind = await credentialsKind(sm, credentialsArn);
  note(
    io,
    kind === 'unreadable'
      ? `Could not read ${credentialsArn} here (the rotation function reads it; make sure its role may).`
      : `Credentials secret ${credentialsArn}: ${kind === 'oauth' ? 'an OAuth sign-in (no stored Vault credential)' : `a ${kind}`}.`,
  );
  interrupts.check();
  const secretArn = await createEmptySecret(sm, plan);
  note(io, `Created secret ${plan.secretName}: ${secretArn}`);
  const versionId = randomUUID();
  const value = JSON.stringify({ vaultDns: plan.vaultDns, apiVersion: plan.target.apiVersion, ...plan.options });
  try {
    await storeValue(sm, secretArn, versionId, value);
  } catch (error) {
    const undone = await deleteCreatedSecret(sm, secretArn).then(
      () => `secret ${secretArn} deleted`,
      () => `secret ${secretArn} could NOT be deleted: delete it with aws secretsmanager delete-secret --force-delete-without-recovery`,
    );
    throw new CommandFailure(`${error instanceof Error ? error.message : String(error)}. Undone: ${undone}.`);
  }
  note(io, `Stored version ${versionId} (AWSCURRENT) with no token: the first rotation mints it.`);

  let exit: ExitCode = EXIT.ok;
  let minted: { tokenId?: string; expiresAt?: string; userId?: string } = {};
  if (interrupts.received !== undefined) {
    note(io, `Interrupted (${interrupts.received}) once the secret was stored: it is kept; rotation was NOT attached.`);
    exit = EXIT.interrupted;
  } else if (plan.rotation === undefined) {
    const rules = plan.rotationRules === undefined ? '' : ` --rotation-rules '${JSON.stringify(plan.rotationRules)}'`;
    note(io, `Attach rotation to mint the first token: aws secretsmanager rotate-secret --secret-id ${secretArn} --rotation-lambda-arn FUNCTION_ARN${rules}`);
  } else if (await attachAndFollowRotation(io, sm, aws, secretArn, plan.rotation, interrupts.signal, 'no token yet')) {
    const current = await sm.send(new GetSecretValueCommand({ SecretId: secretArn, VersionStage: 'AWSCURRENT' }));
    const parsed = JSON.parse(current.SecretString ?? '{}') as Record<string, unknown>;
    minted = {
      tokenId: typeof parsed.tokenId === 'string' ? parsed.tokenId : undefined,
      expiresAt: typeof parsed.expiresAt === 'string' ? parsed.expiresAt : undefined,
      userId: typeof parsed.userId === 'string' ? parsed.userId : undefined,
    };
    note(io, `The first rotation minted token ${minted.tokenId ?? '(unknown id)'}.`);
  } else {
    exit = interrupts.received === undefined ? EXIT.failure : EXIT.interrupted;
  }
  const result: RotationBootstrapResult = {
    secretArn,
    secretName: plan.secretName,
    created: true,
    versionId,
    firstTokenBy: 'rotation',
    credentials: kind,
    tokenId: minted.tokenId,
    expiresAt: minted.expiresAt,
    userId: minted.userId,
    tagged: plan.tags.length > 0,
  };
  if (plan.json) out(io, JSON.stringify(result, null, 2));
  else {
    out(io, `secret      ${result.secretName}`);
    out(io, `arn         ${result.secretArn}`);
    out(io, `version     ${result.versionId} (AWSCURRENT, no token)`);
    out(io, `first token ${result.tokenId === undefined ? 'minted by the first rotation' : `${result.tokenId}, expires ${result.expiresAt ?? 'never'}`}`);
  }
  return exit;
}

/** What the credentials secret holds, by its fields only; no value is kept or shown. */
async function credentialsKind(sm: SecretsManagerClient, arn: string): Promise<RotationBootstrapResult['credentials']> {
  let text: string | undefined;
  try {
    text = (await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'ResourceNotFoundException') {
      throw new CommandFailure(`--credentials-secret-arn: Secrets Manager has no secret ${arn} with a current value. Nothing was changed.`);
    }
    return 'unreadable';
  }
  let fields: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text ?? '');
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) fields = parsed as Record<string, unknown>;
  } catch {
    // refused below
  }
  if (fields.oauth !== null && typeof fields.oauth === 'object') return 'oauth';
  if (typeof fields.username === 'string' && typeof fields.password === 'string') return 'password';
  if (typeof fields.accessToken === 'string') return 'token';
  throw new CommandFailure(
    `--credentials-secret-arn: secret ${arn} holds no "oauth", "username"/"password" or "accessToken" (docs/secret-contract.md). Nothing was changed.`,
  );
}
