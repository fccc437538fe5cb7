// Delete Object Records on api_access_token__sys. Vault answers SUCCESS at the top even when single records failed,
// so each result is read. A record that failed is looked up once: if it no longer exists or is already inactive, the
// goal is met ("gone"); if it is still active, the failure stands. Whole-request failures (e.g. INVALID_SESSION_ID)
// throw: the caller decides what to do.

import { callVault } from '../call.js';
import { apiPath, throwIfAborted, type VaultContext } from '../context.js';
import { VaultAbortedError, VaultConfigError, VaultError } from '../errors.js';
import type { Authorization } from '../http/authorization.js';
import { redact } from '../redaction/redact.js';
import type { RevokeOutcome } from '../types.js';
import { tokenIdsQuery } from '../vql.js';
import { validateTokenId } from '../ids.js';
import { queryTokens } from './list.js';
import { asIdString, asRecord } from './response-shape.js';

/** Vault's documented maximum records per Delete Object Records call. */
export const DELETE_CHUNK_SIZE = 500;
/** Ids per lookup query: keeps the VQL text far below Vault's 50,000-character limit. */
const LOOKUP_CHUNK_SIZE = 200;
/** Per-record failures that mean "not allowed", not "not there": never reported as gone. */
const ACCESS_FAILURES = new Set(['INSUFFICIENT_ACCESS']);

interface RecordFailure {
  readonly id: string;
  readonly errorType: string;
  readonly message: string;
}

export async function revokeTokens(
  context: VaultContext,
  ids: readonly string[],
  signal: AbortSignal | undefined,
): Promise<RevokeOutcome[]> {
  if (!Array.isArray(ids)) throw new VaultConfigError('ids', 'expected an array of token record ids');
  // Checked before anything is sent: the ids go into a JSON body now and into VQL if a deletion fails.
  const unique = [...new Set(ids.map((id) => validateTokenId(id, 'ids')))];
  if (unique.length === 0) return [];

  throwIfAborted('revokeTokens', signal);
  const authorization = await context.authorize('revokeTokens', signal);
  const outcomes = new Map<string, RevokeOutcome>();
  const failures: RecordFailure[] = [];

  for (const chunk of chunks(unique, DELETE_CHUNK_SIZE)) {
    const response = await callVault(
      context,
      'revokeTokens',
      {
        method: 'DELETE',
        path: apiPath(context.target, '/vobjects/api_access_token__sys'),
        json: chunk.map((id) => ({ id })),
      },
      signal,
      authorization,
    );
    const results = Array.isArray(response.body.data) ? response.body.data : [];
    const byId = new Map<string, Record<string, unknown>>();
    for (const result of results) {
      const id = asIdString(asRecord(asRecord(result)?.data)?.id);
      if (id !== undefined) byId.set(id, asRecord(result) ?? {});
    }
    chunk.forEach((id, index) => {
      // Results come in input order; failed items may lack data.id, so fall back to the position.
      const result = byId.get(id) ?? asRecord(results[index]);
      if (result?.responseStatus === 'SUCCESS') {
        outcomes.set(id, { id, outcome: 'revoked' });
        return;
      }
      const firstError = asRecord(Array.isArray(result?.errors) ? result.errors[0] : undefined);
      failures.push({
        id,
        errorType: typeof firstError?.type === 'string' ? firstError.type : 'UNKNOWN',
        message: redact(
          typeof firstError?.message === 'string' ? firstError.message : 'Vault returned no result for this record',
        ),
      });
    });
  }

  for (const outcome of await resolveFailures(context, failures, signal, authorization)) {
    outcomes.set(outcome.id, outcome);
  }
  return unique.map((id) => outcomes.get(id) as RevokeOutcome);
}

async function resolveFailures(
  context: VaultContext,
  failures: readonly RecordFailure[],
  signal: AbortSignal | undefined,
  authorization: Authorization,
): Promise<RevokeOutcome[]> {
  const failed = (f: RecordFailure): RevokeOutcome => ({
    id: f.id,
    outcome: 'failed',
    errorType: f.errorType,
    message: f.message,
  });
  const lookUp = failures.filter((f) => !ACCESS_FAILURES.has(f.errorType));
  const stillActive = new Set<string>();
  try {
    for (const chunk of chunks(
      lookUp.map((f) => f.id),
      LOOKUP_CHUNK_SIZE,
    )) {
      const records = await queryTokens(context, tokenIdsQuery(chunk), 'revokeTokens', signal, authorization);
      for (const record of records) if (record.status === 'active__v') stillActive.add(record.id);
    }
  } catch (error) {
    // Without the lookup we cannot prove anything is gone: report every failure as it came.
    if (!(error instanceof VaultError) || error instanceof VaultAbortedError) throw error;
    context.logger.warn('Could not look up tokens whose deletion failed; reporting them as failed', {
      operation: 'revokeTokens',
      count: lookUp.length,
      error,
    });
    return failures.map(failed);
  }
  return failures.map((f) =>
    lookUp.includes(f) && !stillActive.has(f.id) ? { id: f.id, outcome: 'gone' } : failed(f),
  );
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
