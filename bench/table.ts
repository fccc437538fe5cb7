// The one table the benchmark prints: measurement, ours, reference, ratio, goal, met? — as aligned text for the
// terminal and as Markdown for the README.

export type Verdict = 'yes' | 'MISSED' | 'n/a' | 'ERROR';

export interface Row {
  readonly measurement: string;
  readonly ours: string;
  readonly reference: string;
  readonly ratio: string;
  readonly goal: string;
  readonly met: Verdict;
}

const HEADER = ['measurement', 'ours', 'reference', 'ratio', 'goal', 'met?'] as const;

function cells(row: Row): string[] {
  return [row.measurement, row.ours, row.reference, row.ratio, row.goal, row.met];
}

export function textTable(rows: readonly Row[]): string {
  const all = [HEADER.slice(), ...rows.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...all.map((line) => (line[column] ?? '').length)));
  const line = (values: string[]) =>
    values
      .map((value, column) => value.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(all[0] as string[]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

export function markdownTable(rows: readonly Row[]): string {
  const escapePipes = (value: string) => value.replaceAll('|', '\\|');
  const line = (values: readonly string[]) => `| ${values.map(escapePipes).join(' | ')} |`;
  return [line(HEADER), line(HEADER.map(() => '---')), ...rows.map((row) => line(cells(row)))].join('\n');
}

export function errorRow(measurement: string, error: unknown): Row {
  const message = error instanceof Error ? error.message : String(error);
  return { measurement, ours: `ERROR: ${message.split('\n')[0]}`, reference: '', ratio: '', goal: '', met: 'ERROR' };
}
