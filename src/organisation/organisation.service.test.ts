import { describe, expect, it } from 'vitest';
import { importActivities } from '../reports/activity.service.ts';
import { runReport } from '../reports/reports.service.ts';
import { csvFile, useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { exportOrganisation, findOrgUnits, importOrganisation } from './organisation.service.ts';

describe.each(ENGINES)('organisation and activity hierarchy on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  it('refuses a faulty organisation file, listing each fault, and keeps the tree it had', async () => {
    const before = await findOrgUnits(demo().db);
    const bad = csvFile([
      'kod;namn;niva;overordnad',
      'SOC;Socialförvaltningen;forvaltning;',
      'VOO;Vård och omsorg;verksamhetsområde;SOC',
      'X;Okänd nivå;sektion;SOC',
      '9999;;ansvar;VOO',
      '1020;;ansvar;SAKNAS',
      'E1;Enhet;enhet;1020',
      'VOO;Igen;verksamhetsomrade;SOC',
    ]);
    await expect(
      demo().transaction((tx) => importOrganisation(tx.db, { name: 'org.csv', bytes: bad })),
    ).rejects.toThrow(
      [
        'organisationsfilen har 6 fel; inget importerades:',
        'org.csv, rad 4, kolumn niva: nivån "sektion" är inte en av forvaltning, verksamhetsomrade, enhet, ansvar',
        'org.csv, rad 5, kolumn kod: okänt ansvar "9999"',
        'org.csv, rad 5, kolumn namn: namnet saknas',
        'org.csv, rad 8, kolumn kod: koden "VOO" finns redan på rad 3',
        'org.csv, rad 6, kolumn overordnad: den överordnade "SAKNAS" finns inte i filen',
        'org.csv, rad 7, kolumn overordnad: en enhet kan inte ligga under en ansvar',
      ].join('\n  '),
    );
    expect(await findOrgUnits(demo().db)).toEqual(before);
  });

  it('exports the tree and imports it back unchanged; the report per verksamhetsområde adds up', async () => {
    const before = await findOrgUnits(demo().db);
    for (const format of ['xlsx', 'csv'] as const) {
      const bytes = await exportOrganisation(demo().db, format);
      await demo().transaction((tx) => importOrganisation(tx.db, { name: `org.${format}`, bytes }));
      expect(await findOrgUnits(demo().db)).toEqual(before);
    }
    const report = await runReport(demo().db, 'driftredovisning', {
      year: 2024,
      by: 'verksamhetsomrade',
    });
    if (report.report !== 'driftredovisning') throw new Error('wrong report');
    expect(report.rows.map((r) => r.code)).toEqual(['FS', 'IFO', 'STAB', 'VOO']);
    expect(report.total).toEqual({ utfall: 331_882n, budget: 318_803n, avvikelse: -13_079n });
  });

  it('lets a hierarchy file move an activity, and refuses a cycle', async () => {
    await expect(
      demo().transaction((tx) =>
        importActivities(tx.db, {
          name: 'v.csv',
          bytes: csvFile(['kod;namn;overordnad', '51;;5101', '5101;;51']),
        }),
      ),
    ).rejects.toThrow(
      'v.csv, rad 2, kolumn overordnad: "51" hamnar under sig själv (en cirkel i hierarkin)',
    );
    await demo().transaction((tx) =>
      importActivities(tx.db, {
        name: 'v.csv',
        bytes: csvFile(['kod;namn;overordnad', '5109;Bostadsanpassning;92']),
      }),
    );
    const report = await runReport(demo().db, 'driftredovisning', { year: 2024 });
    if (report.report !== 'driftredovisning') throw new Error('wrong report');
    const row = (code: string) => report.rows.find((r) => r.code === code);
    expect(row('92')?.children.map((c) => [c.code, c.utfall])).toEqual([
      ['5109', 1_529n],
      ['92', 57_297n],
    ]);
    expect(row('51')?.utfall).toBe(251_612n - 1_529n);
  });
});
