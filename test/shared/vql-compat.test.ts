// Every query the shared client can build is one the simulator's strict VQL parser (which follows Vault's VQL
// reference) accepts, and it means what the client intends: no literal IN list, single quotes only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenIdsQuery, tokenListQuery } from '../../shared/vql.js';
import { parseVql } from '../../simulator/vault/vql.js';
import { runTokenQuery, type TokenView } from '../../simulator/vault/vql-eval.js';

const SAFE = fc.string({ unit: fc.constantFrom(...'aZ09._:/ -'), minLength: 1, maxLength: 40 });
const USER_ID = fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }).map(String);
const RECORD_ID = fc.string({ unit: fc.constantFrom(...'V8T0AZ19'), minLength: 1, maxLength: 15 });

const view = (id: string, name: string, userId: string, active = true): TokenView => ({
  id,
  name,
  userId,
  status: active ? 'active__v' : 'inactive__v',
  expiresAt: null,
  lastUsedAt: null,
});

describe('the client speaks the VQL Vault accepts', () => {
  it('token list queries parse and select exactly the matching rows (property)', () => {
    fc.assert(
      fc.property(
        fc.record(
          { userId: USER_ID, name: SAFE, namePrefix: SAFE, activeOnly: fc.boolean() },
          { requiredKeys: [] },
        ),
        fc.array(fc.tuple(RECORD_ID, SAFE, USER_ID, fc.boolean()), { maxLength: 8 }),
        (filter, rows) => {
          const q = tokenListQuery(filter);
          expect(q).not.toMatch(/\bIN\s*\(|"/);
          const views = rows.map(([id, name, userId, active]) => view(id, name, userId, active));
          const got = runTokenQuery(parseVql(q), views).map((r) => r.id);
          const want = views
            .filter(
              (v) =>
                (filter.userId === undefined || v.userId === filter.userId) &&
                (filter.name === undefined || v.name === filter.name) &&
                (filter.namePrefix === undefined || v.name.startsWith(filter.namePrefix)) &&
                (!(filter.activeOnly ?? true) || v.status === 'active__v'),
            )
            .map((v) => v.id);
          expect(got).toEqual(want);
        },
      ),
    );
  });

  it('id lookups parse and find exactly the listed ids (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(RECORD_ID, { minLength: 1, maxLength: 30 }), fc.array(RECORD_ID, { maxLength: 10 }), (ids, others) => {
        const views = [...ids, ...others].map((id) => view(id, 'n', '1', false));
        const got = runTokenQuery(parseVql(tokenIdsQuery(ids)), views).map((r) => r.id);
        expect(got).toEqual(views.filter((v) => ids.includes(v.id)).map((v) => v.id));
      }),
    );
  });
});
