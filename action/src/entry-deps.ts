// The real dependencies, built once per process: @actions/core, process.env, the wall clock, and a session factory
// that sends every request through a proxy-aware fetch (HTTPS_PROXY/NO_PROXY, no flags). Tests reach the clock and
// the retry waits from outside the bundle (test/action/support/clock-preload.mjs), never through a variable here.

import { randomBytes } from 'node:crypto';
import type * as actionsCore from '@actions/core';
import { createProxyAwareFetch } from '../../shared/http/proxy-fetch.js';
import { openVaultSession } from '../../shared/index.js';
import { readVaultSecret } from './aws-secret.js';
import { printingSafely } from './log-text.js';
import type { MainDeps, SessionFactory } from './deps.js';

/** Everything but the cancellation, which only main watches. */
export function realDeps(rawCore: typeof actionsCore): Omit<MainDeps, 'cancellation'> {
  const core = printingSafely(rawCore);
  const env = process.env;
  const fetch = createProxyAwareFetch(env);
  const openSession: SessionFactory = (options, credentials) => openVaultSession({ ...options, fetch }, credentials);
  return {
    core,
    env,
    now: () => new Date(),
    openSession,
    readAwsSecret: readVaultSecret,
    uniqueSuffix: () => randomBytes(3).toString('hex'),
  };
}
