// Reads the Vault connection from a Secrets Manager secret kept by the rotation function, with the job's own AWS
// credentials (e.g. OIDC through aws-actions/configure-aws-credentials): no long-lived Vault credential in GitHub.
// The SDK is imported here, lazily, so the common path (access-token, password) never loads it: the build puts it
// in its own chunk.

import { Secret } from '../../../shared/secret.js';
import { createProxyAwareFetch } from '../../../shared/http/proxy-fetch.js';
import type { Env, VaultSecretValue } from '../deps.js';
import { tokenTextProblem } from '../inputs/token-text.js';

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
  const problem = tokenTextProblem(accessToken.trim(), `${INPUT}: secret "${secretId}" field accessToken`);
  if (problem) throw new Error(problem);
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
  // The SDK's own HTTP stack ignores HTTPS_PROXY/NO_PROXY; this one is the same proxy-aware fetch the Vault calls use.
  const client = new SecretsManagerClient({ region, requestHandler: fetchRequestHandler(createProxyAwareFetch(env)) });
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

/** The slice of the SDK's HttpRequest a JSON-protocol call uses. */
interface SdkHttpRequest {
  readonly method: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number;
  readonly path: string;
  readonly query?: Record<string, string | readonly string[] | null>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

/**
 * A requestHandler for the SDK client that sends each request with `fetch` (so through the proxy settings) and hands
 * the SDK the whole answer as bytes, which it accepts as a body. Secrets Manager answers are small JSON documents.
 */
export function fetchRequestHandler(fetchImpl: typeof fetch) {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: SdkHttpRequest, options: { abortSignal?: AbortSignal } = {}) {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(request.query ?? {})) {
        for (const one of Array.isArray(value) ? value : [value]) query.append(key, one ?? '');
      }
      const search = query.size > 0 ? `?${query.toString()}` : '';
      const port = request.port === undefined ? '' : `:${request.port}`;
      // fetch sets these itself, to the same values the request was signed with.
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => !/^(host|content-length)$/i.test(name)),
      );
      const response = await fetchImpl(`${request.protocol}//${request.hostname}${port}${request.path}${search}`, {
        method: request.method,
        headers,
        body: request.method === 'GET' || request.method === 'HEAD' ? undefined : (request.body as string | Uint8Array | undefined),
        ...(options.abortSignal === undefined ? {} : { signal: options.abortSignal }),
      });
      const answerHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        answerHeaders[name] = value;
      });
      const body = new Uint8Array(await response.arrayBuffer());
      return { response: { statusCode: response.status, reason: response.statusText, headers: answerHeaders, body } };
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  };
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
