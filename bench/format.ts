// How figures read in the table: sizes in KB, times in ms, each median with its run count, ratios against goals.
import type { Sample } from './stats.js';
import type { Verdict } from './table.js';

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export const msSample = (sample: Sample): string => `${sample.median.toFixed(1)} ms (median, n=${sample.runs})`;

export const mbSample = (sample: Sample): string => `${sample.median.toFixed(1)} MB (median, n=${sample.runs})`;

export const ratioText = (ratio: number): string => `${ratio.toFixed(2)}×`;

export function verdict(value: number, limit: number): Verdict {
  return value <= limit ? 'yes' : 'MISSED';
}

/** "by 12% (1.29× against ≤ 1.15×)" — how far a missed ratio is from its goal. */
export function missedBy(ratio: number, limit: number): string {
  return `by ${((ratio / limit - 1) * 100).toFixed(0)}% (${ratioText(ratio)} against ≤ ${limit}×)`;
}
