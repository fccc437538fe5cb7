// The real dependencies, built once per process: @actions/core, process.env, the wall clock (or the test clock),
// and a session factory that sends every request through a proxy-aware fetch (HTTPS_PROXY/NO_PROXY, no flags).

import { randomBytes } from 'node:crypto';
import type * as actionsCore from '@actions/core';
import { createProxyAwareFetch } from '../../shared/http/proxy-fetch.js';
import { openVaultSession } from '../../shared/index.js';
import { readVaultSecret } from './aws-secret.js';
import { printingSafely } from './log-text.js';
import type { MainDeps, SessionFactory } from './deps.js';
import { clockFrom, retryFrom } from './test-overrides.js';

/** Everything but the cancellation, which only main watches. */
export function realDeps(rawCore: typeof actionsCore): Omit<MainDeps, 'cancellation'> {
  const core = printingSafely(rawCore);
  const env = process.env;
  const fetch = createProxyAwareFetch(env);
  const retry = retryFrom(env);
  const openSession: SessionFactory = (options, credentials) =>
    openVaultSession({ ...options, fetch, retry: { ...options.retry, ...retry } }, credentials);
  return {
    core,
    env,
    now: clockFrom(env),
    openSession,
    readAwsSecret: readVaultSecret,
    uniqueSuffix: () => randomBytes(3).toString('hex'),
  };
}
