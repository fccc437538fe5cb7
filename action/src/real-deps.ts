// The real dependencies, built once per process: @actions/core, process.env, the wall clock, and a session factory
// that sends every request through a proxy-aware fetch (HTTPS_PROXY/NO_PROXY, no flags). Tests reach the clock and
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
import { createProxyAwareFetch } from '../../shared/http/proxy-fetch.js';
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
  const fetch = createProxyAwareFetch(env);
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
