// Retrieve API Versions: GET /api/ — cheap, and lists URLs carrying this Vault's host.
import type { AuthedContext, HandlerResult } from './context.js';
import { successBody } from './envelopes.js';

const VERSIONS = ['v25.1', 'v25.2', 'v25.3', 'v26.1', 'v26.2', 'v26.3'];

export function apiVersionsHandler(ctx: AuthedContext): HandlerResult {
  const values: Record<string, string> = {};
  for (const version of VERSIONS) values[version] = `${ctx.vault.origin}/api/${version}`;
  return { body: successBody({ values }) };
}
