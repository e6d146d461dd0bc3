import { describe, expect, it } from 'vitest';
import { readTable } from '../files/table-file.ts';
import { runReport } from '../reports/reports.service.ts';
import { csvFile, useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { MONTH_COLUMNS } from './budget.ts';
import { budgetVersions, exportBudget, importBudget, makeCurrent } from './budget.service.ts';

describe.each(ENGINES)('budget templates on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  const load = (
    name: string,
    bytes: Buffer,
    version: string,
    extra: { profile?: string; makeCurrent?: boolean } = {},
  ) =>
    demo().transaction((tx) =>
      importBudget(tx.db, { name, bytes }, { year: 2024, version, ...extra }),
    );

  it('lists every fault with sheet, row and column, and imports nothing', async () => {
    const bad = csvFile([
      'ansvar;verksamhet;konto;ar;belopp',
      '1020;5101;5011;2024;120 000',
      '9999;5101;5011;2024;1000',
      '1020;5101;9999;2024;1000',
      '1020;5101;6410;2024;tolv',
      '1020;5101;5011;2024;5',
      '1020;5101;4610;2023;5',
    ]);
    await expect(load('mall.csv', bad, 'Felaktig')).rejects.toThrow(
      [
        'budgetmallen har 5 fel; inget importerades:',
        'mall.csv, rad 3, kolumn ansvar: okänt ansvar "9999"',
        'mall.csv, rad 4, kolumn konto: okänt konto "9999"',
        'mall.csv, rad 5, kolumn belopp: "tolv" är inte ett belopp',
        'mall.csv, rad 6, kolumn konto: raden upprepar rad 2 (samma ansvar, verksamhet, projekt och konto)',
        'mall.csv, rad 7, kolumn ar: året 2023 är inte 2024',
      ].join('\n  '),
    );
    expect((await budgetVersions(demo().db, 2024)).map((v) => v.name)).toEqual(['SIE']);
    const long = csvFile(['ansvar;konto;manad;belopp', '1020;5011;13;100']);
    await expect(load('manad.csv', long, 'Felaktig')).rejects.toThrow(
      'manad.csv, rad 2, kolumn manad: månaden "13" ligger inte mellan 1 och 12',
    );
  });

  it('spreads yearly amounts by a profile into a new version, and the reports can name it', async () => {
    const summary = await load(
      'ar.csv',
      csvFile([
        'ansvar;verksamhet;konto;belopp;profil',
        '1020;5101;5011;1 200 000;personal',
        '1020;5101;3511;-120000;',
      ]),
      'Revidering',
      { profile: 'tolftedelar' },
    );
    expect(summary).toEqual({
      version: 'Revidering',
      year: 2024,
      isCurrent: false,
      rows: 2,
      cells: 24,
      total: '1080000',
    });
    const report = await runReport(demo().db, 'driftredovisning', {
      year: 2024,
      budgetVersion: 'Revidering',
      throughMonth: 7,
    });
    if (report.report !== 'driftredovisning') throw new Error('wrong report');
    // Jan–Jul of the personal profile: 80+78+82+80+82+90+105 = 597 ‰ of 1 200 tkr, less 7/12 of 120 tkr.
    expect(report.total.budget).toBe(646n);
    await demo().transaction((tx) => makeCurrent(tx.db, 2024, 'Revidering'));
    expect(
      (await budgetVersions(demo().db, 2024)).filter((v) => v.isCurrent).map((v) => v.name),
    ).toEqual(['Revidering']);
    await demo().transaction((tx) => makeCurrent(tx.db, 2024, 'SIE'));
  });

  it('exports the template pre-filled, and reads it back to the same budget', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const bytes = await exportBudget(demo().db, { year: 2024, format });
      const table = await readTable(`budget.${format}`, bytes);
      expect(table.columns).toEqual([
        'ansvar',
        'verksamhet',
        'projekt',
        'konto',
        'ar',
        ...MONTH_COLUMNS,
      ]);
      await load(`budget.${format}`, bytes, `Kopia ${format}`);
      const original = await runReport(demo().db, 'driftredovisning', { year: 2024 });
      const copy = await runReport(demo().db, 'driftredovisning', {
        year: 2024,
        budgetVersion: `Kopia ${format}`,
      });
      expect(copy).toEqual(original);
    }
  });

  it("pre-fills a year without budget with last year's outcome", async () => {
    const bytes = await exportBudget(demo().db, { year: 2025, format: 'csv' });
    const table = await readTable('b.csv', bytes);
    expect(table.rows.length).toBeGreaterThan(100);
    expect(table.rows[0]?.cells['ar']).toBe('2025');
  });
});
