// The revocation policy (issue 8, section 1), property-tested: generated label layouts, stored ids and Vault rows
// (including rows that do not match the query: another secret's prefix, a foreign user, inactive tokens).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RevocationFacts, tokensToRevoke, type VersionFacts } from '../../functions/rotation/revocation/policy.js';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from '../../shared/rotated-secret/index.js';
import type { TokenRecord } from '../../shared/types.js';

const PREFIX = 'vat:aaaaaaaaaaaa:';
const OWNER = '61603';
const VERSION_IDS = ['v1', 'v2', 'v3', 'v4', 'v5'];
const TOKEN_IDS = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8'];
const tokenName = (versionId: string) => `${PREFIX}${versionId}`;
const MODES = ['next-rotation', 'immediately', 'never'] as const;

const valueArb: fc.Arbitrary<VersionFacts['value']> = fc.oneof(
  fc.record({ state: fc.constant('stored' as const), tokenId: fc.option(fc.constantFrom(...TOKEN_IDS), { nil: undefined }) }),
  fc.record({ state: fc.constantFrom('empty' as const, 'unknown' as const) }),
);

const versionsArb = fc
  .record({
    present: fc.subarray(VERSION_IDS, { minLength: 1 }),
    current: fc.nat({ max: 4 }),
    pending: fc.option(fc.nat({ max: 4 }), { nil: undefined }),
    previous: fc.option(fc.nat({ max: 4 }), { nil: undefined }),
    values: fc.array(valueArb, { minLength: 5, maxLength: 5 }),
  })
  .map(({ present, current, pending, previous, values }) => {
    const versions: Record<string, VersionFacts> = {};
    present.forEach((id, index) => {
      const stages: string[] = [];
      if (index === current % present.length) stages.push(AWSCURRENT);
      if (pending !== undefined && index === pending % present.length) stages.push(AWSPENDING);
      if (previous !== undefined && index === previous % present.length && !stages.includes(AWSCURRENT)) {
        stages.push(AWSPREVIOUS);
      }
      versions[id] = { stages, value: values[index]! };
    });
    return versions;
  });

const rowArb: fc.Arbitrary<TokenRecord> = fc.record({
  id: fc.constantFrom(...TOKEN_IDS),
  name: fc.oneof(
    fc.constantFrom(...VERSION_IDS.map(tokenName)),
    fc.constantFrom('vat:bbbbbbbbbbbb:v1', 'made in the Vault UI', `${PREFIX}gone-version`),
  ),
  userId: fc.constantFrom(OWNER, OWNER, '61699'),
  status: fc.constantFrom('active__v', 'active__v', 'inactive__v'),
  expiresAt: fc.constant(undefined),
  lastUsedAt: fc.constant(undefined),
});

const factsArb: fc.Arbitrary<RevocationFacts> = fc.record({
  versions: versionsArb,
  listed: fc.uniqueArray(rowArb, { maxLength: 8, selector: (row) => row.id }),
  mode: fc.constantFrom(...MODES),
  owner: fc.constant(OWNER),
  prefix: fc.constant(PREFIX),
  tokenName: fc.constant(tokenName),
  abandoned: fc.subarray(TOKEN_IDS, { maxLength: 2 }),
  atTokenCap: fc.boolean(),
  keepUnknownVersions: fc.boolean(),
});

const protectingStages = (mode: string) =>
  mode === 'immediately' ? [AWSCURRENT, AWSPENDING] : [AWSCURRENT, AWSPENDING, AWSPREVIOUS];
const protectedVersions = (facts: RevocationFacts) =>
  Object.entries(facts.versions).filter(([, v]) => v.stages.some((s) => protectingStages(facts.mode).includes(s)));
const storedId = (v: VersionFacts) => (v.value.state === 'stored' ? v.value.tokenId : undefined);
const revokedIds = (facts: RevocationFacts) => new Set(tokensToRevoke(facts).map((r) => r.token.id));
const owned = (row: TokenRecord) =>
  row.name.startsWith(PREFIX) && row.userId === OWNER && row.status === 'active__v';

describe('the revocation policy', () => {
  it('revokes only rows of this secret, of the expected user, active — whatever else Vault returned', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        for (const { token } of tokensToRevoke(facts)) expect(owned(token)).toBe(true);
      }),
    );
  });

  it('never revokes a token a protected version stores (AWSCURRENT, AWSPENDING, AWSPREVIOUS unless immediately)', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const revoked = revokedIds(facts);
        for (const [, version] of protectedVersions(facts)) {
          const id = storedId(version);
          if (id !== undefined) expect(revoked.has(id)).toBe(false);
        }
      }),
    );
  });

  it('never revokes a token of a protected version whose stored id is not known, unless this invocation abandoned it', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const revoked = tokensToRevoke(facts);
        for (const [versionId, version] of protectedVersions(facts)) {
          if (version.value.state === 'stored' && version.value.tokenId !== undefined) continue;
          for (const { token } of revoked) {
            if (token.name === tokenName(versionId)) expect(facts.abandoned).toContain(token.id);
          }
        }
      }),
    );
  });

  it('revokes every owned duplicate of a version whose stored id is known, in every mode', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const revoked = revokedIds(facts);
        const kept = new Set(protectedVersions(facts).flatMap(([, v]) => storedId(v) ?? []));
        for (const [versionId, version] of protectedVersions(facts)) {
          const id = storedId(version);
          if (id === undefined) continue;
          for (const row of facts.listed) {
            if (owned(row) && row.name === tokenName(versionId) && row.id !== id && !kept.has(row.id)) {
              expect(revoked.has(row.id)).toBe(true);
            }
          }
        }
      }),
    );
  });

  it('revokes every owned token no protected version may still use, except in never mode below the cap', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const revoked = revokedIds(facts);
        const protectedNames = new Set(protectedVersions(facts).map(([id]) => tokenName(id)));
        const kept = new Set(protectedVersions(facts).flatMap(([, v]) => storedId(v) ?? []));
        for (const row of facts.listed) {
          if (!owned(row) || kept.has(row.id) || protectedNames.has(row.name)) continue;
          const unknownVersion = !Object.keys(facts.versions).some((id) => tokenName(id) === row.name);
          const stale = facts.mode !== 'never' || facts.atTokenCap === true;
          const expected =
            facts.abandoned?.includes(row.id) === true || (stale && !(unknownVersion && facts.keepUnknownVersions === true));
          expect(revoked.has(row.id)).toBe(expected);
        }
      }),
    );
  });

  it('with keepUnknownVersions (finishSecret), keeps every token of a version its DescribeSecret did not list', () => {
    // A RotateSecret landing after finishSecret's DescribeSecret makes a version (and a token) the facts do not know.
    fc.assert(
      fc.property(factsArb, (facts) => {
        const revoked = revokedIds({ ...facts, keepUnknownVersions: true });
        for (const row of facts.listed) {
          const known = Object.keys(facts.versions).some((id) => tokenName(id) === row.name);
          if (!known && !facts.abandoned?.includes(row.id)) expect(revoked.has(row.id)).toBe(false);
        }
      }),
    );
  });

  it('names each token once, with a reason', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const revoked = tokensToRevoke(facts);
        expect(new Set(revoked.map((r) => r.token.id)).size).toBe(revoked.length);
        for (const r of revoked) expect(r.reason).toMatch(/\w/);
      }),
    );
  });

  it('keeps the running version’s token while its value is not stored (an overlapping createSecret may store it)', () => {
    const row = { id: 't1', name: tokenName('v3'), userId: OWNER, status: 'active__v' } as TokenRecord;
    const facts: RevocationFacts = {
      versions: {
        v1: { stages: [AWSPREVIOUS], value: { state: 'unknown' } },
        v2: { stages: [AWSCURRENT], value: { state: 'stored', tokenId: 't0' } },
        v3: { stages: [AWSPENDING], value: { state: 'empty' } },
      },
      listed: [row],
      mode: 'next-rotation',
      owner: OWNER,
      prefix: PREFIX,
      tokenName,
    };
    expect(tokensToRevoke(facts)).toEqual([]);
    const stored = { ...facts.versions, v3: { stages: [AWSPENDING], value: { state: 'stored', tokenId: 't9' } } } as const;
    expect(tokensToRevoke({ ...facts, versions: stored })).toEqual([
      { token: row, reason: 'duplicate of a stored version' },
    ]);
  });
});
