import { stringify } from 'csv-stringify/sync';

export type OutputFormat = 'json' | 'csv' | 'table';

/** A column of a printed table: its header and, for numbers, right alignment. */
export interface Column {
  key: string;
  header: string;
  align?: 'left' | 'right';
}

/** Rows as a terminal table with a header line. */
export function formatTable(
  columns: readonly Column[],
  rows: readonly Record<string, string>[],
): string {
  const widths = columns.map((c) =>
    Math.max(c.header.length, ...rows.map((r) => (r[c.key] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        columns[i]?.align === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => r[c.key] ?? ''))),
  ].join('\n');
}

export function formatCsv(
  columns: readonly Column[],
  rows: readonly Record<string, string>[],
): string {
  return stringify([
    columns.map((c) => c.key),
    ...rows.map((r) => columns.map((c) => r[c.key] ?? '')),
  ]);
}
