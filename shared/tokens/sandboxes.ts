// Retrieve Sandboxes on the parent Vault, to learn where a sandbox lives: a sandbox token works only on the
// sandbox's own DNS, which the mint answer does not carry. The answer's shape is inferred from Veeva's Java SDK
// (SandboxResponse: data.active[] with name, dns, vault_id, status), so every field is read defensively.

import { callVault } from '../call.js';
import { apiPath, type VaultContext } from '../context.js';
import { VaultConfigError } from '../errors.js';
import { sandboxOrigin, validateSandboxName } from '../target.js';
import type { SandboxLocation } from '../types.js';
import { asIdString, asOptionalString, asRecord, malformedAnswer } from './response-shape.js';

export async function findSandbox(
  context: VaultContext,
  name: string,
  signal: AbortSignal | undefined,
): Promise<SandboxLocation | undefined> {
  validateSandboxName(name, 'name');
  const response = await callVault(
    context,
    'findSandbox',
    { method: 'GET', path: apiPath(context.target, '/objects/sandbox') },
    signal,
  );
  const active = asRecord(response.body.data)?.active;
  // No list at all means the shape is not what we inferred: say so rather than claim the sandbox does not exist.
  if (!Array.isArray(active)) throw malformedAnswer('findSandbox', 'data.active[]', response.executionId);

  const entries = active.map(asRecord).filter((entry) => asOptionalString(entry?.name) !== undefined);
  const named = (entry: Record<string, unknown> | undefined) => asOptionalString(entry?.name) ?? '';
  const exact = entries.filter((entry) => named(entry) === name);
  const folded = entries.filter((entry) => named(entry).toLowerCase() === name.toLowerCase());
  const match = exact.length === 1 ? exact[0] : exact.length === 0 && folded.length === 1 ? folded[0] : undefined;
  if (match === undefined) return undefined;

  const dns = asOptionalString(match.dns);
  if (dns === undefined) {
    throw malformedAnswer('findSandbox', `a dns for sandbox "${named(match)}"`, response.executionId);
  }
  let origin: string;
  try {
    origin = sandboxOrigin(context.target, dns);
  } catch (error) {
    if (!(error instanceof VaultConfigError)) throw error;
    throw malformedAnswer(
      'findSandbox',
      `a usable dns for sandbox "${named(match)}" (${error.message})`,
      response.executionId,
    );
  }
  return { name: named(match), dns: new URL(origin).host, vaultId: asIdString(match.vault_id), origin };
}
