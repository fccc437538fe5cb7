// Checks for flag values shared by the commands. Each names the flag and what it expects, never the value when the
// value could be a secret (none of these can).
import { parseClientId } from '../shared/client-id.js';
import { parseDuration } from '../shared/time/duration.js';
import { parseVaultTarget } from '../shared/target.js';
import type { VaultTarget } from '../shared/types.js';
import { UsageError } from './exit-codes.js';

const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/;

export function secretName(value: string): string {
  if (!SECRET_NAME.test(value)) {
    throw new UsageError('--secret-name', 'expected 1-512 characters of A-Z a-z 0-9 / _ + = . @ -');
  }
  if (/-[A-Za-z0-9]{6}$/.test(value)) {
    // The service's own advice: such a name is mistaken for an ARN's random suffix.
    throw new UsageError('--secret-name', 'must not end with a hyphen and six characters (it looks like an ARN suffix)');
  }
  return value;
}

export function secretId(flag: string, value: string): string {
  if (value.trim() === '' || value.length > 2048) throw new UsageError(flag, 'expected a secret name or ARN');
  return value;
}

export function vaultTarget(dns: string, apiVersion: string | undefined): VaultTarget {
  try {
    return parseVaultTarget(dns, apiVersion);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    const flag = /apiVersion/i.test(message) ? '--api-version' : '--vault-dns';
    throw new UsageError(
      flag,
      flag === '--api-version'
        ? 'expected an API version like v26.2'
        : 'expected the Vault host (myvault.veevavault.com) or its https origin (http:// only for loopback)',
    );
  }
}

export function lifetimeMs(flag: string, value: string): number {
  let ms: number | undefined;
  try {
    ms = parseDuration(value);
  } catch {
    ms = undefined;
  }
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) {
    throw new UsageError(flag, 'expected a positive duration such as 60d, 36h or P60D');
  }
  return ms;
}

export function clientId(value: string): string {
  try {
    return parseClientId(value);
  } catch {
    throw new UsageError('--client-id', 'expected 1-100 characters of A-Z a-z 0-9 . _ -');
  }
}

export function secretArn(flag: string, value: string): string {
  if (!SECRET_ARN.test(value)) throw new UsageError(flag, 'expected a secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)');
  return value;
}

export function lambdaArn(value: string): string {
  if (!LAMBDA_ARN.test(value)) {
    throw new UsageError('--rotation-lambda-arn', 'expected a function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)');
  }
  return value;
}

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export function tag(value: string): Tag {
  const at = value.indexOf('=');
  const key = at < 0 ? '' : value.slice(0, at);
  const tagValue = at < 0 ? '' : value.slice(at + 1);
  if (key === '' || key.length > 128 || tagValue.length > 256 || key.toLowerCase().startsWith('aws:')) {
    throw new UsageError('--tag', 'expected KEY=VALUE (key 1-128 characters, not starting with aws:; value up to 256)');
  }
  return { key, value: tagValue };
}

export function namePrefix(value: string): string {
  if (value === '' || value.length > 512 || !/^[A-Za-z0-9/_+=.@-]+$/.test(value)) {
    throw new UsageError('--name-prefix', 'expected the start of secret names (A-Z a-z 0-9 / _ + = . @ -)');
  }
  return value;
}

export function waitMs(value: string): number {
  const ms = lifetimeMs('--wait', value);
  if (ms > 3_600_000) throw new UsageError('--wait', 'expected at most 1h');
  return ms;
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** CreateSecret's Description limit; refused here so a long one fails before anything is created or minted. */
export function description(value: string): string {
  if (value.length > 2048) throw new UsageError('--description', `expected at most 2048 characters (got ${value.length})`);
  return value;
}

/** A key id, key ARN, alias name or alias ARN: what KmsKeyId accepts (1-2048 characters, no whitespace). */
export function kmsKeyId(value: string): string {
  if (!/^[A-Za-z0-9:/_.-]{1,2048}$/.test(value)) {
    throw new UsageError('--kms-key-id', 'expected a KMS key id, ARN or alias (e.g. alias/my-key)');
  }
  return value;
}
