import ExcelJS from 'exceljs';
import type { Block, BoardDocument, Section, TableBlock } from '../document-model.ts';
import { isNumberCell } from './number-format.ts';

/**
 * Every table of the document (a chart's table too) on a sheet of its own, numbers as numbers so
 * they can be summed; the Swedish look comes from the number format, the value stays exact.
 */

const MAX_SHEET_NAME = 31;

function collectTables(sections: Section[]): TableBlock[] {
  const fromBlock = (block: Block): TableBlock[] =>
    block.kind === 'table' ? [block] : block.kind === 'chart' ? [block.table] : [];
  return sections.flatMap((section) => [
    ...section.blocks.flatMap(fromBlock),
    ...collectTables(section.sections),
  ]);
}

/** The caption, without the characters Excel refuses, cut to 31, made unique with " (2)". */
export function sheetName(table: TableBlock, taken: Set<string>): string {
  const clean =
    table.caption
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || table.id;
  const base =
    clean
      .replace(/^'+|'+$/g, '')
      .slice(0, MAX_SHEET_NAME)
      .trim() || table.id;
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i += 1) {
    const tail = ` (${i})`;
    name = base.slice(0, MAX_SHEET_NAME - tail.length).trimEnd() + tail;
  }
  taken.add(name.toLowerCase());
  return name;
}

function quoteFormat(text: string): string {
  return `"${text.replace(/"/g, '')}"`;
}

/** "#,##0.0" with the suffix quoted and a true minus sign: Swedish Excel shows "−1 234,5 %". */
export function numberFormat(decimals: number, suffix: string | undefined): string {
  const base = decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
  const tail =
    suffix === undefined || suffix === '' ? '' : quoteFormat(suffix === '%' ? '\u00a0%' : suffix);
  return `${base}${tail};${quoteFormat('\u2212')}${base}${tail}`;
}

function decimalsOf(n: string): number {
  const dot = n.indexOf('.');
  return dot < 0 ? 0 : n.length - dot - 1;
}

function addTableSheet(workbook: ExcelJS.Workbook, table: TableBlock, name: string): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  const title = sheet.getCell(1, 1);
  title.value = table.unit === undefined ? table.caption : `${table.caption} (${table.unit})`;
  title.font = { bold: true, size: 13 };
  const header = sheet.getRow(2);
  table.columns.forEach((column, c) => {
    const cell = header.getCell(c + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: column.align === 'right' ? 'right' : 'left' };
    cell.border = { bottom: { style: 'thin' } };
  });
  table.rows.forEach((row, r) => {
    const sheetRow = sheet.getRow(r + 3);
    table.columns.forEach((column, c) => {
      const value = row.cells[c] ?? null;
      const cell = sheetRow.getCell(c + 1);
      if (isNumberCell(value)) {
        const number = Number(value.n);
        if (Number.isFinite(number)) {
          cell.value = number;
          cell.numFmt = numberFormat(value.decimals ?? decimalsOf(value.n), value.suffix);
        } else cell.value = value.n;
      } else if (value !== null) cell.value = value;
      cell.alignment = {
        horizontal: column.align === 'right' ? 'right' : 'left',
        indent: c === 0 && row.level === 1 ? 2 : undefined,
      };
      if (row.emphasis !== undefined) cell.font = { bold: true };
      if (row.emphasis === 'total') cell.border = { top: { style: 'thin' } };
      if (row.emphasis === 'group')
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF1F5' } };
    });
  });
  const notesStart = table.rows.length + 4;
  (table.notes ?? []).forEach((note, i) => (sheet.getCell(notesStart + i, 1).value = note));
  table.columns.forEach((column, c) => {
    const longest = Math.max(
      column.header.length,
      ...table.rows.map((row) => {
        const value = row.cells[c] ?? null;
        return isNumberCell(value) ? value.n.length + 4 : (value ?? '').length;
      }),
    );
    sheet.getColumn(c + 1).width = Math.min(Math.max(longest + 2, 10), 60);
  });
}

export async function renderXlsx(doc: BoardDocument): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.title = doc.title;
  workbook.subject = doc.subtitle;
  workbook.creator = 'Balans';
  // The document's own date, not the clock: the same document gives the same file.
  const asOf = new Date(`${doc.asOf.slice(0, 10)}T00:00:00Z`);
  if (!Number.isNaN(asOf.getTime())) {
    workbook.created = asOf;
    workbook.modified = asOf;
  }
  const taken = new Set<string>();
  for (const table of collectTables(doc.sections))
    addTableSheet(workbook, table, sheetName(table, taken));
  if (workbook.worksheets.length === 0)
    workbook.addWorksheet('Dokument').getCell(1, 1).value = doc.title;
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
