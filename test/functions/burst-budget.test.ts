// The burst reserve (functions/rotation/fleet/burst-budget.ts): the pure decision, property-tested, and a rotation that
// defers before minting when its Vault's last answer leaves too little above the reserve.
import fc from 'fast-check';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  BurstLedger,
  budgetDecision,
  CALLS_PER_STEP,
  callsAheadFor,
  HEADROOM_MAX_PERCENT,
  OBSERVATION_TTL_MS,
  othersRate,
  estimatedRemaining,
  OTHERS_HORIZON_MS,
  reserveCalls,
} from '../../functions/rotation/fleet/burst-budget.js';
import { dispatch } from '../../functions/rotation/dispatch.js';
import { rotate } from '../../functions/rotation/handler.js';
import type { RotationEvent } from '../../functions/rotation/context.js';
import { AuthLimitDeferredError, BurstBudgetDeferredError } from '../../functions/rotation/errors.js';
import type { VaultClientOptions, VaultCredentials, VaultSession } from '../../shared/types.js';
import { STEPS, UnitWorld } from './support/unit-world.js';

const observationArb = fc.record({
  limit: fc.integer({ min: 1, max: 100_000 }),
  used: fc.integer({ min: 0, max: 100_000 }),
  age: fc.integer({ min: 0, max: OBSERVATION_TTL_MS }),
});

describe('budgetDecision', () => {
  it('goes ahead exactly when what is left after the step still covers the reserve', () => {
    fc.assert(
      fc.property(observationArb, fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 20 }), (o, percent, calls) => {
        const remaining = Math.max(0, o.limit - o.used);
        const decision = budgetDecision({
          observation: { limit: o.limit, remaining, at: 1_000_000 - o.age, othersPerMs: 0 },
          now: 1_000_000,
          reservePercent: percent,
          callsAhead: calls,
        });
        expect(decision.proceed).toBe(remaining - calls >= reserveCalls(o.limit, percent));
        if (decision.proceed) expect(remaining - calls).toBeGreaterThanOrEqual(Math.ceil((o.limit * percent) / 100));
      }),
    );
  });

  it('is monotone: more calls left never defers, a larger reserve never goes ahead where a smaller one deferred', () => {
    fc.assert(
      fc.property(observationArb, fc.integer({ min: 0, max: 89 }), fc.integer({ min: 0, max: 20 }), (o, percent, calls) => {
        const remaining = Math.max(0, o.limit - o.used);
        const at = (rem: number, pct: number) =>
          budgetDecision({ observation: { limit: o.limit, remaining: rem, at: 0, othersPerMs: 0 }, now: 0, reservePercent: pct, callsAhead: calls }).proceed;
        if (at(remaining, percent)) expect(at(remaining + 1, percent)).toBe(true);
        if (!at(remaining, percent)) expect(at(remaining, percent + 1)).toBe(false);
      }),
    );
  });

  it('goes ahead without an observation, or with one older than the window may have lasted', () => {
    expect(budgetDecision({ observation: undefined, now: 0, reservePercent: 20, callsAhead: 6 })).toEqual({
      proceed: true,
      reason: 'unknown',
    });
    const stale = { limit: 100, remaining: 0, at: 0, othersPerMs: 0 };
    expect(budgetDecision({ observation: stale, now: OBSERVATION_TTL_MS + 1, reservePercent: 20, callsAhead: 6 }).proceed).toBe(true);
    expect(budgetDecision({ observation: stale, now: OBSERVATION_TTL_MS, reservePercent: 20, callsAhead: 6 }).proceed).toBe(false);
  });

  it("leaves room for the rest of the window's other traffic above the reserve (issue 18)", () => {
    // 300 calls per window, other integrations use 30 % of it, evenly: 90 calls per 5 minutes.
    const rate = 90 / OTHERS_HORIZON_MS;
    const at = (remaining: number) => ({ limit: 300, remaining, at: 0, othersPerMs: rate });
    const decide = (remaining: number) =>
      budgetDecision({ observation: at(remaining), now: 0, reservePercent: 20, callsAhead: callsAheadFor(at(remaining)) });
    // Reserve 60 + the step's 6 + 90 still to come from the others.
    expect(callsAheadFor(at(300))).toBe(96);
    expect(decide(156).proceed).toBe(true);
    expect(decide(155)).toMatchObject({ proceed: false, reason: 'burst-reserve', reserve: 60 });
  });

  it("leaves room for others' traffic, bounded so that a small Vault still rotates", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 10, noNaN: true }), (limit, rate) => {
        const ahead = callsAheadFor({ limit, remaining: limit, at: 0, othersPerMs: rate });
        const wanted = CALLS_PER_STEP + Math.ceil(rate * OTHERS_HORIZON_MS);
        const cap = Math.max(CALLS_PER_STEP, Math.ceil((limit * HEADROOM_MAX_PERCENT) / 100));
        expect(ahead).toBe(Math.min(wanted, cap));
        expect(ahead).toBeGreaterThanOrEqual(Math.min(CALLS_PER_STEP, cap));
      }),
    );
  });

  it("estimates others' rate from two answers of one window, and extrapolates the count to now", () => {
    const first = { limit: 1000, remaining: 900, at: 0, othersPerMs: 0 };
    // 20 fewer in 1000 ms, one of them our own: 19 calls by others, averaged with the previous estimate.
    expect(othersRate(first, { limit: 1000, remaining: 880, at: 1000 })).toBeCloseTo(0.0095);
    // A new window (the count went up) keeps the estimate.
    expect(othersRate({ ...first, othersPerMs: 0.02 }, { limit: 1000, remaining: 999, at: 400 })).toBe(0.02);
    expect(estimatedRemaining({ ...first, othersPerMs: 0.01 }, 5000)).toBe(850);
    expect(estimatedRemaining({ ...first, othersPerMs: 1 }, 5000)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 300_000 }), (remaining, rate, age) => {
        const estimate = estimatedRemaining({ limit: 1000, remaining, at: 0, othersPerMs: rate }, age);
        expect(estimate).toBeLessThanOrEqual(remaining);
        expect(estimate).toBeGreaterThanOrEqual(0);
      }),
    );
    const ledger = new BurstLedger();
    ledger.record('v', 1000, 900, 0);
    ledger.record('v', 1000, 870, 1000);
    expect(ledger.latest('v')).toMatchObject({ limit: 1000, remaining: 870, at: 1000 });
    expect(ledger.latest('v')!.othersPerMs).toBeCloseTo(0.0145);
  });

  it('never goes ahead where the extrapolated count would dip into the reserve', () => {
    fc.assert(
      fc.property(observationArb, fc.double({ min: 0, max: 1, noNaN: true }), (o, rate) => {
        const observation = { limit: o.limit, remaining: Math.max(0, o.limit - o.used), at: 0, othersPerMs: rate };
        const decision = budgetDecision({ observation, now: o.age, reservePercent: 20, callsAhead: callsAheadFor(observation) });
        if (decision.proceed) {
          expect(estimatedRemaining(observation, o.age) - callsAheadFor(observation)).toBeGreaterThanOrEqual(reserveCalls(o.limit, 20));
        }
      }),
    );
  });

  it('keeps 20 % of the limit by default, rounded up', () => {
    expect(reserveCalls(2000, 20)).toBe(400);
    expect(reserveCalls(7, 20)).toBe(2);
    expect(reserveCalls(100, 0)).toBe(0);
  });
});

/** The fake Vault, with every answer reporting these burst headers to the client's onResponse. */
function withBurstHeaders(
  world: UnitWorld,
  burst: { limit: number; remaining: number },
  afterCall?: (operation: string) => void,
) {
  const open = (options: VaultClientOptions, credentials: VaultCredentials): VaultSession => {
    const session = world.vault.openVaultSession(options, credentials);
    const report = (operation: string) =>
      options.onResponse?.({
        host: options.vaultDns,
        operation,
        httpStatus: 200,
        burstLimit: burst.limit,
        burstLimitRemaining: burst.remaining,
        responseDelayMs: undefined,
        errorType: undefined,
      });
    const wrap =
      <A extends unknown[], R>(operation: string, call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        const result = await call(...args);
        afterCall?.(operation);
        report(operation);
        return result;
      };
    return {
      target: session.target,
      mintToken: wrap('mintToken', session.mintToken.bind(session)),
      whoAmI: wrap('whoAmI', session.whoAmI.bind(session)),
      listTokens: wrap('listTokens', session.listTokens.bind(session)),
      revokeTokens: wrap('revokeTokens', session.revokeTokens.bind(session)),
      findSandbox: wrap('findSandbox', session.findSandbox.bind(session)),
      close: session.close.bind(session),
    };
  };
  const handler = rotate({ ...world.deps, openVaultSession: open });
  const invoke = (step: string, arn: string, versionId: string) =>
    handler({ Step: step, SecretId: arn, ClientRequestToken: versionId } as RotationEvent, {} as Context, {
      signal: new AbortController().signal,
    });
  return { invoke, open };
}

describe('a rotation on a Vault near its reserve', () => {
  it('defers before minting with a retryable error naming the reason, leaving a state the next attempt finishes', async () => {
    const world = new UnitWorld();
    const burst = { limit: 100, remaining: 24 };
    const { invoke } = withBurstHeaders(world, burst);
    const { arn } = world.bootstrap();
    const before = world.sm.valueAt(arn, 'AWSCURRENT');
    const versionId = world.sm.startRotation(arn);

    const error = await invoke('createSecret', arn, versionId).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BurstBudgetDeferredError);
    expect(error).toMatchObject({ retryable: true, reason: 'burst-reserve' });
    expect((error as Error).message).toMatch(/^Deferred \(burst-reserve\): Vault .* has about 24 of 100 API calls left.*keeps 20/);
    // The deferral may come after the pre-mint sweep revoked stale tokens: the message must not claim nothing changed.
    expect((error as Error).message).not.toMatch(/Nothing was minted or changed/);
    expect((error as Error).message).toMatch(/No token was minted and the secret was not changed.*may already have been revoked/);
    expect(world.vault.callsTo('mintToken'), 'nothing minted').toEqual([]);
    expect(world.sm.valueAt(arn, 'AWSCURRENT')).toBe(before);
    const deferred = world.logger.lines.filter((line) => line.message === 'Rotation invocation summary');
    expect(deferred.at(-1)).toMatchObject({ level: 'warn', attributes: { outcome: 'deferred', reason: 'burst-reserve' } });

    // Minutes later the window has reset; Secrets Manager's reattempt finishes the same rotation.
    burst.remaining = 100;
    world.vault.now += 6 * 60_000;
    for (const step of STEPS) await invoke(step, arn, versionId);
    world.sm.completeRotation(arn, versionId);
    expect(world.current(arn).tokenId).toBeDefined();
    expect(world.vault.callsTo('mintToken')).toHaveLength(1);
  });

  it('goes ahead while the reserve is untouched', async () => {
    const world = new UnitWorld();
    const { invoke } = withBurstHeaders(world, { limit: 100, remaining: 60 });
    const { arn } = world.bootstrap();
    const versionId = world.sm.startRotation(arn);
    for (const step of STEPS) await invoke(step, arn, versionId);
    world.sm.completeRotation(arn, versionId);
    expect(world.current(arn).tokenId).toBeDefined();
  });
});

describe('after the mint nothing defers', () => {
  it('holds when dispatch runs without the invocation summary: the gate reads the step context, not telemetry', async () => {
    const world = new UnitWorld();
    // The mint's own answer says the Vault is nearly out of calls; the sweep with the new token still has to run.
    const burst = { limit: 100, remaining: 60 };
    const { open } = withBurstHeaders(world, burst, (operation) => {
      if (operation === 'mintToken') burst.remaining = 1;
    });
    const credentialsSecretArn = world.credentialsSecret({ username: 'integration@acme.test', password: 'user-password-123' });
    const { arn, token } = world.bootstrap({ credentialsSecretArn, userId: world.userId });
    token.active = false; // the current token no longer works: housekeeping falls to the new one
    const versionId = world.sm.startRotation(arn);
    const deps = { ...world.deps, openVaultSession: open };
    expect(deps.observer, 'no summary recorder').toBeUndefined();

    const event = { Step: 'createSecret', SecretId: arn, ClientRequestToken: versionId } as RotationEvent;
    await dispatch(event, deps, new AbortController().signal);

    expect(world.vault.callsTo('mintToken')).toHaveLength(1);
    // After the mint the current token could not clean up, so the new one listed this secret's tokens.
    const listsAfterMint = world.vault.calls.slice(world.vault.calls.findIndex((call) => call.operation === 'mintToken'));
    expect(listsAfterMint.some((call) => call.operation === 'listTokens')).toBe(true);
    expect(world.sm.valueAt(arn, 'AWSPENDING')).toBeDefined();
  });
});

describe('the auth-limit deferral', () => {
  it('does not claim nothing changed: a sweep on another session may have revoked stale tokens before the sign-in', () => {
    const message = new AuthLimitDeferredError('main.vault.test', new Error('API_LIMIT_EXCEEDED')).message;
    expect(message).not.toMatch(/Nothing was minted or changed/);
    expect(message).toMatch(/No token was minted and the secret was not changed.*may already have been revoked/);
  });
});
