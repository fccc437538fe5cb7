// The fleet run in small (bench/fleet, TEST_FLEET): tens of secrets on three Vaults, one of them with a burst limit
// too small for one window, other integrations' traffic on every Vault, a shared password credentials secret per
// Vault, a tight sign-in limit, Secrets Manager's quotas, four containers at most, and the simulated clock (time moves
// only by the modelled waits, so the figures do not depend on the machine's load). `npm run bench -- --fleet` runs
// the thousand-secret version.
import { describe, expect, it } from 'vitest';
import { TEST_FLEET } from '../../bench/fleet/plan.js';
import { type FleetReport, runFleet } from '../../bench/fleet/run-fleet.js';
import { fleetGoalsMet, fleetLine } from '../../bench/fleet/format.js';

describe('a small fleet rotated at once', () => {
  let first: FleetReport;

  it('rotates every secret within the window without throttling or auth-limit refusals, keeping the reserve', async () => {
    const report = await runFleet(TEST_FLEET);
    first = report;
    expect(report.otherFailures).toEqual([]);
    expect(report).toMatchObject({
      offered: TEST_FLEET.secrets,
      rotated: TEST_FLEET.secrets,
      failed: 0,
      late: 0,
      throttledResponses: 0,
      authLimitRefusals: 0,
      secretsManagerThrottles: 0,
      clockStalls: 0,
    });
    // The lowest point includes the other integrations' traffic up to the end of each burst window.
    expect(report.lowestBurstRemainingPercent).toBeGreaterThanOrEqual(TEST_FLEET.reservePercent);
    expect(fleetGoalsMet(report)).toBe(true);
    // Four containers for thirty secrets: the excess invocations were throttled and retried, and none failed for it.
    expect(report.containers).toBe(TEST_FLEET.concurrency);
    expect(report.lambdaThrottles).toBeGreaterThan(0);
    // The tight Vault needed more than one window: rotations were deferred and reattempted, not pushed through.
    expect(report.deferrals).toBeGreaterThan(0);
    expect(report.simulatedMs).toBeGreaterThanOrEqual(TEST_FLEET.reattemptDelayMs);
    // Warm containers reused password sessions: fewer sign-ins than rotations that mint with shared credentials.
    expect(report.signIns).toBeLessThan(report.sharedCredentialsSecrets);
    // One summary line per invocation, none with a token or password in it.
    expect(report.summaries).toHaveLength(report.invocations);
    const text = JSON.stringify(report.summaries);
    expect(text).not.toMatch(/veeva-vault-|fleet-minter-password/);
    expect(new Set(report.summaries.map((s) => s.outcome))).toEqual(new Set(['succeeded', 'deferred']));
    expect(fleetLine(report)).toMatch(
      /^fleet: 30 secrets on 3 Vaults · 30 offered at once, up to 4 concurrent invocations · 30 rotated, 0 failed · lowest burst remaining \d+\.\d% \(reserve 20%\) · 0 delayed or throttled Vault responses · 0 auth-limit refusals · 0 Secrets Manager throttles · \d+ Lambda throttles$/,
    );
  });

  it('gives the same figures when run again: the clock does not follow the machine', async () => {
    const again = await runFleet(TEST_FLEET);
    // Simultaneous wake-ups go by rotation and request order, not by the order the machine delivered them.
    expect(fleetLine(again)).toBe(fleetLine(first));
    expect(again.simulatedMs).toBe(first.simulatedMs);
    expect(again.deferrals).toBe(first.deferrals);
  });
});
