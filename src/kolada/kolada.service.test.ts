import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readCsvMunicipalities,
  readCsvValues,
  sickLeave,
  startKoladaServer,
  type CsvValue,
  type KoladaTestServer,
} from '../../test/kolada-server.ts';
import { ENGINES, openTestDb } from '../../test/test-db.ts';
import type { BalansDb } from '../db/database.ts';
import { defineIndicator, outcomes } from '../goals/goal.service.ts';
import { findIndicators } from '../goals/goal.repository.ts';
import { parseDecimal } from '../kpi/kpi.ts';
import { isAppError } from '../shared/app-error.ts';
import { createKoladaClient } from './kolada.client.ts';
import {
  applyKoladaOutcomes,
  fetchKolada,
  koladaValue,
  koladaValues,
  searchKolada,
  setKoladaSetting,
} from './kolada.service.ts';

/**
 * Written for these tests, not Kolada's: Askersund's sick leave with the genders split, a year
 * Kolada has no value for (null with its status), and a value with more digits than a float holds.
 */
const EXTRA: CsvValue[] = [
  sickLeave(2024, '10.7'),
  sickLeave(2024, '11.95', { gender: 'K' }),
  sickLeave(2024, '6.0', { gender: 'M' }),
  sickLeave(2023, ''),
  sickLeave(2024, '123456789.123456789', { municipality: '0180' }),
];

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (isAppError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('not refused');
}

describe.each(ENGINES)('the Kolada connector on %s', (engine) => {
  let handle: BalansDb;
  let kolada: KoladaTestServer;
  beforeAll(async () => {
    handle = await openTestDb(engine);
    kolada = await startKoladaServer({ pageSize: 5, extra: EXTRA });
  });
  afterAll(async () => {
    await kolada.close();
    await handle.close();
  });

  it('stores every value of the asked KPIs, municipalities and years exactly, page by page', async () => {
    // Every municipality (kommun) of Kolada's list: 290 ids, so 12 requests of at most 25.
    const municipalities = readCsvMunicipalities()
      .filter((m) => m.type === 'K')
      .map((m) => m.id);
    expect(municipalities.length).toBeGreaterThan(25);
    const years = [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022];
    const kpis = ['N03702', 'N03703', 'N00945'];
    const client = createKoladaClient({ baseUrl: kolada.url });
    const before = kolada.requests.length;
    const summary = await fetchKolada(handle, client, { kpis, municipalities, years });
    const requests = kolada.requests.slice(before);
    const dataRequests = requests.filter((r) => r.includes('/data/'));
    expect(dataRequests.filter((r) => !r.includes('page=')).length).toBe(12);
    expect(dataRequests.some((r) => r.includes('page=2'))).toBe(true);

    const expected = readCsvValues().filter(
      (v) =>
        kpis.includes(v.kpi) && municipalities.includes(v.municipality) && years.includes(v.year),
    );
    expect(expected.length).toBeGreaterThan(100);
    expect(summary.values).toBe(expected.length);
    expect(summary.warnings).toEqual([]);
    for (const kpi of kpis) {
      const stored = await koladaValues(handle.db, { kpi });
      const wanted = expected.filter((v) => v.kpi === kpi);
      expect(stored.length).toBe(wanted.length);
      const byKey = new Map(stored.map((s) => [`${s.municipality}/${s.year}/${s.gender}`, s]));
      for (const v of wanted) {
        const s = byKey.get(`${v.municipality}/${v.year}/${v.gender}`);
        expect({ ...v, value: s?.value, source: s?.source }).toEqual({
          ...v,
          value: parseDecimal(v.value),
          source: 'Källa: Kolada',
        });
      }
    }
    // The first value of the N00945 file, exactly as Kolada wrote it.
    const stockholm = await koladaValue(handle.db, {
      kpi: 'N00945',
      municipality: '0180',
      year: 2013,
    });
    expect(stockholm?.value).toBe(
      readCsvValues().find(
        (v) => v.kpi === 'N00945' && v.municipality === '0180' && v.year === 2013,
      )?.value,
    );
  });

  it('keeps missing values with their status, every gender, and digits no float holds', async () => {
    const client = createKoladaClient({ baseUrl: kolada.url });
    await setKoladaSetting(handle.db, { own: '1882', peers: '0180' });
    const summary = await fetchKolada(handle, client, { kpis: ['N00090'], years: [2023, 2024] });
    expect(summary.municipalities).toEqual(['1882', '0180']);
    expect(summary.missing).toBe(1);
    const values = await koladaValues(handle.db, { kpi: 'N00090', municipalities: ['1882'] });
    expect(
      values.map(({ year, gender, value, status, count }) => ({
        year,
        gender,
        value,
        status,
        count,
      })),
    ).toEqual([
      { year: 2023, gender: 'T', value: null, status: 'Saknas', count: 0 },
      { year: 2024, gender: 'T', value: '10.7', status: null, count: 1 },
      { year: 2024, gender: 'K', value: '11.95', status: null, count: 1 },
      { year: 2024, gender: 'M', value: '6', status: null, count: 1 },
    ]);
    const big = await koladaValue(handle.db, { kpi: 'N00090', municipality: '0180', year: 2024 });
    expect(big?.value).toBe('123456789.123456789');
  });

  it('warns when Kolada changed a KPI’s title or definition since the last fetch', async () => {
    const client = createKoladaClient({ baseUrl: kolada.url });
    const query = { kpis: ['N00090'], municipalities: ['1882'], years: [2024] };
    expect((await fetchKolada(handle, client, query)).warnings).toEqual([]);
    kolada.redefine('N00090', { title: 'Sjukfrånvaro bland anställda, kommun, andel (%)' });
    const [warning, ...others] = (await fetchKolada(handle, client, query)).warnings;
    expect(others).toEqual([]);
    expect(warning).toMatch(
      /^N00090: Kolada har ändrat titeln sedan hämtningen \d{4}-\d{2}-\d{2}: "Sjukfrånvaro totalt bland anställda, kommun, andel \(%\)" → "Sjukfrånvaro bland anställda, kommun, andel \(%\)"/,
    );
    kolada.redefine('N00090', { description: 'En ny definition.' });
    expect((await fetchKolada(handle, client, query)).warnings).toEqual([
      expect.stringMatching(/^N00090: Kolada har ändrat definitionen/),
    ]);
    expect((await fetchKolada(handle, client, query)).warnings).toEqual([]);
  });

  it('searches the stored metadata offline, and Kolada’s when asked', async () => {
    const offline = await searchKolada(handle, 'sjukfrånvaro');
    expect(offline.kpis.map((k) => k.id)).toEqual(['N00090']);
    const online = await searchKolada(handle, 'hemtjänst', {
      client: createKoladaClient({ baseUrl: kolada.url }),
    });
    expect(online.kpis.length).toBeGreaterThan(5);
    expect(online.kpis.every((k) => /hemtjänst/i.test(k.title + k.description))).toBe(true);
    // Stored: found again without Kolada.
    expect((await searchKolada(handle, 'hemtjänst')).kpis.length).toBe(online.kpis.length);
  });

  it('makes the own municipality’s values the outcomes of the indicators linked to a KPI', async () => {
    await defineIndicator(handle.db, {
      code: 'SJUK',
      name: 'Sjukfrånvaro',
      unit: '%',
      source: 'kolada',
      koladaKpi: 'N00090',
      decimals: 1,
      direction: 'lower',
    });
    await defineIndicator(handle.db, {
      code: 'SJUK_K',
      name: 'Sjukfrånvaro, kvinnor',
      source: 'kolada',
      koladaKpi: 'N00090',
      koladaGender: 'K',
    });
    await setKoladaSetting(handle.db, { own: '1882', peers: '0180' });
    const fetchedAt = new Date('2026-11-30T08:00:00Z');
    const summary = await fetchKolada(
      handle,
      createKoladaClient({ baseUrl: kolada.url }),
      { kpis: ['N00090'], years: [2023, 2024] },
      fetchedAt,
    );
    expect(summary.indicatorValues).toBe(2);
    const indicators = await findIndicators(handle.db, ['SJUK', 'SJUK_K']);
    const year2024 = await outcomes(handle.db, indicators, 2024);
    expect(year2024.get('SJUK')).toEqual({ value: '10.7', footnote: '', source: 'Källa: Kolada' });
    expect(year2024.get('SJUK_K')?.value).toBe('11.95');
    // 2023: Kolada has no value for Askersund, so the indicator has no outcome from it.
    expect((await outcomes(handle.db, indicators, 2023)).get('SJUK')?.value).toBeNull();
    const again = await handle.transaction((tx) => applyKoladaOutcomes(tx.db, { years: [2023] }));
    expect(again).toEqual({
      applied: [],
      missing: [{ indicator: 'SJUK', kpi: 'N00090', year: 2023, status: 'Saknas' }],
    });
    const stored = await handle.db
      .selectFrom('indicator_value')
      .select(['entered_at', 'entered_by'])
      .where('indicator_code', '=', 'SJUK')
      .executeTakeFirstOrThrow();
    expect([new Date(stored.entered_at).toISOString(), stored.entered_by]).toEqual([
      fetchedAt.toISOString(),
      'kolada',
    ]);
  });

  it('refuses bad answers, naming the URL and what was wrong, and stores nothing', async () => {
    const query = { kpis: ['N00945'], municipalities: ['1280'], years: [2005] };
    const fetchFrom = (baseUrl: string, timeoutMs?: number) =>
      refusal(
        fetchKolada(
          handle,
          createKoladaClient({ baseUrl, ...(timeoutMs === undefined ? {} : { timeoutMs }) }),
          query,
        ),
      );
    const url = (fault: Parameters<KoladaTestServer['faulty']>[0]) =>
      `${kolada.faulty(fault)}/data/kpi/N00945/municipality/1280/year/2005`;
    expect(await fetchFrom(kolada.faulty('bad-status'))).toBe(
      `UPSTREAM_FAILED: Kolada (${url('bad-status')}): svarade med status 503 Service Unavailable i stället för 200`,
    );
    expect(await fetchFrom(kolada.faulty('not-json'))).toBe(
      `UPSTREAM_FAILED: Kolada (${url('not-json')}): svaret är inte JSON (text/html): "<html><body>Underhåll pågår</body></html>"`,
    );
    expect(await fetchFrom(kolada.faulty('wrong-shape'))).toMatch(
      `UPSTREAM_FAILED: Kolada (${url('wrong-shape')}): svaret har inte den form som API v3 har: values.0.period:`,
    );
    expect(await fetchFrom(kolada.faulty('other-host'))).toMatch(
      `UPSTREAM_FAILED: Kolada (${url('other-host')}): next_url pekar på en annan adress (http://kolada.example.org`,
    );
    expect(await fetchFrom(kolada.faulty('loop'))).toMatch(
      /^UPSTREAM_FAILED: Kolada \(http:\/\/127\.0\.0\.1:\d+\/loop\/v3\/data\/kpi\/N00945\/municipality\/1280\/year\/2005\?page=2&per_page=5\): next_url leder tillbaka till en sida som redan hämtats/,
    );
    expect(await fetchFrom(kolada.faulty('slow'), 200)).toBe(
      `UPSTREAM_FAILED: Kolada (${url('slow')}): svarade inte inom 0.2 s; försök igen senare`,
    );
    expect(await fetchFrom('http://127.0.0.1:9/v3')).toMatch(
      /^UPSTREAM_FAILED: Kolada \(http:\/\/127\.0\.0\.1:9\/v3\/kpi\/N00945\): kunde inte nås/,
    );
    expect(
      await refusal(
        fetchKolada(handle, createKoladaClient({ baseUrl: kolada.url }), {
          ...query,
          kpis: ['X99999'],
        }),
      ),
    ).toMatch(/^NOT_FOUND: X99999: finns inte i Kolada/);
    expect(
      await koladaValues(handle.db, { kpi: 'N00945', municipalities: ['1280'], years: [2005] }),
    ).toEqual([]);
  });
});
