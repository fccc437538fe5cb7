// The token's name in Vault. A person reading the token list should see which run made it; the random suffix keeps
// names unique across parallel jobs and repeated steps of one run, so a lost mint can be found by name without
// touching a sibling job's token. A name the user chose gets the same suffix: matrix legs often share one.

import type { Env } from '../deps.js';

export const TOKEN_NAME_MAX = 128;

/** The characters the shared client accepts when looking a token up by name (no VQL injection). */
export const TOKEN_NAME_PATTERN = /^[A-Za-z0-9._:/ -]+$/;

const DISALLOWED = /[^A-Za-z0-9._:/ -]/g;

export function defaultTokenName(env: Env, suffix: string): string {
  const repository = clean(env.GITHUB_REPOSITORY) || 'local';
  const run = `run-${clean(env.GITHUB_RUN_ID) || '0'}-${clean(env.GITHUB_RUN_ATTEMPT) || '1'}`;
  const job = clean(env.GITHUB_JOB);
  const head = ['gha', repository, run, job].filter(Boolean).join('/');
  const tail = `/${clean(suffix)}`;
  return head.slice(0, TOKEN_NAME_MAX - tail.length) + tail;
}

/**
 * A `token-name` the user chose, with this step's random suffix (`<name>/<suffix>`, the name cut to fit): the lost-mint
 * lookup by name then finds this step's token only, even when parallel jobs share the name.
 */
export function markedTokenName(name: string, suffix: string): string {
  const tail = `/${clean(suffix)}`;
  return name.slice(0, TOKEN_NAME_MAX - tail.length) + tail;
}

function clean(value: string | undefined): string {
  return (value ?? '').trim().replace(DISALLOWED, '-');
}
