import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { parseDecimal } from '../kpi/kpi.ts';
import type { BoardDocument, Cell, Section, TableBlock } from './document-model.ts';
import { boardDocument, openDocument, type DocumentViewer } from './document.service.ts';

/**
 * The demo's årsbokslut 2024 and åtgärdsplan per 2023-03-31 as documents, against the tables of
 * seeds 004 and 003: every table's figures in the seed's order, read here from the seed files.
 */
const seed = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds', name), 'utf8')
    .split('\n')
    .map((l) => l.replace(/<[^>]+>/g, '').trimEnd());
const SEED_004 = seed('004_f6fb37b018982ebb.txt');
const SEED_003 = seed('003_e4cad2f7ea9ee544.txt');

/** "- 34 867" → "-34867"; "10,74%" → "10.74". */
function seedNumber(cell: string): string {
  const text = parseDecimal(cell.replace(/[\s\u00a0*%]|tkr/g, ''));
  if (text === undefined) throw new Error(`not a number in the seed: "${cell}"`);
  return text;
}

function tableAfter(heading: string, stop: (line: string) => boolean): string[][] {
  const start = SEED_004.findIndex((l) => l.startsWith(heading));
  if (start === -1) throw new Error(`seed has no "${heading}"`);
  const rows: string[][] = [];
  for (const line of SEED_004.slice(start + 1)) {
    if (line.trim() === '') continue;
    rows.push(line.split('\t'));
    if (stop(line)) break;
  }
  return rows;
}

function tables(sections: readonly Section[]): TableBlock[] {
  return sections.flatMap((s) => [
    ...s.blocks.flatMap((b) => (b.kind === 'table' ? [b] : [])),
    ...tables(s.sections),
  ]);
}

const numbers = (cells: readonly Cell[]) =>
  cells.flatMap((c) => (c !== null && typeof c === 'object' ? [c.n] : []));

function table(doc: BoardDocument, id: string): TableBlock {
  const found = tables(doc.sections).find((t) => t.id === id);
  if (!found) throw new Error(`the document has no table ${id}`);
  return found;
}

const controller: DocumentViewer = { username: 'ekonom', role: 'controller' };

describe.each(ENGINES)('the seeds as documents from the demo on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  async function arsbokslut() {
    const info = await openDocument(demo(), controller, { type: 'arsbokslut', year: 2024 });
    return boardDocument(demo().db, controller, info.id);
  }

  it('årsbokslut 2024: every table of seed 004, with its figures, in the seed’s order', async () => {
    const doc = await arsbokslut();
    const expected: { id: string; rows: string[][] }[] = [];
    // Verksamhetsstatistik: the rows with figures, across its tables.
    const statStart = SEED_004.findIndex((l) => l === 'Verksamhetsstatistik');
    const statEnd = SEED_004.findIndex((l, i) => i > statStart && l === 'Måluppfyllelse');
    const statRows = SEED_004.slice(statStart, statEnd)
      .map((l) => l.split('\t'))
      .filter((c) => c.length === 4 && c[0] !== '' && /\d/.test(c[1] ?? ''))
      .map((c) => c.slice(1).map(seedNumber));
    const driftresultat = tableAfter('(tkr)\tBokslut 2023', (l) => l.startsWith('Resultat'));
    const drift = tableAfter('Verksamhet\tUtfall\tBudget\tAvvikelse', (l) => l.startsWith('Summa'));
    const split = tableAfter('Redovisning verksamhet 51*', (l) => l.startsWith('Summa'));
    const analysStart = SEED_004.findIndex((l) => l.startsWith('Verksamhetsanalys driftbudget'));
    const analys = SEED_004.slice(analysStart)
      .map((l) => l.split('\t'))
      .filter((c) => c[1] === 'Intäkt' || c[1] === 'Kostnad')
      .slice(0, 14)
      .map((c) =>
        c
          .slice(2)
          .filter((x) => x.trim() !== '')
          .map(seedNumber),
      );
    const netto = tableAfter('(tkr)\tBokslut 2024\tBudget 2024\tAvvikelse', () => true);
    const projects = tableAfter('Projekt\tBokslut 2024', (l) => l.startsWith('Skrivare')).filter(
      (c) => c.length >= 4 && c[1] !== '',
    );
    expected.push(
      { id: 'driftresultat', rows: driftresultat.map((c) => c.slice(1, 5).map(seedNumber)) },
      { id: 'driftredovisning', rows: drift.map((c) => c.slice(1, 4).map(seedNumber)) },
      { id: 'sarredovisning-51', rows: split.map((c) => c.slice(1, 4).map(seedNumber)) },
      { id: 'verksamhetsanalys', rows: analys },
      { id: 'investeringar-netto', rows: netto.map((c) => c.slice(1, 4).map(seedNumber)) },
      { id: 'investeringsanalys', rows: projects.map((c) => c.slice(1, 4).map(seedNumber)) },
    );
    const all = tables(doc.sections);
    const statTables = all.filter((t) => t.id.startsWith('statistik-'));
    expect(statTables.flatMap((t) => t.rows.map((r) => numbers(r.cells)))).toEqual(statRows);
    for (const { id, rows } of expected)
      expect({ id, rows: table(doc, id).rows.map((r) => numbers(r.cells)) }).toEqual({ id, rows });
    // The labels of the tables whose rows the seed names, as the seed names them.
    expect(table(doc, 'driftredovisning').rows.map((r) => r.cells[0])).toEqual(
      drift.map((c) => c[0]),
    );
    expect(table(doc, 'sarredovisning-51').rows.map((r) => r.cells[0])).toEqual(
      split.map((c) => c[0]),
    );
    expect(table(doc, 'investeringsanalys').rows.map((r) => r.cells[0])).toEqual(
      projects.map((c) => c[0]),
    );
    // In the seed's order: statistics, goals, result, accounts, 51, analysis, investments.
    const order = ['statistik-1', 'driftresultat', 'driftredovisning', 'sarredovisning-51']
      .concat(['verksamhetsanalys', 'investeringar-netto', 'investeringsanalys'])
      .map((id) => all.findIndex((t) => t.id === id));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const goalIndex = all.findIndex((t) => t.id.startsWith('mal-'));
    expect(goalIndex).toBeGreaterThan(order[0] ?? 0);
    expect(goalIndex).toBeLessThan(order[1] ?? 0);
  });

  it('årsbokslut 2024: every goal table’s outcome of seed 004, in order', async () => {
    const doc = await arsbokslut();
    const start = SEED_004.findIndex((l) => l === 'Måluppfyllelse');
    const end = SEED_004.findIndex((l) => l.startsWith('Uppföljning av nämndens uppdrag'));
    const outcomes: string[] = [];
    const section = SEED_004.slice(start, end);
    section.forEach((line, at) => {
      if (!line.startsWith('\tMål 2024\tUtfall 2024')) return;
      for (let i = at + 1; i < section.length && (section[i] ?? '').trim() !== ''; i++)
        outcomes.push(seedNumber((section[i] ?? '').split('\t')[2] ?? ''));
    });
    const goalRows = tables(doc.sections)
      .filter((t) => t.id.startsWith('mal-'))
      .flatMap((t) => t.rows);
    const actual = goalRows.map((r) => {
      const cell = r.cells[2];
      return cell !== null && typeof cell === 'object' ? cell.n : null;
    });
    expect(actual.map((n) => (n === null ? null : Number(n)))).toEqual(outcomes.map(Number));
  });

  it('åtgärdsplan per 2023-03-31: the measures tables of seed 003 with their totals', async () => {
    const info = await openDocument(demo(), controller, {
      type: 'atgardsplan',
      asOf: '2023-03-31',
    });
    const doc = await boardDocument(demo().db, controller, info.id);
    const PAIR = /^(\d{1,3}(?: \d{3})*)(?: tkr)? (\d{1,3}(?: \d{3})*)(?: tkr)?(?:\s+.*)?$/;
    const seedTables: string[][][] = [];
    let rows: string[][] = [];
    let awaitingTotal = false;
    for (const line of SEED_003) {
      const total = line.startsWith('Totalt:');
      const match = PAIR.exec((total ? line.slice('Totalt:'.length) : line).trim());
      if (total) awaitingTotal = true;
      if (!match) continue;
      const pair = [seedNumber(match[1] ?? ''), seedNumber(match[2] ?? '')];
      rows.push(pair);
      if (awaitingTotal) {
        seedTables.push(rows);
        rows = [];
        awaitingTotal = false;
      }
    }
    expect(seedTables.length).toBeGreaterThan(0);
    const measures = tables(doc.sections).filter((t) => t.id.startsWith('atgarder-'));
    // Each measures table: the measures, then Totalt (Kvar att täcka follows, not in the seed's table).
    expect(
      measures.map((t) =>
        t.rows.filter((r) => r.cells[0] !== 'Kvar att täcka').map((r) => numbers(r.cells)),
      ),
    ).toEqual(seedTables);
  });
});
