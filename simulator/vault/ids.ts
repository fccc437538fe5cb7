// Random identifiers and credential values. Record ids look like Vault's (`V8T…`, 15 chars) but are random so that
// tests cannot depend on an order.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const RECORD_ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function newTokenRecordId(): string {
  let id = 'V8T';
  for (let i = 0; i < 12; i += 1) id += RECORD_ID_ALPHABET[randomInt(RECORD_ID_ALPHABET.length)];
  return id;
}

export function newTokenValue(): string {
  return `veeva-vault-${randomBytes(32).toString('hex')}`;
}

export function newSessionId(): string {
  return randomBytes(48).toString('hex').toUpperCase();
}

export function newPassword(): string {
  return `Sim-${randomBytes(15).toString('base64url')}`;
}

export function newVaultId(taken: ReadonlySet<number>): number {
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const id = randomInt(10_000, 100_000);
    if (!taken.has(id)) return id;
  }
  throw new Error('could not pick a free Vault id');
}

export function newExecutionId(): string {
  return randomUUID();
}

export function newQueryCursor(): string {
  return randomUUID();
}
