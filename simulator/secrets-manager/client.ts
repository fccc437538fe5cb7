// How code reaches a backend: an environment for processes, or an in-process SDK client. Credentials are dummies;
// neither backend checks signatures.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const DUMMY_ACCESS_KEY_ID = 'test';
const DUMMY_SECRET_ACCESS_KEY = 'test';

export function backendEnv(endpoint: string, region: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: DUMMY_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: DUMMY_SECRET_ACCESS_KEY,
    // The SDK's NodeVersionSupportWarning (Node 20) is noise in test and demo output.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

export function clientFor(
  backend: { readonly endpoint: string; readonly region: string },
  options: { maxAttempts?: number } = {},
): SecretsManagerClient {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new SecretsManagerClient({
    endpoint: backend.endpoint,
    region: backend.region,
    credentials: { accessKeyId: DUMMY_ACCESS_KEY_ID, secretAccessKey: DUMMY_SECRET_ACCESS_KEY },
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
}
