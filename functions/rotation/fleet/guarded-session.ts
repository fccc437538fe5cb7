// The name of what a step calls Vault through. Its own file, with no imports but shared's types, so the revocation
// and the steps can name it without importing the guard (which imports the step context).

import type { VaultSession } from '../../../shared/types.js';

/**
 * A Vault session behind the fleet's checks (guard.ts, guardedSession): the kind every step calls Vault through. The
 * calls are VaultSession's; the name says that the allowlist, the burst reserve and session reuse stand in front.
 */
export type GuardedSession = VaultSession;
