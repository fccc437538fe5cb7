// A plain text table: columns padded to their widest cell, two spaces apart, no colours (a pipe gets the same).
// Cells are often server-supplied (token names): each is made one printable line before it is measured.
import { printableLine } from '../shared/printable.js';

export function table(header: readonly string[], raw: readonly (readonly string[])[]): string[] {
  const rows = raw.map((row) => row.map(printableLine));
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
