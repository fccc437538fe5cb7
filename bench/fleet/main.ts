// `npm run bench -- --fleet`: the plan from template.yaml (concurrency bound, memory), the CPU per step measured
// here, then the run on its simulated clock; prints the one line and the cost line.
import path from 'node:path';
import { ROOT } from '../paths.js';
import { fleetCostLine, fleetGoalsMet, fleetLine } from './format.js';
import { benchFleet } from './plan.js';
import { runFleet } from './run-fleet.js';
import { measureStepCpu } from './step-cpu.js';
import { templateFacts } from './template-facts.js';

export async function fleetMain(): Promise<number> {
  const plan = benchFleet(templateFacts(path.join(ROOT, 'template.yaml')));
  console.error(
    `bench: fleet of ${plan.secrets} secrets on ${plan.vaults} Vaults, up to ${plan.concurrency} concurrent invocations, simulated clock…`,
  );
  let report: Awaited<ReturnType<typeof runFleet>>;
  let stepCpuMs: Awaited<ReturnType<typeof measureStepCpu>> | undefined;
  try {
    stepCpuMs = await measureStepCpu();
    report = await runFleet(plan, stepCpuMs);
  } catch (error) {
    console.error(`bench: fleet run failed ${stepCpuMs === undefined ? 'measuring the CPU per step' : 'during the run'}:`);
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    throw error;
  }
  console.log(fleetLine(report));
  console.log(fleetCostLine(report));
  if (report.clockStalls > 0) console.log(`simulated clock: ${report.clockStalls} stalls (a wait it could not see)`);
  if (report.otherFailures.length > 0) console.log(`failures: ${report.otherFailures.slice(0, 3).join(' | ')}`);
  if (!fleetGoalsMet(report)) console.log('fleet goals: MISSED (O = N, F = T = A = S = 0, P ≥ Q)');
  return 0;
}
