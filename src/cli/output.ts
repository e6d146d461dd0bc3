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

/**
 * JSON whose amounts are exact decimal numbers: values given as `{ decimal: "-1234.56" }` are
 * written as the number -1234.56 without ever being a JavaScript float.
 */
export interface JsonDecimal {
  decimal: string;
}

export function toJson(value: unknown): string {
  const decimals: string[] = [];
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') {
        // Whole numbers (tkr, öre) are exact JSON numbers, never passed through a float.
        decimals.push(v.toString());
        return `\u0000${decimals.length - 1}\u0000`;
      }
      if (
        v !== null &&
        typeof v === 'object' &&
        'decimal' in v &&
        typeof (v as JsonDecimal).decimal === 'string'
      ) {
        decimals.push((v as JsonDecimal).decimal);
        return `\u0000${decimals.length - 1}\u0000`;
      }
      return v;
    },
    2,
  );
  return text.replace(/"\\u0000(\d+)\\u0000"/g, (_m, i: string) => decimals[Number(i)] ?? 'null');
}
