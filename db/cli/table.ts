import { printableCell } from './printable.ts';

/** Prints rows as aligned columns under a header (CLIs and benchmarks); cells are made printable first. */
export function printTable(header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows].map((row) => row.map(printableCell));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  console.log(line(cells[0]!));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of cells.slice(1)) console.log(line(row));
}
