// The function's own AWS identity as a JWT: STS GetWebIdentityToken (IAM outbound identity federation), for credentials
// secrets whose OAuth sign-in has identity "aws-sts". @aws-sdk/client-sts is imported on first use only, and is left
// out of the bundle (scripts/build.mjs, lambdaBuildOptions.external): the Node.js runtime provides it, so functions
// that never sign in with OAuth neither carry nor load it (docs/assumptions.md).

import type { AwsCredentialIdentityProvider } from '@smithy/types';

export interface WebIdentityTokenOptions {
  readonly credentials: AwsCredentialIdentityProvider;
  /** AWS_REGION: GetWebIdentityToken is served by regional endpoints only. */
  readonly region: string | undefined;
  /** 60-3600; the token proves identity for one exchange, so short is right. */
  readonly durationSeconds?: number;
}

export function webIdentityTokenSource(
  options: WebIdentityTokenOptions,
): (audience: string, signal: AbortSignal | undefined) => Promise<string> {
  let client: Promise<{ send(command: unknown, options?: unknown): Promise<{ WebIdentityToken?: string }> }> | undefined;
  let Command: (new (input: unknown) => unknown) | undefined;
  return async (audience, signal) => {
    client ??= import('@aws-sdk/client-sts').then((sts) => {
      Command = sts.GetWebIdentityTokenCommand as unknown as (new (input: unknown) => unknown) | undefined;
      // The runtime's own SDK may predate the API (docs/assumptions.md): say so, rather than "not a constructor".
      if (typeof Command !== 'function') {
        throw new Error(
          'The Lambda runtime\'s @aws-sdk/client-sts has no GetWebIdentityTokenCommand (it predates IAM outbound identity federation). Build the function with @aws-sdk/client-sts bundled (remove it from lambdaBuildOptions.external in scripts/build.mjs and from the template\'s External), or use identity "client-secret".',
        );
      }
      // One attempt per call: signInWithOAuth retries the whole exchange with a fresh JWT.
      return new sts.STSClient({ credentials: options.credentials, region: options.region, maxAttempts: 2 }) as never;
    });
    const sts = await client;
    const answer = await sts.send(
      new Command!({
        Audience: [audience],
        SigningAlgorithm: 'RS256',
        DurationSeconds: options.durationSeconds ?? 300,
      }),
      { abortSignal: signal },
    );
    if (typeof answer.WebIdentityToken !== 'string') throw new Error('STS GetWebIdentityToken answered without a token');
    return answer.WebIdentityToken;
  };
}
