// Medians over repeated runs, and the interleaving that keeps ours and its reference under the same conditions.

export interface Sample {
  readonly median: number;
  readonly runs: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function sampleOf(values: readonly number[]): Sample {
  return { median: median(values), runs: values.length };
}

/**
 * Runs every measurement in turn, `runs` rounds, after one discarded warm-up of each (file cache, JIT of the harness)
 * unless told not to.
 * The order rotates every round so none always goes first.
 */
export async function interleavedAll(
  runs: number,
  measures: readonly (() => Promise<number>)[],
  options: { warmUp?: boolean } = {},
): Promise<Sample[]> {
  // Instruction counts need no warm-up (the file cache changes no count), and each costs seconds under valgrind.
  if (options.warmUp ?? true) for (const measure of measures) await measure();
  const values: number[][] = measures.map(() => []);
  for (let round = 0; round < runs; round += 1) {
    for (let turn = 0; turn < measures.length; turn += 1) {
      const which = (round + turn) % measures.length;
      values[which]?.push(await (measures[which] as () => Promise<number>)());
    }
  }
  return values.map(sampleOf);
}

/** Two measurements interleaved: ours (`a`) and its reference (`b`). */
export async function interleaved(
  runs: number,
  a: () => Promise<number>,
  b: () => Promise<number>,
): Promise<{ a: Sample; b: Sample }> {
  const [sampleA, sampleB] = await interleavedAll(runs, [a, b]);
  return { a: sampleA as Sample, b: sampleB as Sample };
}
