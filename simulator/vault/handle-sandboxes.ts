// Retrieve Sandboxes: GET /objects/sandbox on a Vault lists its sandboxes. The shape follows Veeva's Java SDK
// SandboxResponse and the API reference's example (data.entitlements[], data.active[]); only the main Vault has
// sandboxes here, so a sandbox's own list is empty.
import type { AuthedContext, HandlerResult } from './context.js';
import { successBody } from './envelopes.js';
import { MAIN_VAULT, type VaultRecord } from './state.js';

export function sandboxesHandler(ctx: AuthedContext): HandlerResult {
  const parent = ctx.vault;
  const sandboxes =
    parent.name === MAIN_VAULT ? [...ctx.state.vaults.values()].filter((vault) => vault.name !== MAIN_VAULT) : [];
  return {
    body: successBody({
      data: {
        entitlements: [{ size: 'Small', available: 10 - sandboxes.length, allowed: 10, temporary: 0 }],
        active: sandboxes.map((sandbox) => sandboxEntry(sandbox, parent)),
      },
    }),
  };
}

function sandboxEntry(sandbox: VaultRecord, parent: VaultRecord): Record<string, unknown> {
  return {
    pod: 'SIM0',
    vault_id: sandbox.vaultId,
    name: sandbox.name,
    type: 'config',
    size: 'Small',
    status: 'active',
    domain: 'simulator.veevavault.local',
    // host:port, as Vault gives a bare DNS name: the client adds the scheme.
    dns: sandbox.host,
    source_vault_id: parent.vaultId,
    entitlements: [],
    release: 'general',
    expiration_date: 'NULL',
  };
}
