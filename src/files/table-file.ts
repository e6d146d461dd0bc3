import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/**
 * Spreadsheet files (XLSX or CSV) as rows of named cells, for imports and exports of templates:
 * budget, organisation, activity hierarchy. The first row holds the column names.
 */
export type TableFormat = 'xlsx' | 'csv';

export interface TableRow {
  /** The row's number as the spreadsheet shows it (the header is row 1). */
  row: number;
  cells: Record<string, TableCell>;
}

/** A cell's value: text as written, or a number where the spreadsheet stored one. */
export type TableCell = string | number;

export interface TableSheet {
  sheet: string;
  columns: string[];
  rows: TableRow[];
}

export function formatOf(fileName: string): TableFormat {
  return /\.xlsx$/i.test(fileName) ? 'xlsx' : 'csv';
}

function normaliseHeader(text: string): string {
  return text.trim().toLowerCase().replace(/å|ä/g, 'a').replace(/ö/g, 'o').replace(/\s+/g, '_');
}

/** Reads the first sheet of an XLSX file, or a CSV file (separator ; or , as the header shows). */
export async function readTable(fileName: string, bytes: Buffer): Promise<TableSheet> {
  if (formatOf(fileName) === 'csv') {
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = firstLine.includes(';') ? ';' : ',';
    const records: string[][] = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
    });
    const [header = [], ...body] = records;
    const columns = header.map(normaliseHeader);
    const rows: TableRow[] = [];
    body.forEach((record, i) => {
      if (record.every((cell) => cell.trim() === '')) return;
      const cells: Record<string, TableCell> = {};
      columns.forEach((column, c) => (cells[column] = (record[c] ?? '').trim()));
      rows.push({ row: i + 2, cells });
    });
    return { sheet: fileName.split('/').pop() ?? fileName, columns, rows };
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const worksheet = workbook.worksheets[0];
  if (!worksheet) return { sheet: '', columns: [], rows: [] };
  const columns: string[] = [];
  worksheet
    .getRow(1)
    .eachCell(
      { includeEmpty: true },
      (cell, c) => (columns[c - 1] = normaliseHeader(cellText(cell.value))),
    );
  const rows: TableRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Record<string, TableCell> = {};
    columns.forEach((column, c) => {
      const value = row.getCell(c + 1).value;
      cells[column] = typeof value === 'number' ? value : cellText(value).trim();
    });
    if (Object.values(cells).every((v) => v === '')) return;
    rows.push({ row: rowNumber, cells });
  });
  return { sheet: worksheet.name, columns, rows };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value)
      return typeof value.result === 'string' || typeof value.result === 'number'
        ? String(value.result)
        : '';
    if ('text' in value) return value.text;
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return '';
  }
  return String(value);
}

/** Writes rows as an XLSX workbook of one sheet (numbers as numbers) or as CSV (separator ;). */
export async function writeTable(
  format: TableFormat,
  sheet: string,
  columns: readonly string[],
  rows: readonly (readonly TableCell[])[],
): Promise<Buffer> {
  if (format === 'csv') {
    const escape = (cell: TableCell) => {
      const text = String(cell);
      return /[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    return Buffer.from(
      [columns, ...rows].map((r) => r.map(escape).join(';')).join('\r\n') + '\r\n',
      'utf8',
    );
  }
  return writeWorkbook([{ name: sheet, columns, rows }]);
}

/** Several tables as one XLSX workbook, a sheet each (names of at most 31 characters, unique). */
export async function writeWorkbook(
  sheets: readonly {
    name: string;
    columns: readonly string[];
    rows: readonly (readonly TableCell[])[];
  }[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name.slice(0, 31));
    worksheet.addRow([...sheet.columns]).font = { bold: true };
    worksheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of sheet.rows) worksheet.addRow([...row]);
    worksheet.columns.forEach((column) => (column.width = 16));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface CellProblem {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

export function describeProblem(problem: CellProblem): string {
  return `${problem.sheet}, rad ${problem.row}, kolumn ${problem.column}: ${problem.message}`;
}
