// The AWS flags every command takes, checked before anything is loaded or sent (no SDK here: a bad flag is refused
// without loading it).
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
