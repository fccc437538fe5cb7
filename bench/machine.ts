// The machine a run's figures came from (the README quotes it next to them), and how busy it was: timings taken
// while other work competes for the cores are noisy, and the reader should know.
import { arch, cpus, loadavg, platform, totalmem } from 'node:os';
import type { BenchNode } from './node24.js';

/** The machine, and which Node ran what: the timed children on `timed` (Node 24), the harness on the running Node. */
export function machineLine(timed?: BenchNode): string {
  const cores = cpus();
  const model = cores[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  const memoryGb = (totalmem() / 1024 ** 3).toFixed(1);
  const nodes =
    timed === undefined
      ? `Node ${process.version}`
      : `measured processes on Node ${timed.version}, harness on Node ${process.version}`;
  return `${model}, ${cores.length} cores, ${memoryGb} GB RAM, ${nodes}, ${platform()} ${arch()}`;
}

export function loadAverage(): number {
  return loadavg()[0] ?? 0;
}

/** "1-minute load average 0.4 at start, 0.9 at end" plus a warning when other work competed for the cores. */
export function loadLine(atStart: number, atEnd: number): string {
  const cores = cpus().length;
  const busy = Math.max(atStart, atEnd) > cores * 0.75;
  return `1-minute load average ${atStart.toFixed(1)} at start, ${atEnd.toFixed(1)} at end${
    busy ? ` — the ${cores} cores were busy with other work, so timed figures are noisier than usual` : ''
  }.`;
}
