// With --token-stdin the secret now holds a token the rotator owns, and the hand-made one can go. Vault cannot find
// a token by its value, so the operator names it (--bootstrap-token-id, or asked); after the delete the hand-made
// token must be refused by Vault, which proves the id was the right one.
import { isInvalidSession } from '../../shared/errors.js';
import { openVaultSession } from '../../shared/session.js';
import type { VaultCredentials } from '../../shared/types.js';
import { type CliIo, note } from '../io.js';
import { promptYesNo } from '../secret-input.js';
import type { BootstrapPlan } from './plan.js';
import { commandLine } from '../command-line.js';
import input from '@inquirer/input';

export async function retireBootstrapToken(
  io: CliIo,
  plan: BootstrapPlan,
  credentials: Extract<VaultCredentials, { kind: 'token' }>,
  argv: readonly string[],
): Promise<boolean> {
  let tokenId = plan.bootstrapTokenId;
  if (plan.revokeBootstrapToken === 'no') {
    note(io, 'The hand-made token you gave is still active: revoke it in Vault, or have this command do it (it stores a new token too):');
    note(io, `  ${commandLine(argv, '--update', '--revoke-bootstrap-token', '--bootstrap-token-id', 'ID')}`);
    return true;
  }
  if (plan.revokeBootstrapToken === 'ask') {
    if (!(await promptYesNo(io, 'Revoke the hand-made token you signed in with, now that the secret holds its own?', true))) return true;
  }
  tokenId ??= await input(
    { message: 'Its record id (Vault: user profile > API Access Tokens, e.g. V8T000000002001):', validate: (v) => /^[A-Za-z0-9]{1,40}$/.test(v.trim()) || 'expected a record id' },
    { input: io.stdin, output: io.stderr },
  );
  const session = openVaultSession({ vaultDns: plan.vaultDns, apiVersion: plan.target.apiVersion }, credentials);
  try {
    const [outcome] = await session.revokeTokens([tokenId.trim()]);
    if (outcome?.outcome === 'failed') {
      note(io, `Could NOT revoke token ${tokenId}: ${outcome.message}. Revoke the hand-made token in Vault.`);
      return false;
    }
  } catch (error) {
    note(io, `Could NOT revoke token ${tokenId}: ${error instanceof Error ? error.message : String(error)}. Revoke the hand-made token in Vault.`);
    return false;
  }
  const check = openVaultSession({ vaultDns: plan.vaultDns, apiVersion: plan.target.apiVersion }, credentials);
  try {
    await check.whoAmI();
    note(io, `WARNING: token ${tokenId} was revoked, but the hand-made token still works: ${tokenId} was not it. Revoke the hand-made token in Vault.`);
    return false;
  } catch (error) {
    if (!isInvalidSession(error)) {
      note(io, `Token ${tokenId} revoked; could not confirm Vault now refuses the hand-made token (${error instanceof Error ? error.message : String(error)}).`);
      return true;
    }
  }
  note(io, `Revoked the hand-made token ${tokenId}: Vault now refuses it.`);
  return true;
}
