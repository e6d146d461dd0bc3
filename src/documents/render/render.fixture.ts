import type { BoardDocument, Section, TableBlock, TableRow } from '../document-model.ts';
import { formatCell } from './number-format.ts';

/**
 * A small but complete board document for the renderers' tests: nested sections, a table long
 * enough to cross pages, totals, child rows, notes, a chart, rich text with lists, åäö, negative
 * numbers, and text full of characters that mean something in Typst, HTML and XML.
 */

/** Characters Typst, HTML and XML give a meaning to; they must come out as written. */
export const AWKWARD =
  'Tecken #set text(red) $x^2$ *fet* _kursiv_ @ref <b>"citat"</b> \\ `kod` = [a] // {b} &amp;';

function placeringsRows(): TableRow[] {
  const rows: TableRow[] = [];
  for (let i = 1; i <= 200; i += 1) {
    const budget = i * 1375;
    const utfall = budget + (i % 7 === 0 ? -(i * 311) : i * 97);
    rows.push({
      cells: [
        `Placering ${i} – Öppenvård`,
        { n: String(budget) },
        { n: String(utfall) },
        { n: String(budget - utfall) },
      ],
      level: i % 10 === 0 ? 1 : 0,
    });
  }
  const budget = rows.reduce((sum, row) => sum + Number((row.cells[1] as { n: string }).n), 0);
  const utfall = rows.reduce((sum, row) => sum + Number((row.cells[2] as { n: string }).n), 0);
  rows.push({
    cells: [
      'Summa placeringar',
      { n: String(budget) },
      { n: String(utfall) },
      { n: String(budget - utfall) },
    ],
    emphasis: 'total',
  });
  return rows;
}

const drift: TableBlock = {
  kind: 'table',
  id: 'driftresultat',
  caption: 'Driftresultat per verksamhet',
  unit: 'tkr',
  columns: [
    { header: 'Verksamhet', align: 'left' },
    { header: 'Budget', align: 'right' },
    { header: 'Utfall', align: 'right' },
    { header: 'Avvikelse', align: 'right' },
    { header: 'Andel', align: 'right' },
  ],
  rows: [
    { cells: ['Individ- och familjeomsorg', null, null, null, null], emphasis: 'group' },
    {
      cells: [
        '51 Barn och unga',
        { n: '120500' },
        { n: '133579' },
        { n: '-13079' },
        { n: '64.6', decimals: 1, suffix: '%' },
      ],
    },
    {
      cells: [
        '51.16 Familjehem',
        { n: '40000' },
        { n: '38750.5', decimals: 0 },
        { n: '1249.5', decimals: 0 },
        { n: '12.25', decimals: 1, suffix: '%' },
      ],
      level: 1,
    },
    {
      cells: [
        'Äldreomsorg',
        { n: '310000' },
        { n: '305000' },
        { n: '5000' },
        { n: '23.15', decimals: 1, suffix: '%' },
      ],
    },
    {
      cells: [
        'Summa',
        { n: '470500' },
        { n: '477329.5', decimals: 0 },
        { n: '-6829.5', decimals: 0 },
        { n: '100', suffix: '%' },
      ],
      emphasis: 'total',
    },
  ],
  notes: ['Avvikelse är budget minus utfall; ett underskott är negativt.'],
};

const placeringar: TableBlock = {
  kind: 'table',
  id: 'placeringar',
  caption: 'Placeringar under året',
  unit: 'tkr',
  columns: [
    { header: 'Placering', align: 'left' },
    { header: 'Budget', align: 'right' },
    { header: 'Utfall', align: 'right' },
    { header: 'Avvikelse', align: 'right' },
  ],
  rows: placeringsRows(),
};

const awkwardTable: TableBlock = {
  kind: 'table',
  id: 'specialtecken',
  caption: `Tabell med ${AWKWARD}`,
  columns: [
    { header: 'Text #h', align: 'left' },
    { header: 'Värde $', align: 'right' },
  ],
  rows: [{ cells: [AWKWARD, { n: '-0.5', decimals: 1 }] }, { cells: ['Tom rad', null] }],
};

const sections: Section[] = [
  {
    key: 'sammanfattning',
    title: 'Sammanfattning',
    blocks: [
      {
        kind: 'text',
        html:
          '<p>Nämnden redovisar ett <strong>underskott</strong> på <em>13 mnkr</em> för året.<br />Åtgärderna i öppenvården gav effekt.</p>' +
          '<h3>Viktiga händelser</h3>' +
          '<ul><li>Fler <strong>placeringar</strong> än budgeterat</li><li>Bemanningen i äldreomsorgen<ul><li>Sjukfrånvaron minskade</li></ul></li></ul>' +
          '<ol><li>Första åtgärden</li><li>Andra åtgärden</li></ol>',
      },
    ],
    sections: [],
  },
  {
    key: 'driftresultat',
    title: 'Driftresultat',
    blocks: [{ kind: 'text', html: '<p>Tabellen visar årets resultat.</p>' }, drift],
    sections: [
      {
        key: 'verksamhetsanalys',
        title: 'Verksamhetsanalys',
        blocks: [],
        sections: [
          {
            key: 'verksamhetsanalys.51',
            title: '51 Individ- och familjeomsorg',
            blocks: [
              { kind: 'text', html: '<h3>Analys</h3><p>Kostnaderna för placeringar ökade.</p>' },
              placeringar,
            ],
            sections: [],
          },
        ],
      },
    ],
  },
  {
    key: 'nyckeltal',
    title: 'Nyckeltal',
    blocks: [
      {
        kind: 'chart',
        id: 'resultat-per-ar',
        caption: 'Resultat per år',
        alt: 'Stapeldiagram: resultatet gick från ett överskott på 4 mnkr 2022 till underskott 2023 och 2024.',
        chart: 'bar',
        unit: 'mnkr',
        categories: ['2022', '2023', '2024'],
        series: [
          { name: 'Budget', values: ['0', '0', '0.5'] },
          { name: 'Resultat', values: ['4.2', '-2.5', '-13.1'] },
        ],
        table: {
          kind: 'table',
          id: 'resultat-per-ar-tabell',
          caption: 'Resultat per år',
          unit: 'mnkr',
          columns: [
            { header: 'År', align: 'left' },
            { header: 'Budget', align: 'right' },
            { header: 'Resultat', align: 'right' },
          ],
          rows: [
            { cells: ['2022', { n: '0' }, { n: '4.2' }] },
            { cells: ['2023', { n: '0' }, { n: '-2.5' }] },
            { cells: ['2024', { n: '0.5' }, { n: '-13.1' }] },
          ],
        },
      },
    ],
    sections: [],
  },
  {
    key: 'specialtecken',
    title: AWKWARD,
    blocks: [
      { kind: 'text', html: `<p>${AWKWARD.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>` },
      awkwardTable,
    ],
    sections: [],
  },
];

export const fixtureDocument: BoardDocument = {
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

/** Every table of a document in reading order (a chart's table where the chart is). */
export function documentTables(doc: BoardDocument): TableBlock[] {
  const walk = (list: Section[]): TableBlock[] =>
    list.flatMap((section) => [
      ...section.blocks.flatMap((block) =>
        block.kind === 'table' ? [block] : block.kind === 'chart' ? [block.table] : [],
      ),
      ...walk(section.sections),
    ]);
  return walk(doc.sections);
}

/** A table's rows as the reader sees them: every cell formatted, the header first. */
export function formattedRows(table: TableBlock): string[][] {
  return [
    table.columns.map((c) => c.header),
    ...table.rows.map((row) => table.columns.map((_, i) => formatCell(row.cells[i] ?? null))),
  ];
}

/** Section titles in reading order with their depth (1 for a top section). */
export function sectionTitles(list: Section[], depth = 1): { title: string; depth: number }[] {
  return list.flatMap((section) => [
    { title: section.title, depth },
    ...sectionTitles(section.sections, depth + 1),
  ]);
}
