import { describe, expect, it } from 'vitest';
import { csvFile, useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { importClassification, setInvestmentProject } from './classification.service.ts';
import { runReport } from './reports.service.ts';

describe.each(ENGINES)('classification and investments as data on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  it('refuses bad ranges, and warns of accounts a changed classification leaves out', async () => {
    await expect(
      demo().transaction((tx) =>
        importClassification(tx.db, {
          name: 'k.csv',
          bytes: csvFile(['rad;fran;till', 'okand;3;3', 'kostnader;4;70']),
        }),
      ),
    ).rejects.toThrow('k.csv, rad 2, kolumn rad: okänd rapportrad "okand"');
    await demo().transaction((tx) =>
      importClassification(tx.db, {
        name: 'k.csv',
        bytes: csvFile(['rad;fran;till', 'kostnader;4;6', 'kapitalkostnader;79;79']),
      }),
    );
    const report = await runReport(demo().db, 'driftresultat', { year: 2024 });
    expect(report.warnings).toContain(
      'konto 7911 ingår inte i någon rapportrad och är inte med i rapporten',
    );
    await demo().transaction((tx) =>
      importClassification(tx.db, {
        name: 'k.csv',
        bytes: csvFile(['rad;fran;till', 'kostnader;4;7']),
      }),
    );
    const restored = await runReport(demo().db, 'driftresultat', { year: 2024 });
    expect(restored.warnings).toEqual([]);
  });

  it('marks unspent investment money for carry-over to next year', async () => {
    await demo().transaction((tx) =>
      setInvestmentProject(tx.db, { code: 'P2404', carryOverKronor: '100 000' }),
    );
    const report = await runReport(demo().db, 'investeringsredovisning', { year: 2024 });
    if (report.report !== 'investeringsredovisning') throw new Error('wrong report');
    expect(report.rows.find((r) => r.code === 'P2404')).toMatchObject({
      name: 'Fordon 2024',
      bokslut: 0n,
      budget: -100n,
      avvikelse: 100n,
      ombudgetering: 100n,
    });
    expect(report.total.ombudgetering).toBe(100n);
  });
});
