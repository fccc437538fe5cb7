// Finding a secret the way the service does (name, ARN or partial ARN) and refusing work on one marked for deletion.
import { secretIdMatches } from './arn.js';
import { markedForDeletion, secretNotFound } from './errors.js';
import type { Store, StoredSecret } from './model.js';

export function findSecret(store: Store, secretId: string): StoredSecret | undefined {
  for (const secret of store.secrets.values()) {
    if (secretIdMatches(secretId, secret.name, secret.arn)) return secret;
  }
  return undefined;
}

export function existingSecret(store: Store, secretId: string): StoredSecret {
  const secret = findSecret(store, secretId);
  if (secret === undefined) throw secretNotFound();
  return secret;
}

export function liveSecret(store: Store, secretId: string): StoredSecret {
  const secret = existingSecret(store, secretId);
  if (secret.deletedAt !== undefined) throw markedForDeletion();
  return secret;
}
