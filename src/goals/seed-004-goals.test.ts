import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { parseDecimal } from '../kpi/kpi.ts';
import { isAppError } from '../shared/app-error.ts';
import {
  approveAnalysis,
  copyYear,
  maluppfyllelse,
  saveAnalysis,
  setGoalTarget,
  setValue,
  verksamhetsstatistik,
} from './goal.service.ts';

/**
 * The demo municipality's måluppfyllelse and verksamhetsstatistik against seed 004, row by row.
 * The expected figures are parsed here from the seed text itself.
 */
const SEED = readFileSync(
  join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds', '004_f6fb37b018982ebb.txt'),
  'utf8',
);
const lines = SEED.split('\n').map((l) => l.trimEnd());
const between = (from: string, to: string) => {
  const start = lines.findIndex((l) => l.trim() === from);
  const end = lines.findIndex((l, i) => i > start && l.trim() === to);
  if (start === -1 || end === -1) throw new Error(`seed has no "${from}" … "${to}"`);
  return lines.slice(start + 1, end);
};

const decimal = (cell: string) => {
  const value = parseDecimal(cell.replace(/[*%\s]/g, ''));
  if (value === undefined) throw new Error(`not a number in the seed: "${cell}"`);
  return value;
};

/** Statistics rows: name, then the three years' figures (2024, 2023, 2022). */
const statistics = between('Verksamhetsstatistik', 'Måluppfyllelse')
  .map((l) => l.split('\t'))
  .filter((cells) => cells.length === 4 && cells[0] !== '' && /\d/.test(cells[1] ?? ''))
  .map(([name = '', ...values]) => ({
    name: name.replace(/\s*\*$/, ''),
    values: values.map(decimal),
  }));

interface SeedIndicator {
  name: string;
  target: string;
  outcome: string;
  symbol: string;
  previous: string | null;
}

/** Every row of the goal tables: "Sjukfrånvaro  7%  10,74%  ↑", and "(utfall 2023 11,5%)" below. */
const indicators: SeedIndicator[] = (() => {
  const section = between('Måluppfyllelse', 'Uppföljning av nämndens uppdrag till förvaltningen');
  const rows: SeedIndicator[] = [];
  section.forEach((line, at) => {
    if (!/^\tMål 2024\tUtfall 2024\tMåluppfyllelse/.test(line)) return;
    const table: SeedIndicator[] = [];
    let i = at + 1;
    for (; i < section.length && (section[i] ?? '').trim() !== ''; i++) {
      const [name = '', target = '', outcome = '', symbol = ''] = (section[i] ?? '').split('\t');
      table.push({ name, target, outcome, symbol: symbol.trim(), previous: null });
    }
    const after = section.slice(i, i + 3).find((l) => l.trim() !== '') ?? '';
    const previous = /utfall 2023[:,]?\s*([\d,]+)/.exec(after);
    if (previous && table.length === 1 && table[0]) table[0].previous = decimal(previous[1] ?? '');
    rows.push(...table);
  });
  return rows;
})();

describe.each(ENGINES)('seed 004 goals and statistics from the demo on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  it('parses what it compares', () => {
    expect(statistics).toHaveLength(9);
    expect(indicators).toHaveLength(19);
    expect(indicators.filter((i) => i.previous !== null)).toHaveLength(11);
  });

  it('verksamhetsstatistik: every row of the seed, three years', async () => {
    const report = await verksamhetsstatistik(demo().db, 2024);
    expect(report.years).toEqual([2024, 2023, 2022]);
    const rows = report.tables.flatMap((t) => t.rows);
    expect(rows.map((r) => r.name)).toEqual(statistics.map((s) => s.name));
    for (const s of statistics) {
      const row = rows.find((r) => r.name === s.name);
      expect([row?.values['2024'], row?.values['2023'], row?.values['2022']], s.name).toEqual(
        s.values,
      );
    }
    const hours = rows.find((r) => r.name === 'Beviljade timmar hemtjänst');
    expect(hours?.note).toBe('planerade timmar 2024');
  });

  it('måluppfyllelse: every indicator with its target, outcome, symbol and last year', async () => {
    const report = await maluppfyllelse(demo().db, 2024);
    const lines = report.malomraden.flatMap((a) => a.mal.flatMap((g) => g.indikatorer));
    expect(lines.map((l) => l.name)).toEqual(indicators.map((i) => i.name));
    for (const seed of indicators) {
      const line = lines.find((l) => l.name === seed.name);
      const relative = /^(öka|minska)/i.test(seed.target);
      expect(
        {
          target: line?.target,
          targetText: relative ? line?.targetText : undefined,
          outcome: line?.outcome,
          assessment: line?.assessment,
          previous: line?.previous,
        },
        seed.name,
      ).toEqual({
        target: relative ? null : decimal(seed.target),
        targetText: relative ? seed.target : undefined,
        outcome: decimal(seed.outcome),
        assessment: seed.symbol === '' ? null : seed.symbol,
        previous: seed.previous,
      });
    }
  });

  it('keeps fulfilment and trend apart where the seed prints one arrow', async () => {
    const report = await maluppfyllelse(demo().db, 2024);
    const lines = report.malomraden.flatMap((a) => a.mal.flatMap((g) => g.indikatorer));
    const sick = lines.find((l) => l.name === 'Sjukfrånvaro');
    expect(sick).toMatchObject({
      unit: '%',
      target: '7',
      targetText: '7 %',
      outcome: '10.74',
      previous: '11.5',
      fulfilled: false,
      trend: 'improving',
      assessment: '↑',
    });
    const plan = lines.find((l) => l.name === 'Andel individer med aktuell genomförandeplan');
    expect(plan?.footnote).toBe('saknas viss statistik');
    expect(report.malomraden.map((a) => a.name)).toHaveLength(4);
    expect(report.uppdrag).toHaveLength(5);
    expect(report.program.map((p) => p.name)).toContain('ANDTS-program');
  });

  it('computes brukartid from the monthly Time Care hours, and a changed month changes it', async () => {
    const { db } = demo();
    const before = await maluppfyllelse(db, 2024);
    const find = (r: typeof before) =>
      r.malomraden
        .flatMap((a) => a.mal.flatMap((g) => g.indikatorer))
        .find((l) => l.name === 'Direkt och indirekt brukartid');
    expect(find(before)).toMatchObject({ outcome: '73', source: 'formula' });
    // 2 400 more direct hours in January: (87 768 + 2 400) / 120 000 = 75,14 % → 75
    const january = await db
      .selectFrom('indicator_value')
      .select('value')
      .where('indicator_code', '=', 'TC_DIREKT')
      .where('period_from', '=', 202401)
      .executeTakeFirstOrThrow();
    const raised = String(Number(january.value) + 2400);
    await setValue(db, { code: 'TC_DIREKT', period: '2024-01', value: raised, enteredBy: 't' });
    expect(find(await maluppfyllelse(db, 2024))).toMatchObject({ outcome: '75' });
    await setValue(db, {
      code: 'TC_DIREKT',
      period: '2024-01',
      value: january.value,
      enteredBy: 't',
    });
  });

  it('guards analyses with versions and clears an approval when the text changes', async () => {
    const { db } = demo();
    const read = async () =>
      (await maluppfyllelse(db, 2024)).malomraden
        .flatMap((a) => a.mal.flatMap((g) => g.indikatorer))
        .find((l) => l.code === 'HME');
    const first = await read();
    if (first?.version === null || first?.version === undefined) throw new Error('no analysis');
    await approveAnalysis(db, { code: 'HME', year: 2024, version: first.version, by: 'ekonom' });
    const approved = await read();
    expect(approved?.approved).toBe(true);
    const stale = saveAnalysis(db, {
      code: 'HME',
      year: 2024,
      analysis: '<p>Ny text</p><script>x()</script>',
      assessment: '↑',
      version: first.version,
      by: 'chef',
    });
    await expect(stale).rejects.toSatisfy((e) => isAppError(e) && e.code === 'CONFLICT');
    await saveAnalysis(db, {
      code: 'HME',
      year: 2024,
      analysis: '<p>Ny text</p><script>x()</script>',
      assessment: '↑',
      version: approved?.version ?? null,
      by: 'chef',
    });
    expect(await read()).toMatchObject({
      analysis: '<p>Ny text</p>',
      assessment: '↑',
      approved: false,
    });
  });

  it("starts a new year from last year's tree, texts and targets, without outcomes", async () => {
    const { db } = demo();
    expect(await copyYear(db, { from: 2024, to: 2025 })).toMatchObject({
      areas: 4,
      goals: 9,
      keptTargets: [],
    });
    const next = await maluppfyllelse(db, 2025);
    const now = await maluppfyllelse(db, 2024);
    expect(next.malomraden.map((a) => [a.name, a.uppdrag])).toEqual(
      now.malomraden.map((a) => [a.name, a.uppdrag]),
    );
    const lines = next.malomraden.flatMap((a) => a.mal.flatMap((g) => g.indikatorer));
    expect(lines).toHaveLength(19);
    expect(lines.find((l) => l.code === 'SJUKFRANVARO')).toMatchObject({
      target: '7',
      outcome: null,
      previous: '10.74',
      analysis: '',
    });
    expect(next.uppdrag).toHaveLength(5);
    await expect(copyYear(db, { from: 2024, to: 2025 })).rejects.toSatisfy(
      (e) => isAppError(e) && e.code === 'CONFLICT',
    );
  });

  it('copying a year no longer overwrites the targets already set for the new year', async () => {
    const { db } = demo();
    const before = await copyYear(db, { from: 2024, to: 2027 });
    await setGoalTarget(db, { code: 'SJUKFRANVARO', year: 2028, target: '6 %' });
    await setGoalTarget(db, { code: 'HT_NOJD', year: 2028, target: '' });
    const result = await copyYear(db, { from: 2024, to: 2028 });
    expect(result.keptTargets).toEqual(['HT_NOJD', 'SJUKFRANVARO']);
    expect(result.targets).toBe(before.targets - 2);
    const lines = (await maluppfyllelse(db, 2028)).malomraden.flatMap((a) =>
      a.mal.flatMap((g) => g.indikatorer),
    );
    expect(lines.find((l) => l.code === 'SJUKFRANVARO')).toMatchObject({
      target: '6',
      targetText: '6 %',
    });
    expect(lines.find((l) => l.code === 'HT_NOJD')).toMatchObject({ target: null, targetText: '' });
    // The others still come from 2024.
    expect(lines.find((l) => l.code === 'PERSONALOMSATTNING')?.targetText).toBe(
      (await maluppfyllelse(db, 2024)).malomraden
        .flatMap((a) => a.mal.flatMap((g) => g.indikatorer))
        .find((l) => l.code === 'PERSONALOMSATTNING')?.targetText,
    );
  });
});
