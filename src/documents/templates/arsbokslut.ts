import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { overviewOf, type Overview } from '../../followup/followup.service.ts';
import {
  maluppfyllelse,
  verksamhetsstatistik,
  type IndicatorLine,
  type MaluppfyllelseReport,
  type VerksamhetsstatistikReport,
} from '../../goals/goal.service.ts';
import {
  driftredovisningReport,
  driftresultatReport,
  investeringsredovisningReport,
  verksamhetsanalysReport,
} from '../../reports/reports.service.ts';
import type { DriftRow } from '../../reports/reports.ts';
import type { Block, ChartBlock, TableBlock, TableRow } from '../document-model.ts';
import {
  decimal,
  heading,
  int,
  left,
  paragraph,
  plainCell,
  right,
  textBlock,
  type DocumentRef,
  type SectionDef,
} from '../document.ts';
import type { Template } from './template.ts';

/**
 * Förvaltningsberättelse – Årsbokslut (seed 004): the year's statistics, goal fulfilment, operating
 * result and accounts, variance analysis per activity, investments, and the texts around them.
 */
export interface ArsbokslutData {
  year: number;
  statistik: VerksamhetsstatistikReport;
  mal: MaluppfyllelseReport;
  resultat: Awaited<ReturnType<typeof driftresultatReport>>;
  months: Overview['series'];
  drift: Awaited<ReturnType<typeof driftredovisningReport>>;
  analys: Awaited<ReturnType<typeof verksamhetsanalysReport>>;
  investeringar: Awaited<ReturnType<typeof investeringsredovisningReport>>;
}

/** A top activity gets its own särredovisning when it is at least this share of the net cost (51: 76 %). */
export const SARREDOVISNING_SHARE_PERCENT = 25n;

/** The sub-sections of the overview the template offers; each is written per document. */
export const OVERSIKT_SECTIONS: readonly { key: string; title: string }[] = [
  { key: 'oversikt.demografi', title: 'Demografisk utveckling' },
  { key: 'oversikt.hemtjanst', title: 'Hemtjänst' },
  { key: 'oversikt.slutenvard', title: 'Hemtagning från slutenvården' },
  { key: 'oversikt.trygg-hemgang', title: 'Trygg hemgång' },
  { key: 'oversikt.digitalisering', title: 'Digitalisering' },
  { key: 'oversikt.nara-vard', title: 'Nära vård' },
  { key: 'oversikt.budget-i-balans', title: 'Budget i balans' },
  { key: 'oversikt.samverkan', title: 'Samverkan' },
];

async function load(db: Kysely<Database>, ref: DocumentRef): Promise<ArsbokslutData> {
  const query = { year: ref.year };
  const drift = await driftredovisningReport(db, query);
  const resultat = await driftresultatReport(db, query);
  const analys = await verksamhetsanalysReport(db, query);
  const investeringar = await investeringsredovisningReport(db, query);
  const overview = await overviewOf(db, { year: ref.year, throughMonth: 12 });
  return {
    year: ref.year,
    statistik: await verksamhetsstatistik(db, ref.year),
    mal: await maluppfyllelse(db, ref.year),
    resultat,
    months: overview.series,
    drift,
    analys,
    investeringar,
  };
}

const text = (key: string, title: string, sections?: SectionDef[]): SectionDef => ({
  key,
  title,
  editable: true,
  ...(sections === undefined ? {} : { sections }),
});

function statistikSection(data: ArsbokslutData): SectionDef {
  const { years } = data.statistik;
  const blocks: Block[] = data.statistik.tables.map((t, i) => ({
    kind: 'table',
    id: `statistik-${i + 1}`,
    caption: t.title,
    columns: [left('Mått'), ...years.map((y) => right(String(y)))],
    rows: t.rows.map((r) => ({
      cells: [
        r.aggregation ? `${r.name} (${r.aggregation})` : r.name,
        ...years.map((y) => decimal(r.values[String(y)] ?? null)),
      ],
    })),
    ...(t.rows.some((r) => r.note !== null)
      ? {
          notes: t.rows.flatMap((r) => (r.note === null ? [] : [`${r.name}: ${r.note}`])),
        }
      : {}),
  }));
  return {
    key: 'verksamhetsstatistik',
    title: 'Verksamhetsstatistik',
    editable: true,
    textAt: 'after',
    blocks,
  };
}

const FULFILLED = (v: boolean | null) => (v === null ? null : v ? 'Ja' : 'Nej');
const TREND = { improving: 'Bättre', worsening: 'Sämre', unchanged: 'Oförändrad' } as const;

function indicatorCells(i: IndicatorLine): TableRow['cells'] {
  const suffix = i.unit === '%' ? '%' : undefined;
  const options = { decimals: i.decimals, ...(suffix === undefined ? {} : { suffix }) };
  const outcome = decimal(i.outcome, options);
  return [
    i.name,
    i.targetText,
    outcome && i.footnote ? { ...outcome, suffix: `${outcome.suffix ?? ''}*` } : outcome,
    decimal(i.previous, options),
    FULFILLED(i.fulfilled),
    i.trend === null ? null : TREND[i.trend],
    i.assessment,
  ];
}

export function malSection(data: Pick<ArsbokslutData, 'year' | 'mal'>): SectionDef {
  const year = data.year;
  const areas: SectionDef[] = data.mal.malomraden.map((area) => ({
    key: `maluppfyllelse.omrade-${area.id}`,
    title: area.name,
    editable: false,
    blocks: textBlock(
      area.description,
      area.uppdrag === '' ? '' : heading('Uppdrag') + area.uppdrag,
      area.aterrapport === '' ? '' : heading('Återrapport') + area.aterrapport,
    ),
    sections: area.mal.map((goal) => {
      const table: TableBlock = {
        kind: 'table',
        id: `mal-${goal.id}`,
        caption: goal.name,
        columns: [
          left('Indikator'),
          right(`Mål ${year}`),
          right(`Utfall ${year}`),
          right(`Utfall ${year - 1}`),
          left('Uppfyllt'),
          left('Trend'),
          left('Måluppfyllelse'),
        ],
        rows: goal.indikatorer.map((i) => ({ cells: indicatorCells(i) })),
        ...(goal.indikatorer.some((i) => i.footnote)
          ? {
              notes: goal.indikatorer.flatMap((i) =>
                i.footnote ? [`${i.name}: ${i.footnote}`] : [],
              ),
            }
          : {}),
      };
      const analyses = goal.indikatorer.flatMap((i) =>
        textBlock(
          heading(i.name),
          paragraph(i.metod === '' ? '' : `Mått/metod: ${i.metod}`),
          paragraph(i.adressering.length === 0 ? '' : `Adressering: ${i.adressering.join(', ')}`),
          i.analysis,
        ),
      );
      return {
        key: `maluppfyllelse.mal-${goal.id}`,
        title: goal.name,
        editable: false,
        blocks: [
          ...textBlock(
            paragraph(goal.kfGoal === '' ? '' : `Kommunfullmäktiges mål: ${goal.kfGoal}`),
            goal.uppdrag === '' ? '' : heading('Uppdrag') + goal.uppdrag,
            goal.aterrapport === '' ? '' : heading('Återrapport') + goal.aterrapport,
          ),
          ...(goal.indikatorer.length === 0 ? [] : [table]),
          ...analyses,
        ],
      };
    }),
  }));
  return {
    key: 'maluppfyllelse',
    title: 'Måluppfyllelse',
    editable: true,
    textAt: 'before',
    sections: areas,
  };
}

function uppdragSection(data: ArsbokslutData): SectionDef {
  return {
    key: 'uppdrag',
    title: 'Uppföljning av nämndens uppdrag till förvaltningen',
    editable: true,
    textAt: 'before',
    blocks: data.mal.uppdrag.flatMap((u) =>
      textBlock(
        u.text,
        u.aktiviteter === '' ? '' : heading('Aktiviteter') + u.aktiviteter,
        u.aterrapport === '' ? '' : heading('Återrapport') + u.aterrapport,
      ),
    ),
  };
}

function programSection(data: ArsbokslutData): SectionDef {
  return {
    key: 'program',
    title: 'Uppföljning av program',
    editable: true,
    textAt: 'before',
    blocks:
      data.mal.program.length === 0
        ? []
        : [
            {
              kind: 'table',
              id: 'program',
              caption: 'Uppföljning av program',
              columns: [left('Program'), left('Uppföljning')],
              rows: data.mal.program.map((p) => ({ cells: [p.name, plainCell(p.uppfoljning)] })),
            },
          ],
  };
}

/** The headings of the operating tables: the year's end, or the year to date of a month report. */
export interface Heads {
  /** "Driftresultat årsbokslut" / "Driftresultat januari–mars 2024" */
  resultat: string;
  previous: string;
  current: string;
  budget: string;
  /** "2024" / "januari–mars 2024" */
  period: string;
}

export function yearHeads(year: number): Heads {
  return {
    resultat: 'Driftresultat årsbokslut',
    previous: `Bokslut ${year - 1}`,
    current: `Bokslut ${year}`,
    budget: `Budget ${year}`,
    period: String(year),
  };
}

type OperatingData = Pick<ArsbokslutData, 'year' | 'resultat' | 'months' | 'drift' | 'analys'>;

export function driftresultatSection(
  data: OperatingData,
  heads: Heads = yearHeads(data.year),
): SectionDef {
  const { year } = data;
  const table: TableBlock = {
    kind: 'table',
    id: 'driftresultat',
    caption: heads.resultat,
    unit: 'tkr',
    columns: [
      left('(tkr)'),
      right(heads.previous),
      right(heads.current),
      right(heads.budget),
      right('Budgetavvikelse'),
    ],
    rows: data.resultat.rows.map((r) => ({
      cells: [r.label, int(r.bokslutForegaende), int(r.bokslut), int(r.budget), int(r.avvikelse)],
      ...(r.key === 'resultat' ? { emphasis: 'total' as const } : {}),
      ...(r.label.toLowerCase().startsWith('varav') ? { level: 1 as const } : {}),
    })),
  };
  const categories = data.months.map((m) => m.period);
  const chartTable: TableBlock = {
    kind: 'table',
    id: 'driftresultat-manad',
    caption: `Nettokostnad per månad ${year}, budget och utfall`,
    unit: 'tkr',
    columns: [left('Månad'), right('Budget'), right('Utfall')],
    rows: data.months.map((m) => ({
      cells: [m.period, int(m.budget), m.utfall === null ? null : int(m.utfall)],
    })),
  };
  const chart: ChartBlock = {
    kind: 'chart',
    id: 'driftresultat-manad-diagram',
    caption: `Nettokostnad per månad ${year}`,
    alt: `Stapeldiagram över nämndens nettokostnad varje månad ${year}: budget och utfall i tkr, månad för månad. Tabellen under diagrammet har samma siffror.`,
    chart: 'bar',
    unit: 'tkr',
    categories,
    series: [
      { name: 'Budget', values: data.months.map((m) => m.budget.toString()) },
      { name: 'Utfall', values: data.months.map((m) => m.utfall?.toString() ?? null) },
    ],
    table: chartTable,
  };
  return {
    key: 'driftresultat',
    title: 'Driftresultat',
    editable: true,
    textAt: 'after',
    blocks: [table, chart],
    sections: [text('driftresultat.atgarder', 'Vidtagna åtgärder vid befarat underskott')],
  };
}

function driftRows(rows: readonly DriftRow[], label: (r: DriftRow) => string): TableRow[] {
  return rows.map((r) => ({ cells: [label(r), int(r.utfall), int(r.budget), int(r.avvikelse)] }));
}

export function driftredovisningSection(
  data: OperatingData,
  heads: Heads = yearHeads(data.year),
): SectionDef {
  const { drift } = data;
  const year = heads.period;
  const table: TableBlock = {
    kind: 'table',
    id: 'driftredovisning',
    caption: `Driftredovisning ${year}`,
    unit: 'tkr',
    columns: [left('Verksamhet'), right('Utfall'), right('Budget'), right('Avvikelse')],
    rows: [
      ...driftRows(drift.rows, (r) => `${r.code} ${r.name}`),
      {
        cells: [
          'Summa',
          int(drift.total.utfall),
          int(drift.total.budget),
          int(drift.total.avvikelse),
        ],
        emphasis: 'total',
      },
    ],
  };
  const chart: ChartBlock = {
    kind: 'chart',
    id: 'driftredovisning-avvikelse',
    caption: `Avvikelse mot budget per verksamhet ${year}`,
    alt: `Stapeldiagram över varje verksamhets avvikelse mot budget ${year} i tkr; ett negativt värde är ett underskott. Tabellen under diagrammet har samma siffror.`,
    chart: 'bar',
    unit: 'tkr',
    categories: drift.rows.map((r) => `${r.code} ${r.name}`),
    series: [{ name: 'Avvikelse', values: drift.rows.map((r) => r.avvikelse.toString()) }],
    table: {
      kind: 'table',
      id: 'driftredovisning-avvikelse-tabell',
      caption: `Avvikelse mot budget per verksamhet ${year}`,
      unit: 'tkr',
      columns: [left('Verksamhet'), right('Avvikelse')],
      rows: drift.rows.map((r) => ({ cells: [`${r.code} ${r.name}`, int(r.avvikelse)] })),
    },
  };
  return {
    key: 'driftredovisning',
    title: 'Driftredovisning',
    editable: true,
    textAt: 'after',
    blocks: [table, chart],
  };
}

/** The top activities large enough for a särredovisning of their own (and with something to split). */
export function sarredovisade(drift: ArsbokslutData['drift']): DriftRow[] {
  const total = drift.total.utfall;
  return drift.rows.filter(
    (r) =>
      r.children.length > 1 &&
      total > 0n &&
      r.utfall * 100n >= total * SARREDOVISNING_SHARE_PERCENT,
  );
}

function sarredovisningSections(data: ArsbokslutData): SectionDef[] {
  return sarredovisade(data.drift).map((top) => ({
    key: `sarredovisning.${top.code}`,
    title: `Särredovisning verksamhet ${top.code} ${top.name}`,
    editable: true,
    textAt: 'after',
    blocks: [
      {
        kind: 'table',
        id: `sarredovisning-${top.code}`,
        caption: `Redovisning verksamhet ${top.code}`,
        unit: 'tkr',
        columns: [
          left(`Verksamhet ${top.code}`),
          right('Utfall'),
          right('Budget'),
          right('Avvikelse'),
        ],
        rows: [
          ...driftRows(top.children, (r) => r.name),
          {
            cells: ['Summa', int(top.utfall), int(top.budget), int(top.avvikelse)],
            emphasis: 'total',
          },
        ],
      },
    ],
  }));
}

export function verksamhetsanalysSection(
  data: OperatingData,
  heads: Heads = yearHeads(data.year),
): SectionDef {
  const { analys } = data;
  const year = heads.period;
  const table: TableBlock = {
    kind: 'table',
    id: 'verksamhetsanalys',
    caption: `Verksamhetsanalys driftbudget ${year}`,
    unit: 'tkr',
    columns: [
      left('Verksamhet'),
      left(''),
      right(`Utfall ${year}`),
      right(`Budget ${year}`),
      right('Nettoavvikelse mot budget'),
    ],
    rows: analys.rows.flatMap((r) => [
      {
        cells: [
          r.name,
          'Intäkt',
          int(r.intakt.utfall),
          int(r.intakt.budget),
          int(r.nettoavvikelse),
        ],
      },
      { cells: ['', 'Kostnad', int(r.kostnad.utfall), int(r.kostnad.budget), null] },
    ]),
  };
  return {
    key: 'verksamhetsanalys',
    title: 'Verksamhetsanalys',
    editable: true,
    textAt: 'before',
    blocks: [table],
    sections: [
      ...analys.rows.map((r) => text(`verksamhetsanalys.${r.code}`, `${r.code} ${r.name}`)),
      text('verksamhetsanalys.ovrigt', 'Övriga kommentarer'),
    ],
  };
}

export function investeringSection(
  data: Pick<ArsbokslutData, 'year' | 'investeringar'>,
): SectionDef {
  const { investeringar, year } = data;
  const total = investeringar.total;
  return {
    key: 'investeringsredovisning',
    title: 'Investeringsredovisning',
    editable: true,
    textAt: 'before',
    blocks: [
      {
        kind: 'table',
        id: 'investeringar-netto',
        caption: `Investeringar ${year}`,
        unit: 'tkr',
        columns: [
          left('(tkr)'),
          right(`Bokslut ${year}`),
          right(`Budget ${year}`),
          right('Avvikelse'),
        ],
        rows: [
          {
            cells: ['Nettoutgifter', int(total.bokslut), int(total.budget), int(total.avvikelse)],
            emphasis: 'total',
          },
        ],
      },
      {
        kind: 'table',
        id: 'investeringsanalys',
        caption: `Investeringsanalys ${year}`,
        unit: 'tkr',
        columns: [
          left('Projekt'),
          right(`Bokslut ${year}`),
          right(`Budget ${year}`),
          right('Avvikelse budget'),
        ],
        rows: investeringar.rows.map((r) => ({
          cells: [r.name, int(r.bokslut), int(r.budget), int(r.avvikelse)],
        })),
      },
      ...textBlock(
        ...investeringar.rows.map((r) =>
          r.comment.trim() === '' ? '' : heading(r.name) + paragraph(r.comment),
        ),
      ),
    ],
  };
}

function sections(data: ArsbokslutData): SectionDef[] {
  return [
    text(
      'oversikt',
      'Översikt över verksamhetens utveckling',
      OVERSIKT_SECTIONS.map((s) => text(s.key, s.title)),
    ),
    text('handelser', 'Händelser av väsentlig betydelse'),
    text('personal', 'Väsentliga personalförhållanden'),
    statistikSection(data),
    malSection(data),
    uppdragSection(data),
    programSection(data),
    driftresultatSection(data),
    driftredovisningSection(data),
    ...sarredovisningSections(data),
    verksamhetsanalysSection(data),
    investeringSection(data),
    text('framtid', 'Förväntad utveckling'),
  ];
}

export const arsbokslut: Template<ArsbokslutData> = {
  type: 'arsbokslut',
  load,
  sections,
};
