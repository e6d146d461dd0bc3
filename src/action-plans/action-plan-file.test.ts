import { describe, expect, it } from 'vitest';
import { csvFile, useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { AppError } from '../shared/app-error.ts';
import { toJson } from '../shared/json.ts';
import { exportAtgarder, importAtgarder } from './action-plan-file.ts';
import { atgardsplanReport, cliViewer } from './action-plan.service.ts';

const HEADER =
  'verksamhet;titel;beskrivning;start;helarseffekt_tkr;effekt_ar_tkr;status;statustext';

describe.each(ENGINES)('the measures spreadsheet on %s', (engine) => {
  const demo = useDemoDatabase(engine);
  const viewer = cliViewer('test');
  const plan = async () =>
    toJson(await atgardsplanReport(demo().db, viewer, { date: '2023-06-30' }));

  it('reads back its own export without changing anything', async () => {
    const before = await plan();
    const bytes = await exportAtgarder(demo().db, viewer, 2023, 'xlsx');
    const summary = await importAtgarder(demo(), viewer, { name: 'atgarder.xlsx', bytes });
    expect(summary).toMatchObject({ rows: 12, created: 0, updated: 0, unchanged: 12 });
    expect(await plan()).toBe(before);
  });

  it('lists every bad row with its row and column, and imports nothing', async () => {
    const before = await plan();
    const file = csvFile([
      HEADER,
      '5101;Ny åtgärd;Beskrivning;2023-13;100;;planerad;', // bad month
      '5101;Annan;;2023-05;hundra;;pågående;', // bad amount
      '9999;Okänd;;2023-05;100;;pågående;', // no requirement
      '5113;Flytt till ny lokal;;2023-11;270;;klar;', // bad status
      'Hemtjänsten;Helt ny;;2023-09;120;;planerad;', // good (by the plan's name)
    ]);
    const error = await importAtgarder(demo(), viewer, { name: 'atgarder.csv', bytes: file }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    const refused = error as AppError;
    expect(refused.code).toBe('TEMPLATE_REFUSED');
    expect(refused.problems?.map((p) => [p.row, p.column])).toEqual([
      [2, 'start'],
      [3, 'helarseffekt_tkr'],
      [4, 'verksamhet'],
      [5, 'status'],
    ]);
    expect(refused.message).toMatch(/atgarder\.csv: 4 fel; inget importerades/);
    expect(refused.message).toMatch(
      /rad 4, kolumn verksamhet: verksamheten "9999" har inget åtgärdskrav för 2023/,
    );
    expect(await plan()).toBe(before);
    const missing = await importAtgarder(demo(), viewer, {
      name: 'fel.csv',
      bytes: csvFile(['verksamhet;titel;start', '5101;X;2023-01']),
    }).catch((e: unknown) => e);
    expect((missing as AppError).problems?.map((p) => p.column)).toEqual([
      'beskrivning',
      'helarseffekt_tkr',
      'status',
      'statustext',
    ]);
  });

  it('adds new measures and changes those of the same title, overrides kept visible with a reason', async () => {
    const summary = await importAtgarder(demo(), viewer, {
      name: 'mars.csv',
      bytes: csvFile([
        HEADER,
        'Hemtjänsten;Nattpatrull i egen regi;Egen personal i stället för köpt;2023-09;120;;planerad;',
        '5113;Flytt till ny lokal;Verksamheten ska flytta till Björnkullaringen, planerat från april 2023.;2023-10;270;90;pågående;Flytten blev av',
      ]),
    });
    expect(summary).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
    const report = await atgardsplanReport(demo().db, viewer, { date: '2023-06-30' });
    const hemtjanst = report.verksamheter.find((v) => v.verksamhet === '5101');
    expect(hemtjanst?.atgarder.at(-1)).toMatchObject({
      title: 'Nattpatrull i egen regi',
      effektAr: 40n, // 120 × 4/12
      effektArOverride: false,
    });
    expect(hemtjanst?.summa.effektAr).toBe(2790n);
    const flytt = report.verksamheter
      .find((v) => v.verksamhet === '5113')
      ?.atgarder.find((a) => a.title === 'Flytt till ny lokal');
    expect(flytt).toMatchObject({
      effektAr: 90n,
      effektArOverride: true,
      overrideReason: 'angiven i mars.csv, rad 3',
      status: 'pågående',
    });
  });
});
