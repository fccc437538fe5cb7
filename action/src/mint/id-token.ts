// The job's GitHub OIDC ID token, fetched the way @actions/core's getIDToken does (GET ACTIONS_ID_TOKEN_REQUEST_URL
// with &audience=, bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN, JSON {value}), but through the action's own proxy-aware
// fetch: @actions/core's OIDC client would bring @actions/http-client (and undici) into the bundle for one GET.

import type { HttpAnswer, HttpFetch } from '../../../shared/http/http-fetch.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../../shared/session.js';
import type { Env, IdTokenSource } from '../deps.js';

/** Answers worth one more try (the runner's token service restarting); others are final. */
const RETRYABLE = new Set([502, 503, 504]);
const ATTEMPTS = 3;
/** The same as a Vault request's default deadline (DEFAULT_REQUEST_TIMEOUT_MS). */
const ATTEMPT_TIMEOUT_MS = DEFAULT_REQUEST_TIMEOUT_MS;

/**
 * `mask` is called with the token the moment it is read, before anything else sees it. Errors never carry the
 * request token; they carry the status and at most the start of the service's answer.
 */
export function githubIdToken(
  env: Env,
  fetchImpl: HttpFetch,
  mask: (value: string) => void,
  attemptTimeoutMs = ATTEMPT_TIMEOUT_MS,
): IdTokenSource {
  return async (audience) => {
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!url) throw new Error('Unable to get the ACTIONS_ID_TOKEN_REQUEST_URL env variable');
    if (!bearer) throw new Error('Unable to get the ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
    const withAudience = audience ? `${url}&audience=${encodeURIComponent(audience)}` : url;
    for (let attempt = 1; ; attempt++) {
      let response: HttpAnswer;
      let text: string;
      // Each attempt has its own deadline: a token service that never answers must not hold the step until the job's
      // own time-out (node:http, unlike fetch, has no default one).
      const timeout = AbortSignal.timeout(attemptTimeoutMs);
      try {
        response = await fetchImpl(withAudience, {
          headers: { Accept: 'application/json', Authorization: `Bearer ${bearer}` },
          signal: timeout,
        });
        text = await response.text();
      } catch (error) {
        if (attempt < ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          continue;
        }
        const reason = timeout.aborted
          ? `no answer within ${attemptTimeoutMs} ms`
          : error instanceof Error
            ? error.message
            : String(error);
        throw new Error(`Failed to get the job's ID token: ${reason}`, { cause: error });
      }
      if (!response.ok) {
        if (RETRYABLE.has(response.status) && attempt < ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          continue;
        }
        throw new Error(`Failed to get the job's ID token: HTTP ${response.status} ${text.slice(0, 200)}`.trim());
      }
      let value: unknown;
      try {
        value = (JSON.parse(text) as { value?: unknown } | null)?.value;
      } catch {
        value = undefined;
      }
      if (typeof value !== 'string' || value === '') {
        throw new Error("The job's ID token answer has no `value` field");
      }
      mask(value);
      return value;
    }
  };
}
