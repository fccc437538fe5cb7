// AWS STS `GetWebIdentityToken` (IAM outbound identity federation) on loopback, speaking awsQuery so the real
// @aws-sdk/client-sts GetWebIdentityTokenCommand works against it with an endpoint override.
//
// Sources: STS API reference, GetWebIdentityToken (parameters Audience 1–10 strings of 1–1000 chars,
// SigningAlgorithm RS256 | ES384, DurationSeconds 60–3600 default 300, Tags; answer WebIdentityToken, Expiration;
// errors OutboundWebIdentityFederationDisabledException, SessionDurationEscalationException,
// JWTPayloadSizeExceededException), https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html;
// and the IAM User Guide's sample token, "Understanding token claims",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html — iss (the account's
// issuer), aud, sub (the principal's ARN; for a role session the role ARN: inferred from the sample, and
// `principal_id` is documented as the role ARN for a role session), iat, exp, jti, and under the
// `https://sts.amazonaws.com/` namespace aws_account, source_region, org_id, principal_tags,
// lambda_source_function_arn, request_tags. The HTTP statuses of the exceptions are those the SDK's model declares.
//
// Who calls: the stand-in reads the access key id from the SigV4 credential scope and looks the principal up; it
// does not verify signatures (any secret key "works"), but it does check the scope's region and service, and the
// session token of temporary credentials.
import { randomBytes, randomUUID } from 'node:crypto';
import { realClock, seconds } from './clock.js';
import { hideCredentials, sameSecret } from './credentials.js';
import { startOidcIssuer } from './issuer.js';
import { formParams, startLoopbackService } from './loopback-service.js';
import {
  errorAnswer,
  listParam,
  resultAnswer,
  sigV4Scope,
  StsError,
  structListParam,
  STS_VERSION,
  validationError,
} from './sts-wire.js';
import type {
  SigningAlgorithm,
  StsOperation,
  StsPrincipal,
  StsPrincipalSpec,
  StsStandIn,
  StsStandInOptions,
} from './types.js';

export const STS_CLAIMS_NAMESPACE = 'https://sts.amazonaws.com/';

const ARN = /^arn:aws:iam::(\d{12}):(role|user)\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const MAX_TAGS = 50;

interface KnownPrincipal extends StsPrincipal {
  readonly allowed: boolean;
  readonly principalTags: Readonly<Record<string, string>> | undefined;
  readonly lambdaFunctionArn: string | undefined;
  readonly sessionExpiresAt: number | undefined;
}

export async function startStsStandIn(options: StsStandInOptions = {}): Promise<StsStandIn> {
  const clock = options.clock ?? realClock;
  const accountId = options.accountId ?? '123456789012';
  const region = options.region ?? 'us-east-1';
  if (!/^\d{12}$/.test(accountId)) throw new TypeError('STS stand-in: accountId must be 12 digits');
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new TypeError('STS stand-in: region must look like us-east-1');
  const maxPayloadBytes = options.maxPayloadBytes ?? 8192;
  let federationEnabled = options.federationEnabled ?? true;
  const principals = new Map<string, KnownPrincipal>();
  const addPrincipal = (spec: StsPrincipalSpec): KnownPrincipal => {
    const principal = makePrincipal(spec, accountId);
    if (principals.has(principal.accessKeyId)) {
      throw new Error(`STS stand-in: access key id ${principal.accessKeyId} is already in use`);
    }
    principals.set(principal.accessKeyId, principal);
    return principal;
  };
  const specs = options.principals ?? [defaultLambdaRole(accountId, region)];
  if (specs.length === 0) throw new TypeError('STS stand-in: principals must not be empty');
  const ownIssuer = options.issuer === undefined;
  const issuer = options.issuer ?? (await startOidcIssuer({ algorithms: ['RS256', 'ES384'] }));
  const first = specs.map(addPrincipal)[0]!;
  let issued = 0;

  const getWebIdentityToken = async (params: URLSearchParams, caller: KnownPrincipal) => {
    const request = validRequest(params);
    if (!caller.allowed) {
      throw new StsError(
        'AccessDenied',
        `User: ${caller.callerArn} is not authorized to perform: sts:GetWebIdentityToken because no identity-based ` +
          'policy allows the sts:GetWebIdentityToken action',
        403,
      );
    }
    if (!federationEnabled) {
      throw new StsError(
        'OutboundWebIdentityFederationDisabledException',
        'The outbound web identity federation feature is not enabled for this account. To use this feature, you ' +
          'must first enable it through the AWS Management Console or API.',
        403,
      );
    }
    if (!issuer.algorithms.includes(request.algorithm)) {
      throw new StsError('InternalFailure', `The account's issuer has no ${request.algorithm} key.`, 500);
    }
    const nowMs = clock.now();
    const expiresAtMs = (seconds(nowMs) + request.durationSeconds) * 1000;
    if (caller.sessionExpiresAt !== undefined && expiresAtMs > caller.sessionExpiresAt) {
      throw new StsError(
        'SessionDurationEscalationException',
        'The requested token duration would extend the session beyond its original expiration time.',
        403,
      );
    }
    const context = { iss: issuer.url, accountId, region, orgId: options.orgId, nowMs };
    const claims = tokenClaims(caller, request, context);
    if (Buffer.byteLength(JSON.stringify(claims)) > maxPayloadBytes) {
      throw new StsError(
        'JWTPayloadSizeExceededException',
        'The requested token payload size exceeds the maximum allowed size. Reduce the number of request tags.',
        400,
      );
    }
    const token = await issuer.sign(claims, { alg: request.algorithm });
    issued += 1;
    return resultAnswer('GetWebIdentityToken', {
      WebIdentityToken: token,
      Expiration: new Date(expiresAtMs).toISOString(),
    });
  };

  const service = await startLoopbackService<StsOperation>(
    {
      name: 'STS stand-in',
      operations: ['GetWebIdentityToken'],
      operationOf: (request) =>
        request.method === 'POST' && formParams(request)?.get('Action') === 'GetWebIdentityToken'
          ? 'GetWebIdentityToken'
          : 'unknown',
      async handle(request) {
        try {
          if (request.body === undefined) throw new StsError('ValidationError', 'The request body is too large.', 400);
          const params = formParams(request);
          if (request.method !== 'POST' || params === undefined) {
            throw new StsError('InvalidAction', 'STS accepts POST with a form-encoded (awsQuery) body.', 400);
          }
          const caller = callerOf(request.headers, principals, region);
          const action = params.get('Action') ?? '';
          if (action !== 'GetWebIdentityToken' || params.get('Version') !== STS_VERSION) {
            throw new StsError(
              'InvalidAction',
              `Could not find operation ${action || '(none)'} for version ${params.get('Version') ?? '(none)'}`,
              400,
            );
          }
          return await getWebIdentityToken(params, caller);
        } catch (error) {
          if (error instanceof StsError) return errorAnswer(error);
          throw error;
        }
      },
      errorAnswer: (status, code, message) =>
        errorAnswer(
          new StsError(
            code ?? (status === 503 ? 'ServiceUnavailable' : status === 400 ? 'Throttling' : 'InternalFailure'),
            message ?? (status === 400 ? 'Rate exceeded' : 'An internal error occurred.'),
            status,
          ),
        ),
    },
    options,
  );

  const credentialsOf = (principal: StsPrincipal) => ({
    accessKeyId: principal.accessKeyId,
    secretAccessKey: principal.secretAccessKey,
    ...(principal.sessionToken === undefined ? {} : { sessionToken: principal.sessionToken }),
  });
  const stand: StsStandIn = {
    endpoint: service.origin,
    region,
    accountId,
    issuer,
    principal: publicView(first),
    addPrincipal: (spec) => publicView(addPrincipal(spec)),
    setFederationEnabled(enabled) {
      federationEnabled = enabled;
    },
    clientConfig: (principal = first) => ({
      endpoint: service.origin,
      region,
      credentials: credentialsOf(principal),
    }),
    env(principal = first) {
      const credentials = credentialsOf(principal);
      return {
        AWS_ENDPOINT_URL_STS: service.origin,
        AWS_REGION: region,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        ...(credentials.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: credentials.sessionToken }),
      };
    },
    get issued() {
      return issued;
    },
    injectFault: service.injectFault,
    clearFaults: service.clearFaults,
    requests: service.requests,
    clearRequests: service.clearRequests,
    async close() {
      await service.close();
      if (ownIssuer) await issuer.close();
    },
  };
  return hideCredentials(stand, 'StsStandIn', () => ({
    endpoint: service.origin,
    region,
    accountId,
    issuer: issuer.url,
    principals: [...principals.values()].map((p) => p.arn),
  }));
}

interface TokenRequest {
  readonly audiences: readonly string[];
  readonly algorithm: SigningAlgorithm;
  readonly durationSeconds: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** AWS's validation wording: `Value 'V' at 'field' failed to satisfy constraint: Member must …`. */
function violation(field: string, rule: string, value?: string | number): string {
  const shown = value === undefined ? '' : ` '${String(value).slice(0, 20)}'`;
  return `Value${shown} at '${field}' failed to satisfy constraint: Member must ${rule}`;
}

function validRequest(params: URLSearchParams): TokenRequest {
  const problems: string[] = [];
  const audiences = listParam(params, 'Audience');
  if (audiences === undefined) problems.push(violation('audience', 'not be null', 'null'));
  else if (audiences.length < 1) problems.push(violation('audience', 'have length greater than or equal to 1'));
  else if (audiences.length > 10) problems.push(violation('audience', 'have length less than or equal to 10'));
  else {
    audiences.forEach((audience, index) => {
      if (audience.length < 1 || audience.length > 1000) {
        problems.push(violation(`audience.${index + 1}.member`, 'have length between 1 and 1000'));
      }
    });
  }
  const algorithm = params.get('SigningAlgorithm');
  if (algorithm === null) problems.push(violation('signingAlgorithm', 'not be null', 'null'));
  else if (algorithm !== 'RS256' && algorithm !== 'ES384') {
    problems.push(violation('signingAlgorithm', 'satisfy enum value set: [RS256, ES384]', algorithm));
  }
  const durationText = params.get('DurationSeconds');
  const durationSeconds = durationText === null ? 300 : Number(durationText);
  if (!Number.isInteger(durationSeconds)) problems.push(violation('durationSeconds', 'be an integer', durationText!));
  else if (durationSeconds < 60) {
    problems.push(violation('durationSeconds', 'have value greater than or equal to 60', durationSeconds));
  } else if (durationSeconds > 3600) {
    problems.push(violation('durationSeconds', 'have value less than or equal to 3600', durationSeconds));
  }
  const tagList = structListParam(params, 'Tags', ['Key', 'Value']) ?? [];
  const tags: Record<string, string> = {};
  if (tagList.length > MAX_TAGS) problems.push(violation('tags', `have length less than or equal to ${MAX_TAGS}`));
  tagList.forEach(({ Key: key, Value: value }, index) => {
    if (key === undefined || key.length < 1 || key.length > 128) {
      problems.push(violation(`tags.${index + 1}.member.key`, 'have length between 1 and 128'));
    } else if (value === undefined || value.length > 256) {
      problems.push(violation(`tags.${index + 1}.member.value`, 'have length less than or equal to 256'));
    } else {
      tags[key] = value;
    }
  });
  if (problems.length > 0) throw validationError(problems);
  return { audiences: audiences!, algorithm: algorithm as SigningAlgorithm, durationSeconds, tags };
}

function tokenClaims(
  caller: KnownPrincipal,
  request: TokenRequest,
  context: { iss: string; accountId: string; region: string; orgId: string | undefined; nowMs: number },
): Record<string, unknown> {
  const iat = seconds(context.nowMs);
  const awsClaims: Record<string, unknown> = {
    aws_account: context.accountId,
    source_region: context.region,
    principal_id: caller.arn,
    ...(context.orgId === undefined ? {} : { org_id: context.orgId }),
    ...(caller.principalTags === undefined ? {} : { principal_tags: { ...caller.principalTags } }),
    ...(caller.lambdaFunctionArn === undefined ? {} : { lambda_source_function_arn: caller.lambdaFunctionArn }),
    ...(Object.keys(request.tags).length === 0 ? {} : { request_tags: { ...request.tags } }),
  };
  return {
    iss: context.iss,
    // One audience as a string (as AWS's sample), several as an array (RFC 7519 allows both; inferred).
    aud: request.audiences.length === 1 ? request.audiences[0] : [...request.audiences],
    sub: caller.arn,
    iat,
    exp: iat + request.durationSeconds,
    jti: randomUUID(),
    [STS_CLAIMS_NAMESPACE]: awsClaims,
  };
}

function callerOf(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  principals: ReadonlyMap<string, KnownPrincipal>,
  region: string,
): KnownPrincipal {
  const authorization = headers.authorization;
  const scope = sigV4Scope(typeof authorization === 'string' ? authorization : undefined);
  if (scope === undefined) {
    throw new StsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  }
  if (scope.service !== 'sts') {
    throw new StsError('SignatureDoesNotMatch', "Credential should be scoped to correct service: 'sts'.", 403);
  }
  if (scope.region !== region) {
    // GetWebIdentityToken is regional only; a request signed for another region is refused.
    throw new StsError('SignatureDoesNotMatch', 'Credential should be scoped to a valid region.', 403);
  }
  const principal = principals.get(scope.accessKeyId);
  const presentedSession = headers['x-amz-security-token'];
  const sessionOk =
    principal?.sessionToken === undefined
      ? presentedSession === undefined
      : typeof presentedSession === 'string' && sameSecret(presentedSession, principal.sessionToken);
  if (principal === undefined || !sessionOk) {
    throw new StsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }
  return principal;
}

function defaultLambdaRole(accountId: string, region: string): StsPrincipalSpec {
  return {
    arn: `arn:aws:iam::${accountId}:role/vault-api-token-rotator`,
    sessionName: 'vault-api-token-rotator',
    lambdaFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:vault-api-token-rotator`,
  };
}

function makePrincipal(spec: StsPrincipalSpec, accountId: string): KnownPrincipal {
  const match = ARN.exec(spec?.arn ?? '');
  if (!match) {
    throw new TypeError(
      `STS stand-in: principal arn must be arn:aws:iam::ACCOUNT:role/NAME or …:user/NAME; got "${spec?.arn}"`,
    );
  }
  if (match[1] !== accountId) throw new TypeError(`STS stand-in: principal ${spec.arn} is not in account ${accountId}`);
  const isRole = match[2] === 'role';
  const temporary = isRole || spec.sessionToken !== undefined;
  const accessKeyId = spec.accessKeyId ?? `${temporary ? 'ASIA' : 'AKIA'}${randomKeyId()}`;
  const sessionToken = spec.sessionToken ?? (isRole ? randomBytes(48).toString('base64') : undefined);
  return {
    accessKeyId,
    secretAccessKey: spec.secretAccessKey ?? randomBytes(30).toString('base64'),
    ...(sessionToken === undefined ? {} : { sessionToken }),
    arn: spec.arn,
    callerArn: isRole
      ? `arn:aws:sts::${accountId}:assumed-role/${match[3]}/${spec.sessionName ?? 'session'}`
      : spec.arn,
    allowed: spec.allowed ?? true,
    principalTags: spec.principalTags,
    lambdaFunctionArn: spec.lambdaFunctionArn,
    sessionExpiresAt: spec.sessionExpiresAt,
  };
}

function publicView(principal: KnownPrincipal): StsPrincipal {
  const view: StsPrincipal = {
    accessKeyId: principal.accessKeyId,
    secretAccessKey: principal.secretAccessKey,
    ...(principal.sessionToken === undefined ? {} : { sessionToken: principal.sessionToken }),
    arn: principal.arn,
    callerArn: principal.callerArn,
  };
  const summary = () => ({ arn: principal.arn, accessKeyId: principal.accessKeyId });
  return hideCredentials(view, 'StsPrincipal', summary);
}

function randomKeyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return [...randomBytes(16)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
