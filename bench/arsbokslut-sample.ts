import type { BoardDocument, Section, TableBlock } from '../src/documents/document-model.ts';

/**
 * A board document shaped like a full årsbokslut for bench/document-bench.ts: about 15 sections
 * (three of them under Verksamhetsanalys), 12 tables of 10–60 rows with totals and child rows,
 * 2 charts and 40 paragraphs of Swedish-looking text. Seeded: every run renders the same document.
 */

/** A seeded sequence, so every run renders the same document. */
function numbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const random = numbers(2024);
const WORDS =
  'nämnden verksamheten budgeten utfallet placeringar hemtjänst äldreomsorg öppenvård ' +
  'bemanning kostnaderna ökade minskade jämfört med föregående år avvikelsen beror främst på ' +
  'högre volymer inom individ- och familjeomsorgen samt lägre intäkter från statsbidrag';

function sentence(): string {
  const words = WORDS.split(' ');
  const length = 10 + Math.floor(random() * 14);
  const picked = Array.from({ length }, () => words[Math.floor(random() * words.length)] ?? 'och');
  const text = picked.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

let paragraphs = 0;
function text(count: number): { kind: 'text'; html: string } {
  paragraphs += count;
  const parts = Array.from({ length: count }, (_, i) =>
    i === 1
      ? `<p>${sentence()} <strong>${sentence()}</strong></p><ul><li>${sentence()}</li><li>${sentence()}</li></ul>`
      : `<p>${sentence()} <em>${sentence()}</em> ${sentence()}</p>`,
  );
  return { kind: 'text', html: parts.join('') };
}

let tables = 0;
function dataTable(rows: number): TableBlock {
  tables += 1;
  const body: TableBlock['rows'] = [];
  let budget = 0;
  let utfall = 0;
  for (let r = 0; r < rows; r += 1) {
    const b = Math.round(random() * 90_000) + 1_000;
    const u = b + Math.round((random() - 0.55) * 12_000);
    budget += b;
    utfall += u;
    body.push({
      cells: [
        `${100 + r} Verksamhet ${r + 1}`,
        { n: String(b) },
        { n: String(u) },
        { n: String(b - u) },
        { n: ((u / b) * 100).toFixed(1), suffix: '%' },
      ],
      level: r % 6 === 5 ? 1 : 0,
    });
  }
  body.push({
    cells: [
      'Summa',
      { n: String(budget) },
      { n: String(utfall) },
      { n: String(budget - utfall) },
      { n: ((utfall / budget) * 100).toFixed(1), suffix: '%' },
    ],
    emphasis: 'total',
  });
  return {
    kind: 'table',
    id: `tabell-${tables}`,
    caption: `Driftredovisning, del ${tables}`,
    unit: 'tkr',
    columns: [
      { header: 'Verksamhet', align: 'left' },
      { header: 'Budget', align: 'right' },
      { header: 'Utfall', align: 'right' },
      { header: 'Avvikelse', align: 'right' },
      { header: 'Utfall/budget', align: 'right' },
    ],
    rows: body,
    notes: ['Avvikelse är budget minus utfall.'],
  };
}

function chart(id: string, kind: 'bar' | 'line'): Section['blocks'][number] {
  const categories = [
    'jan',
    'feb',
    'mar',
    'apr',
    'maj',
    'jun',
    'jul',
    'aug',
    'sep',
    'okt',
    'nov',
    'dec',
  ];
  const series = ['Budget', 'Utfall'].map((name) => ({
    name,
    values: categories.map(() => String(Math.round(random() * 20_000 - 4_000))),
  }));
  return {
    kind: 'chart',
    id,
    caption: kind === 'bar' ? 'Resultat per månad' : 'Ackumulerat resultat',
    alt: 'Diagrammet visar budget och utfall per månad; utfallet ligger över budget under hösten.',
    chart: kind,
    unit: 'tkr',
    categories,
    series,
    table: {
      kind: 'table',
      id: `${id}-tabell`,
      caption: kind === 'bar' ? 'Resultat per månad' : 'Ackumulerat resultat',
      unit: 'tkr',
      columns: [
        { header: 'Månad', align: 'left' },
        ...series.map((s) => ({ header: s.name, align: 'right' as const })),
      ],
      rows: categories.map((category, i) => ({
        cells: [category, ...series.map((s) => ({ n: s.values[i] ?? '0' }))],
      })),
    },
  };
}

/** About 15 sections, 12 tables of 10–60 rows, 2 charts and 40 paragraphs. */
export function generatedArsbokslut(): { doc: BoardDocument; paragraphs: number } {
  const rowCounts = [10, 14, 20, 25, 30, 35, 40, 45, 50, 55, 60, 24];
  const sectionTitles = [
    'Sammanfattning',
    'Nämndens uppdrag',
    'Viktiga händelser under året',
    'Ekonomiskt resultat',
    'Driftredovisning',
    'Investeringar',
    'Verksamhetsanalys',
    'Individ- och familjeomsorg',
    'Äldreomsorg',
    'Funktionsnedsättning',
    'Personal',
    'Måluppfyllelse',
    'Intern kontroll',
    'Åtgärder för ekonomi i balans',
    'Framtid',
  ];
  let nextTable = 0;
  const sections: Section[] = sectionTitles.map((title, i) => {
    const blocks: Section['blocks'] = [text(i % 3 === 0 ? 4 : 2)];
    if (i >= 3 && nextTable < rowCounts.length)
      blocks.push(dataTable(rowCounts[nextTable++] ?? 10));
    if (i === 4) blocks.push(chart('resultat-per-manad', 'bar'));
    if (i === 11) blocks.push(chart('ackumulerat', 'line'));
    return { key: `avsnitt-${i + 1}`, title, blocks, sections: [] };
  });
  // Verksamhetsanalys holds its areas as subsections, each with its tables.
  const analysis = sections.splice(7, 3);
  for (const area of analysis) {
    if (nextTable < rowCounts.length) area.blocks.push(dataTable(rowCounts[nextTable++] ?? 10));
  }
  const parent = sections[6];
  if (parent !== undefined) parent.sections = analysis;
  while (nextTable < rowCounts.length)
    sections[3]?.blocks.push(dataTable(rowCounts[nextTable++] ?? 10));
  const doc: BoardDocument = {
    type: 'arsbokslut',
    title: 'Förvaltningsberättelse – Årsbokslut 2024',
    subtitle: 'Socialnämnden, Exempelkommun',
    asOf: '2024-12-31',
    year: 2024,
    version: 1,
    status: 'utkast',
    lang: 'sv',
    sections,
  };
  return { doc, paragraphs };
}
