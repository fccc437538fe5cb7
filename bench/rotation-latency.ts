// 5. Rotation wall time with 50 ms injected on every Vault and Secrets Manager answer, against the sum of the
// unavoidable round trips (the protocol minimum × 50 ms). Times come from the same steady-state rotations as 4.
import type { RotationRecord } from './child/protocol.js';
import { missedBy, msSample, ratioText, verdict } from './format.js';
import type { MeasurementResult } from './measurement.js';
import { MINIMUM_SM, MINIMUM_VAULT, steadyRotations } from './rotation-calls.js';
import { sampleOf } from './stats.js';

export const LATENCY_MS = 50;
export const LATENCY_GOAL = 1.2;

export function measureLatency(records: readonly RotationRecord[]): MeasurementResult {
  const steady = steadyRotations(records);
  const wall = sampleOf(steady.map((record) => record.wallMs));
  const minimumCalls = MINIMUM_SM + MINIMUM_VAULT;
  const floorMs = minimumCalls * LATENCY_MS;
  const ratio = wall.median / floorMs;
  const ourCalls = (steady[0]?.steps ?? []).reduce((sum, s) => sum + s.secretsManager.length + s.vault.length, 0);
  const notes = [
    `With ${LATENCY_MS} ms per answer, our own ${ourCalls} calls alone cost ${ourCalls * LATENCY_MS} ms; the rest of the ${wall.median.toFixed(0)} ms is the Lambda's own work, the SDK and loopback HTTP.`,
  ];
  if (ratio > LATENCY_GOAL) notes.push(`Rotation wall time missed the goal ${missedBy(ratio, LATENCY_GOAL)}.`);
  return {
    rows: [
      {
        measurement: `5. Rotation wall time, ${LATENCY_MS} ms per call`,
        ours: msSample(wall),
        reference: `${floorMs} ms (${minimumCalls} calls × ${LATENCY_MS} ms)`,
        ratio: ratioText(ratio),
        goal: `≤ ${LATENCY_GOAL}×`,
        met: verdict(ratio, LATENCY_GOAL),
      },
    ],
    notes,
  };
}
