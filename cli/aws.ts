// AWS clients the usual way: the SDK's default credential chain and region resolution, --profile and --region on
// top, and the endpoint from AWS_ENDPOINT_URL_SECRETS_MANAGER (read by the SDK itself) or --endpoint-url.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsFlags } from './aws-flags.js';

function common(flags: AwsFlags) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return {
    ...(flags.profile === undefined ? {} : { profile: flags.profile }),
    ...(flags.region === undefined ? {} : { region: flags.region }),
    maxAttempts: 4,
  };
}

export function secretsManagerClient(flags: AwsFlags): SecretsManagerClient {
  return new SecretsManagerClient({
    ...common(flags),
    ...(flags.endpointUrl === undefined ? {} : { endpoint: flags.endpointUrl }),
  });
}

/** For reading the rotation function's log; AWS_ENDPOINT_URL_CLOUDWATCH_LOGS points it elsewhere. Few retries. */
export function logsClient(flags: AwsFlags): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ ...common(flags), maxAttempts: 1 });
}
