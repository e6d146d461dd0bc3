import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { parseTkr } from '../shared/money.ts';
import {
  actionPlans,
  atgardsplanReport,
  changesBetweenDates,
  cliViewer,
  takeUppfoljning,
  updateAtgard,
} from './action-plan.service.ts';

/**
 * The demo's action plan per 31 March 2023 against seed 003 (Åtgärdsplan per 31 mars), whose
 * figures are read here from the seed text itself: the requirements from its prose, the measures'
 * effect this year and full-year effect from its three tables, their totals, and the key figures.
 */
const SEED = readFileSync(
  join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds', '003_e4cad2f7ea9ee544.txt'),
  'utf8',
);
const lines = SEED.split('\n').map((l) => l.trimEnd());
/** The prose with the PDF's line breaks and hyphenations undone. */
const prose = SEED.replace(/-\s*\n\s*/g, '').replace(/\s+/g, ' ');

const number = (text: string) => Number(text.replace(/\s|tkr/g, ''));
const PAIR = /^(\d{1,3}(?: \d{3})*)(?: tkr)? (\d{1,3}(?: \d{3})*)(?: tkr)?(?:\s+(.*))?$/;

interface SeedTable {
  rows: { effektAr: number; helarseffekt: number; statusStart: string }[];
  total: { effektAr: number; helarseffekt: number };
}

/** The measures tables: the lines that begin with two amounts, closed by "Totalt:" and its amounts. */
function seedTables(): SeedTable[] {
  const tables: SeedTable[] = [];
  let rows: SeedTable['rows'] = [];
  let awaitingTotal = false;
  for (const line of lines) {
    const totalLine = line.startsWith('Totalt:');
    const match = PAIR.exec((totalLine ? line.slice('Totalt:'.length) : line).trim());
    if (totalLine) awaitingTotal = true;
    if (!match) continue;
    const pair = { effektAr: number(match[1] ?? ''), helarseffekt: number(match[2] ?? '') };
    if (awaitingTotal) {
      tables.push({ rows, total: pair });
      rows = [];
      awaitingTotal = false;
    } else {
      rows.push({ ...pair, statusStart: (match[3] ?? '').replace(/-$/, '').trim() });
    }
  }
  return tables;
}

/** "har 4,2 miljoner kronor i åtgärdskrav" / "åtgärdskrav som uppgår till 8,3 miljoner kronor" → tkr. */
function seedRequirements(): number[] {
  const found = [
    ...prose.matchAll(
      /(?:har (\d+,\d) miljoner kronor i åtgärdskrav|åtgärdskrav som uppgår till (\d+,\d) miljoner kronor)/g,
    ),
  ];
  return found.map((m) => Math.round(Number((m[1] ?? m[2] ?? '').replace(',', '.')) * 1000));
}

const tkr = (text: string) => {
  const value = parseTkr(text);
  if (value === undefined) throw new Error(text);
  return value;
};

describe.each(ENGINES)('seed 003 from the demo municipality on %s', (engine) => {
  const demo = useDemoDatabase(engine);
  const viewer = cliViewer('test');

  it('has every requirement of the seed, and the measures tables with their totals to the tkr', async () => {
    const report = await atgardsplanReport(demo().db, viewer, { date: '2023-03-31' });
    expect(report.source.kind).toBe('uppfoljning');
    expect(report.verksamheter.map((v) => Number(v.atgardskrav))).toEqual(seedRequirements());
    expect(seedRequirements()).toEqual([4200, 8300, 3200, 3200, 2300, 700, 4100]);
    const withMeasures = report.verksamheter.filter((v) => v.atgarder.length > 0);
    const tables = seedTables();
    expect(tables).toHaveLength(3);
    expect(
      withMeasures.map((v) => ({
        rows: v.atgarder.map((a) => ({
          effektAr: Number(a.effektAr),
          helarseffekt: Number(a.helarseffekt),
        })),
        total: { effektAr: Number(v.summa.effektAr), helarseffekt: Number(v.summa.helarseffekt) },
      })),
    ).toEqual(
      tables.map((t) => ({
        rows: t.rows.map(({ effektAr, helarseffekt }) => ({ effektAr, helarseffekt })),
        total: t.total,
      })),
    );
    // Hemtjänst's measures have a status text (in the demo's own words) where the seed's status
    // column has one, and the first two give the figures that column gives for March.
    const hemtjanst = withMeasures[0];
    expect(hemtjanst?.atgarder.map((a) => a.statustext !== '')).toEqual(
      tables[0]?.rows.map((row) => row.statusStart !== ''),
    );
    const statusFigures = [
      prose.match(/mars uppgår till (\d+,\d) %/)?.slice(1) ?? [],
      prose.match(/uppgår till (\d+,\d)% och (\d+,\d)% till och med mars/)?.slice(1) ?? [],
    ];
    expect(statusFigures).toEqual([['64,6'], ['3,5', '1,4']]);
    statusFigures.forEach((figures, i) => {
      for (const figure of figures) expect(hemtjanst?.atgarder[i]?.statustext).toContain(figure);
    });
  });

  it('computes the gap and keeps the two effects no start month explains as overrides with reasons', async () => {
    const report = await atgardsplanReport(demo().db, viewer, { date: '2023-03-31' });
    const [hemtjanst] = report.verksamheter;
    expect(hemtjanst?.name).toBe('Hemtjänsten');
    expect(hemtjanst?.gap).toEqual({ effektAr: 1450n, helarseffekt: 1450n });
    const assistans = report.verksamheter.find((v) => v.verksamhet === '5112');
    expect(assistans?.gap).toEqual({ effektAr: 2300n - 1239n, helarseffekt: 2300n - 2163n });
    const overrides = report.verksamheter
      .flatMap((v) => v.atgarder)
      .filter((a) => a.effektArOverride)
      .map((a) => [a.title, Number(a.effektAr), Boolean(a.overrideReason)]);
    expect(overrides).toEqual([
      ['Ny ledningsstruktur', 177, true],
      ['Ansökt om förhöjd timersättning/arbetsrutin', 540, true],
    ]);
    // 68, 629 and 222 come from the pro-rata rule, not from overrides.
    const daglig = report.verksamheter.find((v) => v.verksamhet === '5113');
    expect(
      daglig?.atgarder.slice(0, 2).map((a) => [a.start, Number(a.effektAr), a.effektArOverride]),
    ).toEqual([
      ['2023-10', 68, false],
      ['2023-05', 629, false],
    ]);
  });

  it('shows the key figures that steer hemtjänst and särskilt boende as the seed gives them', async () => {
    const report = await atgardsplanReport(demo().db, viewer, { date: '2023-03-31' });
    const seedFigure = (pattern: RegExp) => prose.match(pattern)?.[1]?.replace(',', '.');
    const utforandegrad = seedFigure(
      /perioden januari till och med mars 2023 var (\d+,\d) procent/,
    );
    const [bomtid, avbojda] = (
      prose.match(/uppgår till (\d+,\d)% och (\d+,\d)% till och med mars/) ?? []
    ).slice(1);
    const belaggning = seedFigure(/Beläggning för årets första kvartal uppgår till (\d+,\d)%/);
    const lines = report.verksamheter.flatMap((v) =>
      v.kpis.map((k) => [v.name, k.name, k.outcome, k.target?.text, k.meetsTarget]),
    );
    expect(lines).toEqual([
      ['Hemtjänsten', 'Utförandegrad', utforandegrad, '≥ 70 %', false],
      ['Hemtjänsten', 'Bomtid', bomtid?.replace(',', '.'), '< 5 %', true],
      ['Hemtjänsten', 'Avböjda besök', avbojda?.replace(',', '.'), '< 1 %', false],
      ['Särskilt boende', 'Beläggning', belaggning, '≥ 98 %', false],
    ]);
  });

  it('keeps the follow-up per 31 March as it was, and shows what changed since', async () => {
    const handle = demo();
    const [plan] = await actionPlans(handle.db, viewer, { year: 2023 });
    const measure = plan?.atgarder.find((a) => a.title === 'Utförandegraden');
    if (!measure) throw new Error('no measure');
    await updateAtgard(handle, viewer, measure.id, {
      version: measure.version,
      status: 'genomförd',
      helarseffekt: tkr('3000'),
    });
    const frozen = await atgardsplanReport(handle.db, viewer, { date: '2023-03-31' });
    expect(frozen.verksamheter[0]?.atgarder[0]).toMatchObject({
      status: 'pågående',
      effektAr: 2750n,
    });
    const now = await atgardsplanReport(handle.db, viewer, { date: '2023-08-31' });
    expect(now.source.kind).toBe('live');
    expect(now.verksamheter[0]?.atgarder[0]).toMatchObject({
      status: 'genomförd',
      effektAr: 3000n,
    });
    expect(now.verksamheter[0]?.gap.effektAr).toBe(1200n);
    await takeUppfoljning(handle, viewer, { date: '2023-08-31', name: 'per 31 augusti' });
    const changes = await changesBetweenDates(handle.db, viewer, '2023-03-31', '2023-08-31');
    expect(changes.changes).toEqual([
      {
        kind: 'changed',
        id: measure.id,
        title: 'Utförandegraden',
        plan: 'Hemtjänsten',
        fields: [
          { field: 'helarseffekt', before: tkr('2750'), after: tkr('3000') },
          { field: 'effektAr', before: tkr('2750'), after: tkr('3000') },
          { field: 'status', before: 'pågående', after: 'genomförd' },
        ],
      },
    ]);
    await expect(takeUppfoljning(handle, viewer, { date: '2023-08-31' })).rejects.toThrow(
      /redan en uppföljning/,
    );
    // The year-end follow-up (bokslut) is often dated in the next year: it names its plans' year.
    await takeUppfoljning(handle, viewer, { date: '2024-02-15', name: 'bokslut', year: 2023 });
    const bokslut = await atgardsplanReport(handle.db, viewer, { date: '2024-02-15' });
    expect(bokslut).toMatchObject({ year: 2023, source: { kind: 'uppfoljning', name: 'bokslut' } });
    expect(bokslut.verksamheter[0]?.atgarder[0]).toMatchObject({ status: 'genomförd' });
  });
});
