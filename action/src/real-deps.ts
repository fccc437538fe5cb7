// The real dependencies, built once per process: @actions/core, process.env, the wall clock, and a session factory
// that sends every request over node:http, or through the proxy when HTTPS_PROXY/HTTP_PROXY is set (NO_PROXY honoured). Tests reach the clock and
// the retry waits from outside the bundle (test/action/support/clock-preload.mjs), never through a variable here.

import { randomBytes } from 'node:crypto';
import {
  debug,
  getBooleanInput,
  getInput,
  getState,
  info,
  saveState,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning,
} from '@actions/core';
import type { HttpFetch } from '../../shared/http/http-fetch.js';
import { nodeHttpFetch } from '../../shared/http/node-http-fetch.js';
import { createProxyAwareFetch, proxyConfigured } from '../../shared/http/proxy-fetch.js';
import { openVaultSession } from '../../shared/index.js';
import type { ActionCore, MainDeps, SessionFactory } from './deps.js';
import { printingSafely } from './job-log/log-line.js';
import { readVaultSecret } from './mint/aws-secret.js';

/**
 * The functions of @actions/core the action calls, taken by name: the bundle then holds only these and what they
 * need, not the whole module (path helpers, …). getIDToken is not used: its OIDC client would bring
 * @actions/http-client and undici; main.ts fetches the ID token itself (mint/id-token.ts), and the build marks those
 * packages free of side effects so esbuild drops them (scripts/build.mjs).
 */
export const actionsCore: ActionCore = {
  getInput,
  getBooleanInput,
  setSecret,
  setOutput,
  setFailed,
  saveState,
  getState,
  debug,
  info,
  warning,
  summary,
};

/** Everything but what only main uses: the cancellation it watches, and the ID token it signs in with. */
export function realDeps(rawCore: ActionCore): Omit<MainDeps, 'cancellation' | 'getIDToken'> {
  const core = printingSafely(rawCore);
  const env = process.env;
  // Vault, the OAuth token endpoint and GitHub's ID-token service. node:http when no proxy applies: a step that ends
  // after two answers exits at once, where Node's fetch would first wait for V8 to optimise its parser
  // (shared/http/node-http-fetch.ts). Through a proxy, undici's agent, loaded only then.
  const fetch: HttpFetch = proxyConfigured(env) ? createProxyAwareFetch(env) : nodeHttpFetch;
  const openSession: SessionFactory = (options, credentials) => openVaultSession({ ...options, fetch }, credentials);
  return {
    core,
    env,
    now: () => new Date(),
    openSession,
    fetch,
    readAwsSecret: readVaultSecret,
    uniqueSuffix: () => randomBytes(3).toString('hex'),
  };
}
