import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableBlock } from '../document-model.ts';
import { renderDocument } from './index.ts';
import { documentTables, fixtureDocument } from './render.fixture.ts';
import { sheetName } from './xlsx.ts';

let workbook: ExcelJS.Workbook;

beforeAll(async () => {
  const rendered = await renderDocument(fixtureDocument, 'xlsx');
  expect(rendered.extension).toBe('xlsx');
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(rendered.bytes) as unknown as ArrayBuffer);
});

describe('renderDocument as XLSX', () => {
  it('puts every table on a sheet of its own, numbers as exact numbers', () => {
    const tables = documentTables(fixtureDocument);
    expect(workbook.worksheets).toHaveLength(tables.length);
    tables.forEach((table, t) => {
      const sheet = workbook.worksheets[t];
      if (sheet === undefined) throw new Error(`no sheet for ${table.id}`);
      expect(sheet.name.length).toBeLessThanOrEqual(31);
      expect(sheet.getRow(2).getCell(1).value).toBe(table.columns[0]?.header);
      expect(sheet.getRow(2).getCell(1).font.bold).toBe(true);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      table.rows.forEach((row, r) => {
        row.cells.forEach((cell, c) => {
          const value = sheet.getRow(r + 3).getCell(c + 1).value;
          if (cell === null) expect(value).toBeNull();
          else if (typeof cell === 'string') expect(value).toBe(cell);
          else expect(value).toBe(Number(cell.n));
        });
      });
    });
  });

  it('keeps a value exact and shows it the Swedish way', () => {
    const sheet = workbook.worksheets[0];
    const cell = sheet?.getRow(4).getCell(5);
    expect(cell?.value).toBe(64.6);
    expect(cell?.numFmt).toBe('#,##0.0"\u00a0%";"\u2212"#,##0.0"\u00a0%"');
    expect(sheet?.getRow(5).getCell(3).value).toBe(38750.5);
    expect(sheet?.getRow(5).getCell(3).numFmt).toBe('#,##0;"\u2212"#,##0');
  });

  it('names the workbook after the document', () => {
    expect(workbook.title).toBe('Förvaltningsberättelse – Årsbokslut 2024');
  });
});

describe('sheetName', () => {
  const table = (caption: string): TableBlock => ({
    kind: 'table',
    id: 'id-1',
    caption,
    columns: [],
    rows: [],
  });

  it('cuts at 31 characters, drops what Excel refuses and makes names unique', () => {
    const taken = new Set<string>();
    const long = 'Kostnader per verksamhet: budget/utfall [tkr] för hela året';
    const first = sheetName(table(long), taken);
    const second = sheetName(table(long), taken);
    expect(first).toBe('Kostnader per verksamhet budget');
    expect(second).toBe('Kostnader per verksamhet bu (2)');
    expect(second.length).toBeLessThanOrEqual(31);
    expect(sheetName(table('***'), taken)).toBe('id-1');
  });
});
