// Reads the Vault connection from a Secrets Manager secret kept by the rotation function, with the job's own AWS
// credentials (e.g. OIDC through aws-actions/configure-aws-credentials): no long-lived Vault credential in GitHub.
// The SDK is imported here, lazily, so the common path (access-token, password) never loads it: the build puts it
// in its own chunk.

import { Secret } from '../../shared/secret.js';
import type { Env } from './deps.js';

/** The fields the action consumes from the rotation function's secret format. */
export interface VaultSecretValue {
  readonly vaultDns: string | undefined;
  readonly apiVersion: string | undefined;
  readonly accessToken: Secret;
}

const INPUT = 'aws-secret-id';
const FORMAT = 'a JSON object in the rotation function\'s format ({"vaultDns", "apiVersion", "accessToken"})';
const ARN_REGION = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):/;

/**
 * Fetches and parses the secret. `mask` is called with the access token the moment it is read, before any check
 * that could fail and print.
 */
export async function readVaultSecret(
  secretId: string,
  env: Env,
  mask: (value: string) => void,
): Promise<VaultSecretValue> {
  const secretString = await fetchSecretString(secretId, env);
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    // Not JSON: it may be a bare credential, so it is masked whole; the parser's message would quote it.
    mask(secretString);
    throw new Error(`${INPUT}: secret "${secretId}" is not JSON; expected ${FORMAT}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${INPUT}: secret "${secretId}" holds JSON but not an object; expected ${FORMAT}`);
  }
  const fields = parsed as Record<string, unknown>;
  const accessToken = fields.accessToken;
  if (typeof accessToken === 'string' && accessToken !== '') mask(accessToken);
  if (typeof accessToken !== 'string' || accessToken.trim() === '') {
    throw new Error(`${INPUT}: secret "${secretId}" has no accessToken (a non-empty string); expected ${FORMAT}`);
  }
  return {
    vaultDns: optionalString(fields, 'vaultDns', secretId),
    apiVersion: optionalString(fields, 'apiVersion', secretId),
    accessToken: new Secret(accessToken.trim()),
  };
}

function optionalString(fields: Record<string, unknown>, name: string, secretId: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new Error(`${INPUT}: secret "${secretId}" field ${name} must be a string, got ${typeof value}`);
  }
  return value.trim();
}

async function fetchSecretString(secretId: string, env: Env): Promise<string> {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || ARN_REGION.exec(secretId)?.[1];
  if (!region) {
    throw new Error(
      `${INPUT}: no AWS region; set AWS_REGION (aws-actions/configure-aws-credentials does) or pass the secret's full ARN`,
    );
  }
  const { SecretsManagerClient, GetSecretValueCommand } = await loadSdk();
  const client = new SecretsManagerClient({ region });
  try {
    const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (typeof answer.SecretString !== 'string') {
      throw new Error(`${INPUT}: secret "${secretId}" has no SecretString (binary secrets are not supported)`);
    }
    return answer.SecretString;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(`${INPUT}:`)) throw error;
    // The SDK error is summarised, not attached: it carries raw request/response objects that have no place in logs.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`${INPUT}: could not read secret "${secretId}" from Secrets Manager: ${describeAwsError(error)}`);
  } finally {
    client.destroy();
  }
}

type SecretsManagerSdk = typeof import('@aws-sdk/client-secrets-manager');

async function loadSdk(): Promise<SecretsManagerSdk> {
  // The bundle holds the SDK's CommonJS build as a chunk whose only export is `default` (module.exports); run from
  // source, the named exports are there directly.
  const loaded = (await import('@aws-sdk/client-secrets-manager')) as unknown as SecretsManagerSdk & {
    default?: SecretsManagerSdk;
  };
  return loaded.default?.SecretsManagerClient ? loaded.default : loaded;
}

function describeAwsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const detail = `${error.name}: ${error.message}`;
  if (error.name === 'CredentialsProviderError') {
    return `${detail} — configure AWS credentials for the job first, e.g. aws-actions/configure-aws-credentials with OIDC`;
  }
  if (error.name === 'AccessDeniedException') {
    return `${detail} — the job's role needs secretsmanager:GetSecretValue (and kms:Decrypt for a customer key) on it`;
  }
  return detail;
}
