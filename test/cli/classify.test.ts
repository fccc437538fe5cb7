// The pure decisions behind status and audit, property-tested: token states, warnings, ownership by name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditToken, auditWarnings, ownerOf } from '../../cli/audit/classify.js';
import { classifyToken, daysLeft, PENDING_STUCK_MS, secretWarnings, type VersionFacts } from '../../cli/status/classify.js';
import { rotationTokenName, secretTokenPrefix } from '../../shared/rotated-secret/index.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const token = fc.record({
  id: fc.stringMatching(/^V8T[0-9]{6}$/),
  name: fc.string({ minLength: 1, maxLength: 30 }),
  status: fc.constantFrom('active__v', 'inactive__v'),
  expiresAt: fc.option(fc.integer({ min: NOW - 100 * DAY, max: NOW + 100 * DAY }).map(iso), { nil: undefined }),
});
const stages = fc.subarray(['AWSCURRENT', 'AWSPREVIOUS', 'AWSPENDING']);

describe('classifyToken', () => {
  it('is exactly one state, decided in order: revoked, expired, orphaned, active', () => {
    fc.assert(
      fc.property(token, stages, (t, held) => {
        const { state } = classifyToken(t, held, NOW);
        const expired = t.expiresAt !== undefined && Date.parse(t.expiresAt) <= NOW;
        if (t.status !== 'active__v') expect(state).toBe('revoked');
        else if (expired) expect(state).toBe('expired');
        else if (held.length === 0) expect(state).toBe('orphaned');
        else expect(state).toBe('active');
      }),
    );
  });

  it('a never-expiring active token held by a version is active whatever the clock says', () => {
    fc.assert(
      fc.property(fc.integer(), stages.filter((s) => s.length > 0), (now, held) => {
        expect(classifyToken({ id: 'V8T1', name: 'n', status: 'active__v', expiresAt: undefined }, held, now).state).toBe('active');
      }),
    );
  });
});

describe('secretWarnings', () => {
  const version = (stagesOf: string[], expiresAt: number | undefined, createdAt = NOW - 2 * DAY, tokenId: string | undefined = 'V8T1'): VersionFacts => ({
    versionId: `v-${stagesOf.join('-')}`,
    stages: stagesOf,
    tokenId,
    expiresAt: expiresAt === undefined ? undefined : iso(expiresAt),
    createdAt,
  });

  it('warns that the token expires before the next rotation exactly when it does (and rotation is on)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 90 * DAY }), fc.integer({ min: 1, max: 90 * DAY }), fc.boolean(), (expiresIn, nextIn, enabled) => {
        const codes = secretWarnings(
          { rotationEnabled: enabled, nextRotation: NOW + nextIn, versions: [version(['AWSCURRENT'], NOW + expiresIn)], tokens: undefined, vaultProblem: undefined },
          NOW,
        ).map((w) => w.code);
        expect(codes.includes('expires-before-next-rotation')).toBe(enabled && expiresIn <= nextIn);
        expect(codes.includes('rotation-disabled')).toBe(!enabled);
      }),
    );
  });

  it('AWSPENDING away from AWSCURRENT is stuck once older than an hour or when rotation is off, in progress otherwise (a warning whatever its age); never on AWSCURRENT', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * PENDING_STUCK_MS }), fc.boolean(), fc.boolean(), (age, enabled, onCurrent) => {
        const versions = onCurrent
          ? [version(['AWSCURRENT', 'AWSPENDING'], NOW + 60 * DAY)]
          : [version(['AWSCURRENT'], NOW + 60 * DAY), version(['AWSPENDING'], undefined, NOW - age, undefined)];
        const codes = secretWarnings({ rotationEnabled: enabled, nextRotation: NOW + DAY, versions, tokens: undefined, vaultProblem: undefined }, NOW).map((w) => w.code);
        expect(codes.includes('pending-stuck')).toBe(!onCurrent && (age > PENDING_STUCK_MS || !enabled));
        expect(codes.includes('rotation-in-progress')).toBe(!onCurrent && age <= PENDING_STUCK_MS && enabled);
      }),
    );
  });

  it('a healthy secret has no warning; orphans and an inactive AWSCURRENT token are named', () => {
    const versions = [version(['AWSCURRENT'], NOW + 60 * DAY, NOW - DAY, 'V8T1'), version(['AWSPREVIOUS'], NOW + 30 * DAY, NOW - 31 * DAY, 'V8T2')];
    const tokens = [
      classifyToken({ id: 'V8T1', name: 'a', status: 'active__v', expiresAt: iso(NOW + 60 * DAY) }, ['AWSCURRENT'], NOW),
      classifyToken({ id: 'V8T2', name: 'b', status: 'active__v', expiresAt: iso(NOW + 30 * DAY) }, ['AWSPREVIOUS'], NOW),
    ];
    const facts = { rotationEnabled: true, nextRotation: NOW + 29 * DAY, versions, tokens, vaultProblem: undefined };
    expect(secretWarnings(facts, NOW)).toEqual([]);
    const orphan = classifyToken({ id: 'V8T3', name: 'c', status: 'active__v', expiresAt: iso(NOW + DAY) }, [], NOW);
    expect(secretWarnings({ ...facts, tokens: [...tokens, orphan] }, NOW).map((w) => w.code)).toEqual(['orphaned-tokens']);
    const revoked = classifyToken({ id: 'V8T1', name: 'a', status: 'inactive__v', expiresAt: undefined }, ['AWSCURRENT'], NOW);
    expect(secretWarnings({ ...facts, tokens: [revoked, tokens[1]!] }, NOW).map((w) => w.code)).toEqual(['current-not-active-in-vault']);
  });

  it('daysLeft counts whole days down, negative once past', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (days) => {
        expect(daysLeft(iso(NOW + days * DAY), NOW)).toBe(days);
      }),
    );
    expect(daysLeft(undefined, NOW)).toBeUndefined();
  });
});

describe('audit: whose token is it', () => {
  it('every name the rotator gives a secret is the rotator\'s, with that secret\'s prefix', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.uuid(), (arn, versionId) => {
        expect(ownerOf(rotationTokenName(arn, versionId))).toEqual({ kind: 'rotator', prefix: secretTokenPrefix(arn) });
      }),
    );
  });

  it('a rotator token is orphaned exactly when the secrets were listed and no labelled version holds it', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (listed, secretFound, held) => {
        const prefix = secretTokenPrefix('arn:x');
        const secrets = listed
          ? new Map(secretFound ? [[prefix, { name: 's', held: new Map(held ? [['V8T1', ['AWSCURRENT']]] : []) }]] : [])
          : undefined;
        const audited = auditToken({ id: 'V8T1', name: `${prefix}v`, expiresAt: undefined }, secrets);
        expect(audited.orphaned).toBe(listed && !(secretFound && held));
        expect(auditWarnings([audited]).length).toBe(1 + (audited.orphaned ? 1 : 0));
      }),
    );
  });
});
