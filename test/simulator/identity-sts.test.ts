// The STS GetWebIdentityToken stand-in, called with the real @aws-sdk/client-sts (endpoint override): its answers,
// its errors as the SDK maps them, and its tokens verified with jose against the account issuer's published keys.
import {
  GetWebIdentityTokenCommand,
  type GetWebIdentityTokenCommandInput,
  OutboundWebIdentityFederationDisabledException,
  SessionDurationEscalationException,
  JWTPayloadSizeExceededException,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { STS_CLAIMS_NAMESPACE, startStsStandIn } from '../../simulator/identity/sts.js';
import type { StsPrincipal, StsStandIn } from '../../simulator/identity/types.js';
import { useClosers, verifyByDiscovery } from './identity-support.js';

const started = useClosers();

function client(sts: StsStandIn, principal?: StsPrincipal, region?: string): STSClient {
  const config = sts.clientConfig(principal);
  return new STSClient({ ...config, ...(region ? { region } : {}), maxAttempts: 1 });
}

async function call(sts: StsStandIn, input: GetWebIdentityTokenCommandInput, principal?: StsPrincipal) {
  return client(sts, principal).send(new GetWebIdentityTokenCommand(input));
}

async function failure(promise: Promise<unknown>): Promise<STSServiceException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof STSServiceException) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('STS GetWebIdentityToken stand-in', () => {
  it('answers the SDK with a JWT for the calling role, signed by the account issuer (RS256 and ES384)', async () => {
    const sts = await started(startStsStandIn({ orgId: 'o-abc1234567' }));
    for (const alg of ['RS256', 'ES384'] as const) {
      const before = Date.now();
      const answer = await call(sts, { Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: alg });
      const token = answer.WebIdentityToken!;
      const { payload, alg: signedWith } = await verifyByDiscovery(token, sts.issuer.url, {
        audience: 'api://AzureADTokenExchange',
      });
      expect(signedWith).toBe(alg);
      expect(payload.sub).toBe('arn:aws:iam::123456789012:role/vault-api-token-rotator');
      expect(payload.aud).toBe('api://AzureADTokenExchange');
      expect(payload.exp! - payload.iat!).toBe(300);
      expect(payload.jti).toEqual(expect.any(String));
      expect(payload[STS_CLAIMS_NAMESPACE]).toEqual({
        aws_account: '123456789012',
        source_region: 'us-east-1',
        principal_id: 'arn:aws:iam::123456789012:role/vault-api-token-rotator',
        org_id: 'o-abc1234567',
        lambda_source_function_arn: 'arn:aws:lambda:us-east-1:123456789012:function:vault-api-token-rotator',
      });
      expect(answer.Expiration).toBeInstanceOf(Date);
      expect(answer.Expiration!.getTime()).toBe(payload.exp! * 1000);
      expect(answer.Expiration!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 300_000);
    }
    expect(sts.issued).toBe(2);
    expect(sts.principal.callerArn).toBe(
      'arn:aws:sts::123456789012:assumed-role/vault-api-token-rotator/vault-api-token-rotator',
    );
  });

  it('carries several audiences, a duration and request tags', async () => {
    const sts = await started(startStsStandIn());
    const answer = await call(sts, {
      Audience: ['https://a.example', 'https://b.example'],
      SigningAlgorithm: 'RS256',
      DurationSeconds: 3600,
      Tags: [{ Key: 'job-id', Value: 'job-1' }],
    });
    const { payload } = await verifyByDiscovery(answer.WebIdentityToken!, sts.issuer.url, {
      audience: 'https://b.example',
    });
    expect(payload.aud).toEqual(['https://a.example', 'https://b.example']);
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect((payload[STS_CLAIMS_NAMESPACE] as Record<string, unknown>).request_tags).toEqual({ 'job-id': 'job-1' });
  });

  it('property: every audience list of 1–10 strings of 1–1000 chars round-trips into aud', async () => {
    const sts = await started(startStsStandIn());
    const sdk = client(sts);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }), { minLength: 1, maxLength: 10 }),
        async (audiences) => {
          const command = new GetWebIdentityTokenCommand({ Audience: audiences, SigningAlgorithm: 'ES384' });
          const answer = await sdk.send(command);
          const { payload } = await verifyByDiscovery(answer.WebIdentityToken!, sts.issuer.url);
          expect(payload.aud).toEqual(audiences.length === 1 ? audiences[0] : audiences);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses what the API refuses with ValidationError, naming the field', async () => {
    const sts = await started(startStsStandIn());
    const a = { Audience: ['a'], SigningAlgorithm: 'RS256' };
    const cases: [GetWebIdentityTokenCommandInput, RegExp][] = [
      [{ ...a, Audience: [] }, /'audience'.*greater than or equal to 1/],
      [{ ...a, Audience: Array.from({ length: 11 }, (_, i) => `a${i}`) }, /'audience'.*less than or equal to 10/],
      [{ ...a, Audience: ['x'.repeat(1001)] }, /audience\.1\.member/],
      [{ ...a, SigningAlgorithm: 'HS256' }, /signingAlgorithm.*RS256, ES384/],
      [{ ...a, DurationSeconds: 59 }, /durationSeconds.*greater than or equal to 60/],
      [{ ...a, DurationSeconds: 3601 }, /durationSeconds.*less than or equal to 3600/],
      [{ ...a, Tags: [{ Key: '', Value: 'v' }] }, /tags\.1\.member\.key/],
    ];
    for (const [input, message] of cases) {
      const error = await failure(call(sts, input));
      expect(error.name).toBe('ValidationError');
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.message).toMatch(message);
    }
    expect(sts.issued).toBe(0);
  });

  it('OutboundWebIdentityFederationDisabledException until federation is enabled', async () => {
    const sts = await started(startStsStandIn({ federationEnabled: false }));
    const error = await failure(call(sts, { Audience: ['a'], SigningAlgorithm: 'RS256' }));
    expect(error).toBeInstanceOf(OutboundWebIdentityFederationDisabledException);
    expect(error.$metadata.httpStatusCode).toBe(403);
    sts.setFederationEnabled(true);
    expect((await call(sts, { Audience: ['a'], SigningAlgorithm: 'RS256' })).WebIdentityToken).toBeTruthy();
  });

  it('AccessDenied for a principal without sts:GetWebIdentityToken, naming the caller', async () => {
    const sts = await started(startStsStandIn());
    const denied = sts.addPrincipal({ arn: 'arn:aws:iam::123456789012:role/other', sessionName: 'fn', allowed: false });
    const error = await failure(call(sts, { Audience: ['a'], SigningAlgorithm: 'RS256' }, denied));
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toContain('arn:aws:sts::123456789012:assumed-role/other/fn');
    expect(error.message).toContain('sts:GetWebIdentityToken');
  });

  it('an IAM user is its own subject; unknown keys, wrong session tokens and other regions are refused', async () => {
    const sts = await started(startStsStandIn());
    const user = sts.addPrincipal({ arn: 'arn:aws:iam::123456789012:user/ci' });
    expect(user.accessKeyId).toMatch(/^AKIA/);
    const answer = await call(sts, { Audience: ['a'], SigningAlgorithm: 'RS256' }, user);
    expect((await verifyByDiscovery(answer.WebIdentityToken!, sts.issuer.url)).payload.sub).toBe(
      'arn:aws:iam::123456789012:user/ci',
    );
    const stranger = { ...sts.principal, accessKeyId: 'ASIAUNKNOWNUNKNOWN00' };
    expect((await failure(call(sts, { Audience: ['a'], SigningAlgorithm: 'RS256' }, stranger))).name).toBe(
      'InvalidClientTokenId',
    );
    const badSession = { ...sts.principal, sessionToken: 'not-the-session' };
    expect((await failure(call(sts, { Audience: ['a'], SigningAlgorithm: 'RS256' }, badSession))).name).toBe(
      'InvalidClientTokenId',
    );
    const elsewhere = client(sts, undefined, 'eu-west-1');
    const command = new GetWebIdentityTokenCommand({ Audience: ['a'], SigningAlgorithm: 'RS256' });
    const error = await failure(elsewhere.send(command));
    expect(error.name).toBe('SignatureDoesNotMatch');
  });

  it('SessionDurationEscalationException when the token would outlive the session; payload size limit', async () => {
    const clock = { now: () => 1_800_000_000_000 };
    const sts = await started(startStsStandIn({ clock, maxPayloadBytes: 1024 }));
    const short = sts.addPrincipal({
      arn: 'arn:aws:iam::123456789012:role/short',
      sessionExpiresAt: clock.now() + 600_000,
    });
    expect(
      await failure(call(sts, { Audience: ['a'], SigningAlgorithm: 'RS256', DurationSeconds: 900 }, short)),
    ).toBeInstanceOf(SessionDurationEscalationException);
    const fits = await call(sts, { Audience: ['a'], SigningAlgorithm: 'RS256', DurationSeconds: 600 }, short);
    expect(fits.Expiration).toEqual(new Date(clock.now() + 600_000));
    const tags = Array.from({ length: 20 }, (_, i) => ({ Key: `k${i}`, Value: 'v'.repeat(100) }));
    expect(await failure(call(sts, { Audience: ['a'], SigningAlgorithm: 'RS256', Tags: tags }))).toBeInstanceOf(
      JWTPayloadSizeExceededException,
    );
  });

  it('injected faults reach the SDK as the service errors they imitate', async () => {
    const sts = await started(startStsStandIn());
    sts.injectFault({ operation: 'GetWebIdentityToken', kind: { type: 'service-error', status: 400 } });
    expect((await failure(call(sts, { Audience: ['a'], SigningAlgorithm: 'RS256' }))).name).toBe('Throttling');
    sts.injectFault({ operation: 'GetWebIdentityToken', kind: { type: 'service-error' } });
    const internal = await failure(call(sts, { Audience: ['a'], SigningAlgorithm: 'RS256' }));
    expect(internal.name).toBe('InternalFailure');
    expect(internal.$fault).toBe('server');
    sts.injectFault({ operation: 'GetWebIdentityToken', kind: { type: 'connection-reset' } });
    await expect(call(sts, { Audience: ['a'], SigningAlgorithm: 'RS256' })).rejects.toThrow();
    expect(sts.requests.map((r) => [r.operation, r.httpStatus, r.error, r.fault])).toEqual([
      ['GetWebIdentityToken', 400, 'Throttling', 'service-error'],
      ['GetWebIdentityToken', 500, 'InternalFailure', 'service-error'],
      ['GetWebIdentityToken', 0, undefined, 'connection-reset'],
    ]);
  });

  it('env() points a default SDK client at the stand-in; printing it shows no secret', async () => {
    const sts = await started(startStsStandIn());
    const env = sts.env();
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL_STS: sts.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: sts.principal.accessKeyId,
      AWS_SESSION_TOKEN: sts.principal.sessionToken,
    });
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    try {
      const defaultClient = new STSClient({ maxAttempts: 1 });
      const command = new GetWebIdentityTokenCommand({ Audience: ['a'], SigningAlgorithm: 'RS256' });
      const answer = await defaultClient.send(command);
      expect((await verifyByDiscovery(answer.WebIdentityToken!, sts.issuer.url)).payload.sub).toBe(sts.principal.arn);
    } finally {
      vi.unstubAllEnvs();
    }
    const { inspect } = await import('node:util');
    for (const shown of [inspect(sts), JSON.stringify(sts), inspect(sts.principal), JSON.stringify(sts.principal)]) {
      expect(shown).not.toContain(sts.principal.secretAccessKey);
      expect(shown).not.toContain(sts.principal.sessionToken!);
    }
  });
});
