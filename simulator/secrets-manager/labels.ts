// Staging-label moves, with the one rule the service adds on its own: whenever AWSCURRENT moves, AWSPREVIOUS moves
// to the version AWSCURRENT left. A label is on at most one version.
import type { StoredSecret, StoredVersion } from './model.js';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPENDING = 'AWSPENDING';
export const AWSPREVIOUS = 'AWSPREVIOUS';

export function holderOf(secret: StoredSecret, label: string): StoredVersion | undefined {
  for (const version of secret.versions.values()) if (version.stages.has(label)) return version;
  return undefined;
}

export function attachLabel(secret: StoredSecret, label: string, to: StoredVersion): void {
  const from = holderOf(secret, label);
  if (from === to) return;
  from?.stages.delete(label);
  to.stages.add(label);
  if (label === AWSCURRENT && from !== undefined) attachLabel(secret, AWSPREVIOUS, from);
}

export function detachLabel(version: StoredVersion, label: string): void {
  version.stages.delete(label);
}

export function stagesOf(version: StoredVersion): string[] {
  return [...version.stages];
}
