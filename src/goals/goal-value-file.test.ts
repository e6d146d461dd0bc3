import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvFile } from '../../test/demo-db.ts';
import { ENGINES, openTestDb } from '../../test/test-db.ts';
import type { BalansDb } from '../db/database.ts';
import { isAppError } from '../shared/app-error.ts';
import { importIndikatorvarden } from './goal-value-file.ts';
import { defineIndicator, defineSeries, outcomes, findIndicators } from './goal.service.ts';

describe.each(ENGINES)('the value file on %s', (engine) => {
  let handle: BalansDb;
  beforeAll(async () => {
    handle = await openTestDb(engine);
    await defineIndicator(handle.db, {
      code: 'SJUK',
      name: 'Sjukfrånvaro',
      unit: '%',
      decimals: 2,
      direction: 'lower',
    });
    await defineIndicator(handle.db, { code: 'UTF', name: 'Utförd tid', unit: 'timmar' });
    await defineIndicator(handle.db, { code: 'ARB', name: 'Arbetad tid', unit: 'timmar' });
    await defineIndicator(handle.db, {
      code: 'UTFGRAD',
      name: 'Utförandegrad',
      unit: '%',
      decimals: 1,
      formula: '100 * UTF / ARB',
    });
    await defineSeries(handle.db, {
      code: 'BESLUT',
      name: 'Antal beslut',
      unit: 'antal',
      aggregation: 'summa',
      tableTitle: 'IFO',
      sort: 0,
      note: '',
    });
  });
  afterAll(() => handle.close());

  it('lists every bad cell with its row and column and imports nothing', async () => {
    const file = csvFile([
      'kod;enhet;period;värde;källa;fotnot',
      'SJUK;;2024;10,74;Personec;',
      'OKAND;XX;2024-13;abc;;',
      'UTFGRAD;;2024;64,6;;',
      'SJUK;;2024;11;Personec;',
    ]);
    const refused = await importIndikatorvarden(
      handle.db,
      { name: 'varden.csv', bytes: file },
      't',
    ).catch((e: unknown) => e);
    if (!isAppError(refused)) throw new Error('not refused');
    expect(refused.problems?.map((p) => `${p.row}:${p.column}`)).toEqual([
      '3:kod',
      '3:enhet',
      '3:period',
      '3:varde',
      '4:kod',
      '5:period',
    ]);
    const rows = await handle.db.selectFrom('indicator_value').selectAll().execute();
    expect(rows).toHaveLength(0);
  });

  it('stores year and month values of indicators and series; a formula reads the months', async () => {
    const summary = await importIndikatorvarden(
      handle.db,
      {
        name: 'timecare.csv',
        bytes: csvFile([
          'kod;enhet;period;värde;källa;fotnot',
          'SJUK;;2024;10,74;Personec;* saknas viss statistik',
          'UTF;;2024-01;646;Time Care;',
          'UTF;;2024-02;600,5;Time Care;',
          'ARB;;2024-01;1000;Time Care;',
          'ARB;;2024-02;1000;Time Care;',
          'BESLUT;;2024;78;Verksamhetssystemet;',
        ]),
      },
      'ekonom',
    );
    expect(summary).toMatchObject({ indicatorValues: 5, seriesValues: 1 });
    const result = await outcomes(handle.db, await findIndicators(handle.db), 2024);
    expect(result.get('SJUK')).toEqual({
      value: '10.74',
      footnote: '* saknas viss statistik',
      source: 'Personec',
    });
    // (646 + 600,5) / 2 000 = 62,325 % → 62,3
    expect(result.get('UTFGRAD')?.value).toBe('62.3');
    expect(result.get('UTF')?.value).toBeNull();
  });
});
