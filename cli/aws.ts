// AWS clients the usual way: the SDK's default credential chain and region resolution, --profile and --region on
// top, and the endpoint from AWS_ENDPOINT_URL_SECRETS_MANAGER (read by the SDK itself) or --endpoint-url.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { UsageError } from './exit-codes.js';

export interface AwsFlags {
  readonly profile?: string | undefined;
  readonly region?: string | undefined;
  readonly endpointUrl?: string | undefined;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function checkAwsFlags(flags: AwsFlags): void {
  if (flags.region !== undefined && !REGION.test(flags.region)) {
    throw new UsageError('--region', 'expected an AWS region such as eu-west-1');
  }
  if (flags.profile !== undefined && flags.profile.trim() === '') throw new UsageError('--profile', 'expected a profile name');
  if (flags.endpointUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(flags.endpointUrl);
    } catch {
      url = undefined;
    }
    if (url === undefined || !/^https?:$/.test(url.protocol)) {
      throw new UsageError('--endpoint-url', 'expected an http(s) URL such as http://127.0.0.1:5000');
    }
  }
}

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
