// Delete Object Records on api_access_token__sys: DELETE (or POST ?_method=DELETE) /vobjects/api_access_token__sys.
// The top level is SUCCESS once the request itself is sound; each record succeeds or fails on its own, in input order.

import { parseRecordList } from './body.js';
import type { AuthedContext, HandlerResult } from './context.js';
import { successBody, VaultFailure } from './envelopes.js';
import { deleteToken } from './state.js';
import { TOKEN_OBJECT } from './vql-eval.js';

export const MAX_DELETE_RECORDS = 500;

type RecordResult =
  | { responseStatus: 'SUCCESS'; data: { id: string } }
  | { responseStatus: 'FAILURE'; errors: [{ type: string; message: string }] };

export function deleteHandler(ctx: AuthedContext): HandlerResult {
  const object = ctx.params.object_name ?? '';
  if (object !== TOKEN_OBJECT) {
    throw new VaultFailure('INVALID_DATA', `Object [${object}] not found; the simulator serves only [${TOKEN_OBJECT}]`);
  }
  const records = parseRecordList(ctx.headers['content-type'], ctx.body);
  if (records.length === 0) throw new VaultFailure('INVALID_DATA', 'No records to delete: the body lists no ids');
  if (records.length > MAX_DELETE_RECORDS) {
    throw new VaultFailure(
      'INVALID_DATA',
      `Too many records: at most ${MAX_DELETE_RECORDS} per request, got ${records.length}`,
    );
  }

  const { state } = ctx;
  const me = ctx.caller.user;
  const seen = new Set<string>();
  const data = records.map(({ id }): RecordResult => {
    if (id === undefined) return failure('INVALID_DATA', 'Missing required field [id]');
    if (seen.has(id)) return failure('INVALID_DATA', `Duplicate record id [${id}] in this request`);
    seen.add(id);
    const token = state.tokens.get(id);
    if (!token || token.deleted || token.vault !== ctx.vault.name) {
      return failure('INVALID_DATA', `Record [${id}] not found in [${TOKEN_OBJECT}]`);
    }
    if (token.userId !== me.id && !me.admin) {
      return failure('INSUFFICIENT_ACCESS', `User [${me.id}] may not delete another user's API access token [${id}]`);
    }
    deleteToken(state, token);
    return { responseStatus: 'SUCCESS', data: { id } };
  });
  return { body: successBody({ data }) };
}

function failure(type: string, message: string): RecordResult {
  return { responseStatus: 'FAILURE', errors: [{ type, message }] };
}
