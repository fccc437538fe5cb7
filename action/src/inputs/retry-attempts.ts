// retry-max-attempts: how many times each Vault request is tried. Main checks it with the other inputs; post reads it
// again on its own.

import type { ActionCore } from '../deps.js';

export const DEFAULT_RETRY_ATTEMPTS = 4;
export const MAX_RETRY_ATTEMPTS = 10;

/** 1–10 written as plain digits; undefined for anything else. */
export function parseRetryAttempts(text: string): number | undefined {
  if (!/^\d{1,2}$/.test(text)) return undefined;
  const attempts = Number(text);
  return attempts >= 1 && attempts <= MAX_RETRY_ATTEMPTS ? attempts : undefined;
}

/** Post reads the input again; a value main already refused cannot get this far, so anything odd means the default. */
export function readRetryAttempts(core: Pick<ActionCore, 'getInput'>): number {
  return parseRetryAttempts(core.getInput('retry-max-attempts')) ?? DEFAULT_RETRY_ATTEMPTS;
}
