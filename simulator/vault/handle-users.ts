// Validate Session User: GET /objects/users/me.
import type { AuthedContext, HandlerResult } from './context.js';
import { successBody, vaultDateTime } from './envelopes.js';
import { USER_TIMEZONE } from './expiry.js';

export function whoAmIHandler(ctx: AuthedContext): HandlerResult {
  const user = ctx.caller.user;
  const local = user.userName.split('@')[0] ?? user.userName;
  const [first, last] = local.includes('.') ? local.split('.', 2) : [local, 'User'];
  return {
    body: successBody({
      users: [
        {
          user: {
            user_name__v: user.userName,
            user_first_name__v: first,
            user_last_name__v: last,
            user_email__v: user.userName.includes('@') ? user.userName : `${user.userName}@simulator.invalid`,
            user_timezone__v: USER_TIMEZONE,
            user_locale__v: 'en_US',
            is_domain_admin__v: user.admin,
            active__v: true,
            security_policy_id__v: 1863,
            id: Number(user.id),
            created_date__v: vaultDateTime(user.createdAt),
            created_by__v: 1,
            modified_date__v: vaultDateTime(user.createdAt),
            modified_by__v: 1,
            domain_id__v: 3826,
            last_login__v: vaultDateTime(user.lastLoginAt),
            user_language__v: 'en',
            group_id__v: [],
            security_profile__v: user.admin ? 'vault_owner__v' : 'document_user__v',
            license_type__v: 'full__v',
          },
        },
      ],
    }),
  };
}
