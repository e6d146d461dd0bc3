import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { runReport } from './reports.service.ts';

/**
 * The demo municipality's reports against seed 004 (Förvaltningsberättelse, Årsbokslut 2024),
 * cell by cell. The expected figures are parsed here from the seed text itself.
 */
const SEED = readFileSync(
  join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds', '004_f6fb37b018982ebb.txt'),
  'utf8',
);
const seedLines = SEED.split('\n').map((l) => l.replace(/<[^>]+>/g, '').trimEnd());

/** "- 34 867" → -34867 (the seed writes minus signs and thousands with spaces). */
function tkr(cell: string): number {
  const text = cell.replace(/[\s\u00a0]/g, '');
  if (!/^-?\d+$/.test(text)) throw new Error(`not a number in the seed: "${cell}"`);
  return Number(text);
}

function tableAfter(heading: string, stop: (line: string) => boolean): string[][] {
  const start = seedLines.findIndex((l) => l.startsWith(heading));
  if (start === -1) throw new Error(`seed has no "${heading}"`);
  const rows: string[][] = [];
  for (const line of seedLines.slice(start + 1)) {
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    rows.push(cells);
    if (stop(line)) break;
  }
  return rows;
}

describe.each(ENGINES)('seed 004 from the demo municipality on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  it('Driftresultat årsbokslut', async () => {
    const seed = tableAfter('(tkr)\tBokslut 2023', (l) => l.startsWith('Resultat'));
    const report = await runReport(demo().db, 'driftresultat', { year: 2024 });
    if (report.report !== 'driftresultat') throw new Error('wrong report');
    const actual = report.rows.map((r) =>
      [r.bokslutForegaende, r.bokslut, r.budget, r.avvikelse].map(Number),
    );
    expect(actual).toEqual(seed.map((cells) => cells.slice(1, 5).map(tkr)));
    expect(report.rows.map((r) => r.label.toLowerCase())).toEqual(
      seed.map((cells) => (cells[0] ?? '').trim().toLowerCase()),
    );
  });

  it('Driftredovisning 2024 and its särredovisning of 51', async () => {
    const top = tableAfter('Verksamhet\tUtfall\tBudget\tAvvikelse', (l) => l.startsWith('Summa'));
    const split = tableAfter('Redovisning verksamhet 51*', (l) => l.startsWith('Summa'));
    const report = await runReport(demo().db, 'driftredovisning', { year: 2024 });
    if (report.report !== 'driftredovisning') throw new Error('wrong report');
    const rows = report.rows.map((r) => [
      `${r.code} ${r.name}`,
      ...[r.utfall, r.budget, r.avvikelse].map(Number),
    ]);
    const total = [report.total.utfall, report.total.budget, report.total.avvikelse].map(Number);
    expect([...rows, ['Summa', ...total]]).toEqual(
      top.map(([name = '', ...cells]) => [name, ...cells.map(tkr)]),
    );
    const children = report.rows.find((r) => r.code === '51')?.children ?? [];
    const fiftyOne = report.rows.find((r) => r.code === '51');
    expect([
      ...children.map((c) => [c.name, ...[c.utfall, c.budget, c.avvikelse].map(Number)]),
      ['Summa', ...[fiftyOne?.utfall, fiftyOne?.budget, fiftyOne?.avvikelse].map(Number)],
    ]).toEqual(split.map(([name = '', ...cells]) => [name, ...cells.map(tkr)]));
  });

  it('splits any node into its children: 51 on its own gives the särredovisning and its sum', async () => {
    const whole = await runReport(demo().db, 'driftredovisning', { year: 2024 });
    const node = await runReport(demo().db, 'driftredovisning', { year: 2024, node: '51' });
    if (whole.report !== 'driftredovisning' || node.report !== 'driftredovisning')
      throw new Error('wrong report');
    const fiftyOne = whole.rows.find((r) => r.code === '51');
    expect(node.rows).toEqual(fiftyOne?.children);
    expect(node.total).toEqual({
      utfall: fiftyOne?.utfall,
      budget: fiftyOne?.budget,
      avvikelse: fiftyOne?.avvikelse,
    });
  });

  it('Verksamhetsanalys: income, cost and net deviation per activity', async () => {
    const start = seedLines.findIndex((l) => l.startsWith('Verksamhetsanalys driftbudget 2024'));
    const seed: number[][] = [];
    for (let i = start; i < seedLines.length && seed.length < 7; i++) {
      const income = seedLines[i]?.split('\t') ?? [];
      if (income[1] !== 'Intäkt') continue;
      const cost = seedLines[i + 1]?.split('\t') ?? [];
      seed.push([
        tkr(income[2] ?? ''),
        tkr(income[3] ?? ''),
        tkr(cost[2] ?? ''),
        tkr(cost[3] ?? ''),
        tkr(income[4] ?? ''),
      ]);
    }
    const report = await runReport(demo().db, 'verksamhetsanalys', { year: 2024 });
    if (report.report !== 'verksamhetsanalys') throw new Error('wrong report');
    expect(
      report.rows.map((r) =>
        [
          r.intakt.utfall,
          r.intakt.budget,
          r.kostnad.utfall,
          r.kostnad.budget,
          r.nettoavvikelse,
        ].map(Number),
      ),
    ).toEqual(seed);
  });

  it('Investeringsanalys 2024 and the Nettoutgifter line', async () => {
    const projects = tableAfter('Projekt\tBokslut 2024', (l) => l.startsWith('Skrivare')).filter(
      (cells) => cells.length >= 4 && cells[1] !== '',
    );
    const net = tableAfter('(tkr)\tBokslut 2024\tBudget 2024\tAvvikelse', () => true)[0] ?? [];
    const report = await runReport(demo().db, 'investeringsredovisning', { year: 2024 });
    if (report.report !== 'investeringsredovisning') throw new Error('wrong report');
    expect(
      report.rows.map((r) => [r.name, ...[r.bokslut, r.budget, r.avvikelse].map(Number)]),
    ).toEqual(projects.map(([name = '', ...cells]) => [name, ...cells.slice(0, 3).map(tkr)]));
    expect([report.total.bokslut, report.total.budget, report.total.avvikelse].map(Number)).toEqual(
      net.slice(1, 4).map(tkr),
    );
  });
});
