// GitHub Actions' ID-token service, as a job with `permissions: id-token: write` sees it: the runner sets
// ACTIONS_ID_TOKEN_REQUEST_URL (which already has a query) and ACTIONS_ID_TOKEN_REQUEST_TOKEN; the step GETs
// `<url>&audience=<aud>` with `Authorization: Bearer <request token>` and receives `{"value": "<JWT>"}`. That is what
// @actions/core's getIDToken() does, so the real toolkit works against this stand-in unchanged.
//
// The token's claims follow GitHub's documentation ("OpenID Connect reference", example token and claim tables):
// https://docs.github.com/en/actions/reference/security/oidc — iss, sub, aud, exp, iat, nbf, jti, plus ref, sha,
// repository, repository_owner(_id), repository_id, repository_visibility, actor(_id), workflow, workflow_ref,
// job_workflow_ref, run_id, run_number, run_attempt, event_name, ref_type, head_ref, base_ref, runner_environment and
// environment. As in that example, exp is iat + 300 s and nbf is iat − 600 s (the lifetime is an option).
import { randomBytes, randomUUID } from 'node:crypto';
import { realClock, seconds } from './clock.js';
import { hideCredentials, sameSecret } from './credentials.js';
import { startOidcIssuer } from './issuer.js';
import { bearerToken, jsonAnswer, startLoopbackService } from './loopback-service.js';
import type { GitHubActionsOidc, GitHubActionsOidcOptions, GitHubJobContext, GitHubOidcOperation } from './types.js';

const DEFAULT_JOB: GitHubJobContext = {
  repository: 'octo-org/octo-repo',
  ref: 'refs/heads/main',
  refType: 'branch',
  sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  eventName: 'workflow_dispatch',
  workflow: 'mint',
  workflowFile: 'mint.yml',
  actor: 'octocat',
  actorId: '12',
  repositoryId: '74',
  repositoryOwnerId: '65',
  repositoryVisibility: 'private',
  runId: '4242424242',
  runNumber: '10',
  runAttempt: '1',
  runnerEnvironment: 'github-hosted',
  headRef: '',
  baseRef: '',
};

/** How GitHub's runner service names the job's token endpoint (the path is the stand-in's; only the shape matters). */
const TOKEN_PATH = /^\/_apis\/distributedtask\/hubs\/Actions\/plans\/[^/]+\/jobs\/[^/]+\/idtoken$/;

/** GitHub's default subject: environment, then pull request, then the ref (documented filter forms). */
export function githubSubject(job: GitHubJobContext): string {
  if (job.environment) return `repo:${job.repository}:environment:${job.environment}`;
  if (job.eventName === 'pull_request') return `repo:${job.repository}:pull_request`;
  return `repo:${job.repository}:ref:${job.ref}`;
}

export async function startGitHubActionsOidc(options: GitHubActionsOidcOptions = {}): Promise<GitHubActionsOidc> {
  const clock = options.clock ?? realClock;
  const lifetimeSeconds = options.lifetimeSeconds ?? 300;
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 1) {
    throw new TypeError('GitHub OIDC stand-in: lifetimeSeconds must be a positive integer');
  }
  const requestToken = options.requestToken ?? randomBytes(32).toString('base64url');
  let job: GitHubJobContext = validJob({ ...DEFAULT_JOB, ...options.job });
  let customSubject = options.subject;
  const ownIssuer = options.issuer === undefined;
  const issuer = options.issuer ?? (await startOidcIssuer({ algorithms: [options.algorithm ?? 'RS256'] }));
  let issued = 0;

  const service = await startLoopbackService<GitHubOidcOperation>(
    {
      name: 'GitHub OIDC stand-in',
      operations: ['idToken'],
      operationOf: ({ method, url }) => (method === 'GET' && TOKEN_PATH.test(url.pathname) ? 'idToken' : 'unknown'),
      async handle(request, operation) {
        if (operation === 'unknown') return jsonAnswer(404, { message: 'Not Found' }, 'not_found');
        const presented = bearerToken(request.headers);
        if (presented === undefined || !sameSecret(presented, requestToken)) {
          // The real service's wording is not documented; a 401 is what a wrong bearer gets (inferred).
          const message = 'Unauthorized: the request token is missing or invalid.';
          return jsonAnswer(401, { message }, 'unauthorized');
        }
        const audience = request.url.searchParams.get('audience') ?? defaultAudience(job);
        const now = seconds(clock.now());
        const token = await issuer.sign(
          claimsFor(job, customSubject ?? githubSubject(job), audience, issuer.url, now, lifetimeSeconds),
          { alg: options.algorithm ?? issuer.algorithms[0] },
        );
        issued += 1;
        return jsonAnswer(200, { value: token });
      },
      errorAnswer: (status, code, message) =>
        jsonAnswer(status, { message: message ?? 'Internal Server Error' }, code ?? 'server_error'),
    },
    options,
  );

  const jobPath = `/_apis/distributedtask/hubs/Actions/plans/${randomUUID()}/jobs/${randomUUID()}/idtoken`;
  const requestUrl = `${service.origin}${jobPath}?api-version=2.0`;
  const idTokenWrite = options.idTokenWrite ?? true;

  const stand: GitHubActionsOidc = {
    requestUrl,
    requestToken,
    issuer,
    get subject() {
      return customSubject ?? githubSubject(job);
    },
    get defaultAudience() {
      return defaultAudience(job);
    },
    get issued() {
      return issued;
    },
    env(): Record<string, string> {
      if (!idTokenWrite) return {};
      return { ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken };
    },
    setJob(partial, subject) {
      job = validJob({ ...job, ...partial });
      customSubject = subject;
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
  return hideCredentials(stand, 'GitHubActionsOidc', () => ({
    requestUrl,
    requestToken: '[REDACTED]',
    issuer: issuer.url,
    subject: stand.subject,
  }));
}

function defaultAudience(job: GitHubJobContext): string {
  return `https://github.com/${job.repository.split('/')[0]}`;
}

function claimsFor(
  job: GitHubJobContext,
  subject: string,
  audience: string,
  iss: string,
  now: number,
  lifetimeSeconds: number,
): Record<string, unknown> {
  const owner = job.repository.split('/')[0]!;
  const workflowRef = job.workflowRef ?? `${job.repository}/.github/workflows/${job.workflowFile}@${job.ref}`;
  return {
    jti: randomUUID(),
    sub: subject,
    aud: audience,
    ref: job.ref,
    sha: job.sha,
    repository: job.repository,
    repository_owner: owner,
    repository_owner_id: job.repositoryOwnerId,
    repository_id: job.repositoryId,
    repository_visibility: job.repositoryVisibility,
    actor_id: job.actorId,
    actor: job.actor,
    run_id: job.runId,
    run_number: job.runNumber,
    run_attempt: job.runAttempt,
    runner_environment: job.runnerEnvironment,
    workflow: job.workflow,
    workflow_ref: workflowRef,
    workflow_sha: job.sha,
    job_workflow_ref: job.jobWorkflowRef ?? workflowRef,
    job_workflow_sha: job.sha,
    head_ref: job.headRef,
    base_ref: job.baseRef,
    event_name: job.eventName,
    ref_type: job.refType,
    ...(job.environment ? { environment: job.environment } : {}),
    iss,
    nbf: now - 600,
    exp: now + lifetimeSeconds,
    iat: now,
  };
}

function validJob(job: GitHubJobContext): GitHubJobContext {
  if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(job.repository)) {
    throw new TypeError(`GitHub OIDC stand-in: job.repository must be OWNER/REPO; got "${job.repository}"`);
  }
  if (!job.ref.startsWith('refs/')) throw new TypeError('GitHub OIDC stand-in: job.ref must start with refs/');
  return job;
}
