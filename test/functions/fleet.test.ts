// The fleet run in small (bench/fleet, TEST_FLEET): tens of secrets on three Vaults, one of them with a burst limit
// too small for one window, a shared password credentials secret per Vault, a tight sign-in limit, four containers
// and a manual clock (deterministic: time moves only when every rotation waits for Secrets Manager's reattempt).
// `npm run bench -- --fleet` runs the thousand-secret version.
import { describe, expect, it } from 'vitest';
import { TEST_FLEET } from '../../bench/fleet/plan.js';
import { runFleet } from '../../bench/fleet/run-fleet.js';
import { fleetGoalsMet } from '../../bench/fleet/format.js';

describe('a small fleet rotated at once', () => {
  it('rotates every secret within the window without throttling or auth-limit refusals, keeping the reserve', async () => {
    const report = await runFleet(TEST_FLEET);
    expect(report.otherFailures).toEqual([]);
    expect(report).toMatchObject({ rotated: TEST_FLEET.secrets, failed: 0, late: 0, throttledResponses: 0, authLimitRefusals: 0 });
    expect(report.lowestBurstRemainingPercent).toBeGreaterThanOrEqual(TEST_FLEET.reservePercent);
    expect(fleetGoalsMet(report)).toBe(true);
    // The tight Vault needed more than one window: rotations were deferred and reattempted, not pushed through.
    expect(report.deferrals).toBeGreaterThan(0);
    expect(report.simulatedMs).toBeGreaterThanOrEqual(TEST_FLEET.reattemptDelayMs);
    // Warm containers reused password sessions: fewer sign-ins than rotations that mint with shared credentials.
    expect(report.signIns).toBeLessThan(report.sharedCredentialsSecrets);
    expect(report.warmInvocations).toBeGreaterThan(0);
    // One summary line per invocation, none with a token or password in it.
    expect(report.summaries).toHaveLength(report.invocations);
    const text = JSON.stringify(report.summaries);
    expect(text).not.toMatch(/veeva-vault-|fleet-minter-password/);
    expect(new Set(report.summaries.map((s) => s.outcome))).toEqual(new Set(['succeeded', 'deferred']));
  });
});
