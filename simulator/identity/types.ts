// Contract of the identity stand-ins: loopback imitations of the parties a Vault OAuth 2.0 / OIDC sign-in involves —
// OIDC issuers with published keys, GitHub Actions' ID-token service, AWS STS GetWebIdentityToken, and an
// Entra-ID-like authorization server with RFC 7662 introspection. The product's tests, the demo and the benchmark
// start them (usually all at once, with startIdentityWorld in simulator/identity/world.ts). Every one binds 127.0.0.1.
// What each checks and what is inferred: docs/development.md, "Identity stand-ins".

/** The JWS algorithms the stand-ins sign with: the two STS offers (RS256, ES384). */
export type SigningAlgorithm = 'RS256' | 'ES384';

/** Any clock with `now()` in ms since epoch; the Vault simulator's clock fits, so one world can share one clock. */
export interface IdentityClock {
  now(): number;
}

/**
 * A fault armed for the next `times` requests of one operation (consumed in the order armed). Not processed unless
 * said otherwise.
 * - `service-error`: the service's own error answer (status default 500; `code` defaults to the service's
 *   internal-error code, e.g. STS `InternalFailure`, OAuth `temporarily_unavailable`).
 * - `connection-reset`: the socket is destroyed before any answer.
 * - `hang`: no answer until the client gives up or the stand-in closes.
 * - `lost-answer`: the request IS processed (a token is issued), then the socket is destroyed.
 */
export type IdentityFaultKind =
  | { readonly type: 'service-error'; readonly status?: number; readonly code?: string; readonly message?: string }
  | { readonly type: 'connection-reset' }
  | { readonly type: 'hang' }
  | { readonly type: 'lost-answer' };

export interface IdentityFault<Operation extends string> {
  readonly operation: Operation;
  readonly kind: IdentityFaultKind;
  /** How many matching requests this fault hits (default 1; Infinity allowed). */
  readonly times?: number;
}

/** One answered request: what and how, never a token, secret or assertion. */
export interface IdentityRequestLogEntry<Operation extends string> {
  readonly operation: Operation | 'unknown';
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** 0 when no HTTP answer reached the client (reset, hang, lost answer). */
  readonly httpStatus: number;
  /** The error code answered (`invalid_client`, `ValidationError`, …), if any. */
  readonly error?: string;
  readonly fault?: IdentityFaultKind['type'];
}

/** What every identity stand-in offers for fault injection and observation. */
export interface IdentityStandIn<Operation extends string> {
  injectFault(fault: IdentityFault<Operation>): void;
  clearFaults(): void;
  readonly requests: readonly IdentityRequestLogEntry<Operation>[];
  clearRequests(): void;
  close(): Promise<void>;
}

export interface LoopbackServiceOptions {
  /** Loopback only (default 127.0.0.1). */
  readonly host?: string;
  /** 0 = ephemeral (default). */
  readonly port?: number;
  /** Delay before each request is processed, in ms (default 0). */
  readonly latencyMs?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// OIDC issuer

export type IssuerOperation = 'discovery' | 'jwks';

export interface OidcIssuerOptions extends LoopbackServiceOptions {
  /** Keys to create, one per algorithm (default ['RS256']); the first is the default for sign(). */
  readonly algorithms?: readonly SigningAlgorithm[];
  /** Extra members for the discovery document (e.g. claims_supported). */
  readonly discovery?: Readonly<Record<string, unknown>>;
}

export interface SignOptions {
  /** Default: the issuer's first algorithm. */
  readonly alg?: SigningAlgorithm;
  /** Put this `kid` in the header instead of the signing key's (tests of unknown keys). */
  readonly kid?: string;
}

export interface OidcIssuer extends IdentityStandIn<IssuerOperation> {
  /** The issuer identifier (`iss`): `http://127.0.0.1:PORT`, served at its root like GitHub's and STS's issuers. */
  readonly url: string;
  readonly discoveryUrl: string;
  readonly jwksUri: string;
  readonly algorithms: readonly SigningAlgorithm[];
  /** Signs exactly these claims (the caller sets iss, iat, exp…) with the current key for `alg`. */
  sign(claims: Readonly<Record<string, unknown>>, options?: SignOptions): Promise<string>;
  /** The current signing key id for `alg` (default the first algorithm). */
  currentKid(alg?: SigningAlgorithm): string;
  /** Every key id the JWKS publishes now. */
  publishedKids(): string[];
  /** Key rotation, step 1: a new key for `alg` signs from now on; the old one stays published. Returns the new kid. */
  rotateKey(alg?: SigningAlgorithm): Promise<string>;
  /** Key rotation, step 2: removes every published key that no longer signs. Returns the removed kids. */
  retirePreviousKeys(): string[];
}

// ---------------------------------------------------------------------------------------------------------------
// GitHub Actions ID tokens

export type GitHubOidcOperation = 'idToken';

/** The job a token describes (GitHub's documented claims, docs.github.com/en/actions/reference/security/oidc). */
export interface GitHubJobContext {
  /** `OWNER/REPO` */
  readonly repository: string;
  readonly ref: string;
  readonly refType: 'branch' | 'tag';
  readonly sha: string;
  /** The deployment environment; when set the subject is `repo:OWNER/REPO:environment:NAME`. */
  readonly environment?: string;
  readonly eventName: string;
  readonly workflow: string;
  /** `OWNER/REPO/.github/workflows/FILE@REF`; default derived from repository, `workflowFile` and ref. */
  readonly workflowRef?: string;
  readonly workflowFile: string;
  readonly jobWorkflowRef?: string;
  readonly actor: string;
  readonly actorId: string;
  readonly repositoryId: string;
  readonly repositoryOwnerId: string;
  readonly repositoryVisibility: 'public' | 'private' | 'internal';
  readonly runId: string;
  readonly runNumber: string;
  readonly runAttempt: string;
  readonly runnerEnvironment: 'github-hosted' | 'self-hosted';
  readonly headRef: string;
  readonly baseRef: string;
}

export interface GitHubActionsOidcOptions extends LoopbackServiceOptions {
  /** The issuer whose keys sign the tokens (default: a new one, closed with this stand-in). */
  readonly issuer?: OidcIssuer;
  readonly job?: Partial<GitHubJobContext>;
  /** A customised subject (GitHub's OIDC subject templates), instead of the default derived from the job. */
  readonly subject?: string;
  /** The runner's ACTIONS_ID_TOKEN_REQUEST_TOKEN (default random). */
  readonly requestToken?: string;
  /** exp − iat in seconds (default 300, as GitHub's documented example token). */
  readonly lifetimeSeconds?: number;
  /**
   * Whether the job has `permissions: id-token: write` (default true). Without it the runner sets neither
   * variable, so env() returns {} — what @actions/core's getIDToken then reports.
   */
  readonly idTokenWrite?: boolean;
  readonly clock?: IdentityClock;
  readonly algorithm?: SigningAlgorithm;
}

export interface GitHubActionsOidc extends IdentityStandIn<GitHubOidcOperation> {
  /** ACTIONS_ID_TOKEN_REQUEST_URL: already carries a query (`?api-version=2.0`), as the runner's does. */
  readonly requestUrl: string;
  readonly requestToken: string;
  readonly issuer: OidcIssuer;
  /** The `sub` the next token carries. */
  readonly subject: string;
  /** The `aud` of a token requested without `audience`: `https://github.com/OWNER`. */
  readonly defaultAudience: string;
  /** The variables the runner sets for a step (empty without id-token: write). */
  env(): Record<string, string>;
  /** Changes the job later tokens describe (e.g. another environment). */
  setJob(job: Partial<GitHubJobContext>, subject?: string): void;
  /** How many tokens were issued. */
  readonly issued: number;
}

// ---------------------------------------------------------------------------------------------------------------
// AWS STS GetWebIdentityToken

export type StsOperation = 'GetWebIdentityToken';

export interface StsPrincipalSpec {
  /** The SigV4 access key id that identifies this principal to the stand-in (default random `ASIA…`). */
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** Sent as X-Amz-Security-Token (temporary credentials); when set, requests must carry it. */
  readonly sessionToken?: string;
  /** `arn:aws:iam::ACCOUNT:role/NAME` (a role session, as a Lambda's) or `arn:aws:iam::ACCOUNT:user/NAME`. */
  readonly arn: string;
  /** For a role: the session name (a Lambda's is its function name). */
  readonly sessionName?: string;
  /** Whether an identity policy allows sts:GetWebIdentityToken (default true). */
  readonly allowed?: boolean;
  readonly principalTags?: Readonly<Record<string, string>>;
  /** Put in the token as `lambda_source_function_arn` when the caller is a Lambda function. */
  readonly lambdaFunctionArn?: string;
  /** When the caller's session ends (ms); a token outliving it is SessionDurationEscalationException. */
  readonly sessionExpiresAt?: number;
}

export interface StsPrincipal {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** The identity (role or user) ARN: the token's `sub`. */
  readonly arn: string;
  /** What GetCallerIdentity would report: `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` for a role. */
  readonly callerArn: string;
}

export interface StsStandInOptions extends LoopbackServiceOptions {
  /** The account's issuer (default: a new one with RS256 and ES384 keys, closed with this stand-in). */
  readonly issuer?: OidcIssuer;
  readonly accountId?: string;
  readonly region?: string;
  /** Whether EnableOutboundWebIdentityFederation was run for the account (default true). */
  readonly federationEnabled?: boolean;
  /** Default: one Lambda execution role, `arn:aws:iam::ACCOUNT:role/vault-api-token-rotator`. */
  readonly principals?: readonly StsPrincipalSpec[];
  readonly orgId?: string;
  /** Largest signed payload, in bytes, before JWTPayloadSizeExceededException (default 8192; inferred). */
  readonly maxPayloadBytes?: number;
  readonly clock?: IdentityClock;
}

export interface StsStandIn extends IdentityStandIn<StsOperation> {
  /** `http://127.0.0.1:PORT` for the SDK's `endpoint` or AWS_ENDPOINT_URL_STS. */
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  readonly issuer: OidcIssuer;
  /** The first principal (the Lambda execution role by default). */
  readonly principal: StsPrincipal;
  addPrincipal(spec: StsPrincipalSpec): StsPrincipal;
  setFederationEnabled(enabled: boolean): void;
  /** Client config for @aws-sdk/client-sts: endpoint, region and the principal's credentials. */
  clientConfig(principal?: StsPrincipal): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  };
  /** Environment for a process or an SDK default chain: AWS_ENDPOINT_URL_STS, AWS_REGION and the credentials. */
  env(principal?: StsPrincipal): Record<string, string>;
  readonly issued: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Entra-ID-like authorization server

export type AuthorizationServerOperation = 'token' | 'introspect' | 'discovery' | 'jwks';

export interface FederatedCredentialSpec {
  readonly name?: string;
  /** Compared exactly (case-sensitive), as Entra does. */
  readonly issuer: string;
  readonly subject: string;
  /** Default [api://AzureADTokenExchange]. */
  readonly audiences?: readonly string[];
}

export interface ApplicationSpec {
  readonly displayName?: string;
  /** Default: a random GUID. */
  readonly clientId?: string;
  readonly federatedCredentials?: readonly FederatedCredentialSpec[];
  /** A client secret for the fallback; `true` generates one. */
  readonly clientSecret?: string | true;
}

export interface Application {
  readonly clientId: string;
  /** The service principal's object id: the `sub` (and `oid`) of the app's access tokens. */
  readonly servicePrincipalId: string;
  readonly displayName: string;
  readonly clientSecret?: string;
  addFederatedCredential(spec: FederatedCredentialSpec): void;
  removeFederatedCredential(name: string): boolean;
}

export interface AuthorizationServerOptions extends LoopbackServiceOptions {
  /** Default: a random GUID. */
  readonly tenantId?: string;
  /** App ID URIs a `scope` may name (`<resource>/.default`); default ['api://vault-login']. */
  readonly resources?: readonly string[];
  /** Access-token lifetime (default 3599 s, Entra's usual expires_in). */
  readonly accessTokenLifetimeSeconds?: number;
  /** Whether a client-credentials request must name a scope (default true, as Entra). */
  readonly scopeRequired?: boolean;
  /** Refuse an assertion whose (iss, jti) was already accepted (default true; stricter than Entra is known to be). */
  readonly rejectReplayedAssertions?: boolean;
  /** Leeway for exp/nbf/iat checks (default 0). */
  readonly clockToleranceSeconds?: number;
  /** Oldest `iat` accepted (default 86400 s). */
  readonly maxAssertionAgeSeconds?: number;
  /**
   * How an introspection caller authenticates: `client_id` (default: a registered client id, as form `client_id`
   * or HTTP Basic user — what Vault sends) or `client_secret` (HTTP Basic or form `client_id` + `client_secret`).
   */
  readonly introspectionClientAuth?: 'client_id' | 'client_secret';
  readonly clock?: IdentityClock;
}

/** What the server remembers about an access token it issued (never the token itself). */
export interface IssuedAccessToken {
  readonly jti: string;
  readonly clientId: string;
  readonly subject: string;
  readonly scope: string;
  readonly audience: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly revoked: boolean;
  /** How the client authenticated: `assertion` (federated) or `secret`. */
  readonly via: 'assertion' | 'secret';
}

export interface AuthorizationServer extends IdentityStandIn<AuthorizationServerOperation> {
  readonly origin: string;
  readonly tenantId: string;
  /** The `iss` of the access tokens it issues. */
  readonly issuer: string;
  /** `POST` here: `<origin>/<tenant>/oauth2/v2.0/token`. */
  readonly tokenEndpoint: string;
  /** RFC 7662: `<origin>/<tenant>/oauth2/v2.0/introspect`. */
  readonly introspectionEndpoint: string;
  readonly discoveryUrl: string;
  readonly jwksUri: string;
  addApplication(spec?: ApplicationSpec): Application;
  addResource(resource: string): void;
  /** Makes an issued token inactive; false when the value is not one this server issued. */
  revokeAccessToken(token: string): boolean;
  /** Every token issued, newest last. */
  accessTokens(): IssuedAccessToken[];
}
