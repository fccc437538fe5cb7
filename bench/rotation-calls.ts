// 4. API calls per steady-state rotation, per step and in total, Secrets Manager and Vault apart, next to the
// protocol's minimum (bench/minimum-calls.ts). Counted at the servers: the simulator's request log and the stand-in's.
import type { RotationRecord, StepCalls } from './child/protocol.js';
import { ratioText, verdict } from './format.js';
import type { MeasurementResult } from './measurement.js';
import { MINIMUM_CALLS, minimumCount, minimumMarkdown } from './minimum-calls.js';
import type { Row } from './table.js';

/** Issue 18: at most 4 Vault calls per steady-state rotation (Vault's burst budget is the scarce resource). */
export const VAULT_CALLS_GOAL = 4;
/** The rotation the brief names: the 3rd of a secret, after the bootstrap rotation. */
const FIRST_CANDIDATE = 3;

export const MINIMUM_SM = MINIMUM_CALLS.reduce((sum, step) => sum + minimumCount(step, 'Secrets Manager'), 0);
export const MINIMUM_VAULT = MINIMUM_CALLS.reduce((sum, step) => sum + minimumCount(step, 'Vault'), 0);

/** The calls of a rotation, step by step (not their CPU time, which differs every time). */
const signature = (record: RotationRecord) =>
  JSON.stringify(record.steps.map(({ step, secretsManager, vault }) => ({ step, secretsManager, vault })));

/**
 * The steady-state rotations: from the first rotation at or after the 3rd whose calls every later rotation repeats
 * exactly. Fewer than two such rotations means no steady state was seen (reported, not hidden).
 */
export function steadyRotations(records: readonly RotationRecord[]): RotationRecord[] {
  for (let start = 0; start < records.length; start += 1) {
    const candidate = records[start] as RotationRecord;
    if (candidate.index < FIRST_CANDIDATE) continue;
    const rest = records.slice(start);
    if (rest.every((record) => signature(record) === signature(candidate))) return rest;
  }
  return records.slice(-1);
}

function count(steps: readonly StepCalls[], service: 'secretsManager' | 'vault'): number {
  return steps.reduce((sum, step) => sum + step[service].length, 0);
}

export function measureCalls(records: readonly RotationRecord[]): MeasurementResult {
  const steady = steadyRotations(records);
  const sample = steady[0] as RotationRecord;
  const range = `rotations ${sample.index}–${steady.at(-1)?.index}, n=${steady.length}, all identical`;
  const rows: Row[] = MINIMUM_CALLS.map((minimum) => {
    const step = sample.steps.find((s) => s.step === minimum.step);
    const sm = step?.secretsManager.length ?? 0;
    const vault = step?.vault.length ?? 0;
    const least = minimumCount(minimum, 'Secrets Manager') + minimumCount(minimum, 'Vault');
    return {
      measurement: `4. API calls: ${minimum.step} (SM + Vault)`,
      ours: `${sm} + ${vault}`,
      reference: `${minimumCount(minimum, 'Secrets Manager')} + ${minimumCount(minimum, 'Vault')} (minimum)`,
      // setSecret's minimum is no call at all: equal is 1.00×, anything more has no finite ratio.
      ratio: least === 0 ? (sm + vault === 0 ? ratioText(1) : '∞') : ratioText((sm + vault) / least),
      goal: '—',
      met: 'n/a',
    };
  });
  const sm = count(sample.steps, 'secretsManager');
  const vault = count(sample.steps, 'vault');
  rows.push({
    measurement: '4. API calls per steady-state rotation',
    ours: `${sm} SM + ${vault} Vault = ${sm + vault} (${range})`,
    reference: `${MINIMUM_SM} + ${MINIMUM_VAULT} = ${MINIMUM_SM + MINIMUM_VAULT} (minimum)`,
    ratio: ratioText((sm + vault) / (MINIMUM_SM + MINIMUM_VAULT)),
    goal: `≤ ${VAULT_CALLS_GOAL} Vault`,
    met: verdict(vault, VAULT_CALLS_GOAL),
  });
  return { rows, notes: callNotes(records, steady), details: minimumMarkdown() };
}

function callNotes(records: readonly RotationRecord[], steady: readonly RotationRecord[]): string[] {
  const sample = steady[0] as RotationRecord;
  const notes = [`Calls of steady-state rotation ${sample.index}, each service in order: ${describeSteps(sample)}.`];
  if (steady.length < 2) notes.push('No steady state was seen: the last rotations still differ in their calls.');
  const third = records.find((record) => record.index === FIRST_CANDIDATE);
  if (third !== undefined && signature(third) !== signature(sample)) {
    notes.push(
      `Rotation ${FIRST_CANDIDATE} is not steady yet (${count(third.steps, 'secretsManager')} + ${count(third.steps, 'vault')} calls: ${describeSteps(third)}), so the counts come from rotation ${sample.index} on.`,
    );
  }
  const perStep = MINIMUM_CALLS.map(
    (step) => `${step.step} ${minimumCount(step, 'Secrets Manager')} + ${minimumCount(step, 'Vault')}`,
  );
  notes.push(
    `Minimum per step (SM + Vault): ${perStep.join(', ')}; each call's reason is below and in bench/minimum-calls.ts.`,
  );
  return notes;
}

function describeSteps(record: RotationRecord): string {
  return record.steps
    .map((step) => `${step.step}: SM [${step.secretsManager.join(', ')}] + Vault [${step.vault.join(', ')}]`)
    .join('; ');
}
