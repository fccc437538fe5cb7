// Validate Session User: the cheap way to prove a token or session works and learn whose it is.

import { callVault } from '../call.js';
import { apiPath, type VaultContext } from '../context.js';
import { VaultUserMismatchError } from '../errors.js';
import { validateUserId } from '../ids.js';
import type { VaultUser } from '../types.js';
import { asIdString, asOptionalString, asRecord, malformedAnswer } from './response-shape.js';

export async function whoAmI(
  context: VaultContext,
  signal: AbortSignal | undefined,
  expectedUserId?: string,
): Promise<VaultUser> {
  const expected = expectedUserId === undefined ? undefined : validateUserId(expectedUserId, 'expectedUserId');
  const response = await callVault(
    context,
    'whoAmI',
    { method: 'GET', path: apiPath(context.target, '/objects/users/me') },
    signal,
  );
  const users = response.body.users;
  const user = asRecord(asRecord(Array.isArray(users) ? users[0] : undefined)?.user);
  const userId = asIdString(user?.id);
  const userName = asOptionalString(user?.user_name__v);
  if (userId === undefined || userName === undefined) {
    throw malformedAnswer('whoAmI', 'users[0].user.id and user_name__v', response.executionId);
  }
  if (expected !== undefined && expected !== userId) throw new VaultUserMismatchError(expected, userId);
  return { userId, userName };
}
