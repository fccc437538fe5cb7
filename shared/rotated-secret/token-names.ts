// Token names are deterministic: the same secret and rotation always give the same name, so an attempt that died
// between mint and PutSecretValue leaves a token that the retry can find, and every token of one secret shares a
// prefix the rotator can list by. Vault's name__v allows 128 characters; the shared client accepts [A-Za-z0-9._:/ -].

import { createHash } from 'node:crypto';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** `vat:<first 12 hex of sha256(secret ARN)>:` — every token this rotator makes for that secret starts with it. */
export function secretTokenPrefix(secretArn: string): string {
  return `vat:${sha256Hex(secretArn).slice(0, 12)}:`;
}

/** The name of the token minted for one rotation (one ClientRequestToken = one version id). */
export function rotationTokenName(secretArn: string, versionId: string): string {
  // Version ids are UUIDs in practice; anything else is hashed so the name stays short and within the charset.
  const suffix = /^[A-Za-z0-9.-]{1,100}$/.test(versionId) ? versionId : sha256Hex(versionId).slice(0, 40);
  return `${secretTokenPrefix(secretArn)}${suffix}`;
}
