import type { Kysely } from 'kysely';
import { cliViewer } from '../../action-plans/action-plan.service.ts';
import type { Database } from '../../db/schema.ts';
import { overviewOf } from '../../followup/followup.service.ts';
import {
  manadsrapport as monthReport,
  type Manadsrapport,
  type MonthLine,
} from '../../forecast/manadsrapport.service.ts';
import { maluppfyllelse } from '../../goals/goal.service.ts';
import {
  driftredovisningReport,
  driftresultatReport,
  investeringsredovisningReport,
  verksamhetsanalysReport,
} from '../../reports/reports.service.ts';
import { monthName } from '../../shared/dates.ts';
import type { ChartBlock, TableBlock } from '../document-model.ts';
import {
  decimal,
  int,
  left,
  paragraph,
  right,
  type DocumentRef,
  type SectionDef,
} from '../document.ts';
import {
  driftredovisningSection,
  driftresultatSection,
  investeringSection,
  malSection,
  verksamhetsanalysSection,
  type ArsbokslutData,
  type Heads,
} from './arsbokslut.ts';
import type { Template } from './template.ts';

/**
 * Månadsrapport and delårsrapport: the year to date through the document's month with the same
 * operating tables as the årsbokslut, and the month's follow-up — the helårsprognos against budget
 * per verksamhetsområde and activity, the managers' explanations, the largest deviations, the
 * action plans at the date and the forecast accuracy so far — with a summary drafted from the
 * figures that the controller rewrites. The delårsrapport (per 31 August) adds the goals and the
 * investments to date. Two templates of one code path.
 */
type MonthData = Pick<ArsbokslutData, 'year' | 'resultat' | 'months' | 'drift' | 'analys'> & {
  month: number;
  followup: Manadsrapport;
  /** The delårsrapport's goals and investments; absent in a månadsrapport. */
  interim?: Pick<ArsbokslutData, 'mal' | 'investeringar'>;
};

function monthOf(ref: DocumentRef): number {
  return ref.month ?? 12;
}

/** The documents read the whole administration's figures, as the controller does. */
const DOCUMENT_READER = cliViewer('dokument');

async function loadMonth(
  db: Kysely<Database>,
  ref: DocumentRef,
  interim: boolean,
): Promise<MonthData> {
  const month = monthOf(ref);
  const query = { year: ref.year, throughMonth: month };
  return {
    year: ref.year,
    month,
    resultat: await driftresultatReport(db, query),
    drift: await driftredovisningReport(db, query),
    analys: await verksamhetsanalysReport(db, query),
    months: (await overviewOf(db, { year: ref.year, throughMonth: month })).series,
    followup: await monthReport(db, DOCUMENT_READER, { year: ref.year, month }),
    ...(interim
      ? {
          interim: {
            mal: await maluppfyllelse(db, ref.year),
            investeringar: await investeringsredovisningReport(db, query),
          },
        }
      : {}),
  };
}

function heads(data: MonthData): Heads {
  const through = monthName(data.month) ?? String(data.month);
  const period = data.month === 1 ? `januari ${data.year}` : `januari–${through} ${data.year}`;
  return {
    resultat: `Driftresultat ${period}`,
    previous: `Utfall ${data.year - 1} t.o.m. ${through}`,
    current: `Utfall ${data.year} t.o.m. ${through}`,
    budget: `Budget ${data.year} t.o.m. ${through}`,
    period,
  };
}

function forecastTable(
  id: string,
  caption: string,
  first: string,
  lines: readonly MonthLine[],
  total: MonthLine,
): TableBlock {
  const row = (l: MonthLine) => [
    l.code === '' || l.code === l.name ? l.name : `${l.code} ${l.name}`,
    int(l.outcomeToDate),
    int(l.budgetToDate),
    int(l.budgetYear),
    int(l.forecast),
    int(l.deviation),
  ];
  return {
    kind: 'table',
    id,
    caption,
    unit: 'tkr',
    columns: [
      left(first),
      right('Utfall perioden'),
      right('Budget perioden'),
      right('Budget helår'),
      right('Prognos helår'),
      right('Avvikelse helår'),
    ],
    rows: [
      ...lines.map((l) => ({ cells: row(l) })),
      { cells: row(total), emphasis: 'total' as const },
    ],
    notes: ['Avvikelse = budget − prognos; negativt tal är ett underskott.'],
  };
}

function prognosSection(data: MonthData): SectionDef {
  const f = data.followup;
  const chart: ChartBlock = {
    kind: 'chart',
    id: 'prognos-avvikelse',
    caption: 'Prognostiserad avvikelse mot budget per verksamhet, tkr',
    alt: `Stapeldiagram över helårsprognosens avvikelse mot budget per verksamhet. Summan är ${f.total.deviation.toString()} tkr; tabellen nedan har samma siffror.`,
    chart: 'bar',
    unit: 'tkr',
    categories: f.verksamheter.map((v) => v.name),
    series: [
      { name: 'Avvikelse helår', values: f.verksamheter.map((v) => v.deviation.toString()) },
    ],
    table: {
      kind: 'table',
      id: 'prognos-avvikelse-tabell',
      caption: 'Prognostiserad avvikelse per verksamhet (diagrammets siffror)',
      unit: 'tkr',
      columns: [left('Verksamhet'), right('Avvikelse helår')],
      rows: f.verksamheter.map((v) => ({ cells: [v.name, int(v.deviation)] })),
    },
  };
  return {
    key: 'prognos',
    title: 'Helårsprognos',
    editable: true,
    textAt: 'after',
    blocks: [
      ...(f.period.submitted < f.period.units
        ? [
            {
              kind: 'text' as const,
              html: paragraph(
                `${f.period.submitted} av ${f.period.units} ansvar har lämnat prognos; för de övriga räknas budget.`,
              ),
            },
          ]
        : []),
      forecastTable(
        'prognos-omraden',
        'Helårsprognos per verksamhetsområde',
        'Verksamhetsområde',
        f.omraden,
        f.total,
      ),
      forecastTable(
        'prognos-verksamheter',
        'Helårsprognos per verksamhet',
        'Verksamhet',
        f.verksamheter,
        f.total,
      ),
      chart,
    ],
    sections: [
      {
        key: 'prognos.kommentarer',
        title: 'Förklaringar till avvikelser',
        editable: false,
        blocks:
          f.kommentarer.length === 0
            ? [{ kind: 'text', html: paragraph('Inga avvikelser har behövt förklaras.') }]
            : [
                {
                  kind: 'table',
                  id: 'prognos-kommentarer',
                  caption: 'Avvikelser som förklarats av ansvariga chefer',
                  unit: 'tkr',
                  columns: [
                    left('Ansvar'),
                    left('Verksamhetsområde'),
                    right('Avvikelse'),
                    left('Orsak'),
                    left('Förklaring'),
                  ],
                  rows: f.kommentarer.map((k) => ({
                    cells: [
                      `${k.ansvar} ${k.name}`,
                      k.omrade,
                      int(k.deviation),
                      k.reason,
                      k.comment,
                    ],
                  })),
                },
              ],
      },
      {
        key: 'prognos.storsta',
        title: 'Största avvikelser',
        editable: false,
        blocks: [
          {
            kind: 'table',
            id: 'prognos-storsta',
            caption: 'De fem ansvar med störst avvikelse mot budget',
            unit: 'tkr',
            columns: [
              left('Ansvar'),
              right('Budget helår'),
              right('Prognos helår'),
              right('Avvikelse'),
            ],
            rows: f.storstaAvvikelser.map((a) => ({
              cells: [`${a.ansvar} ${a.name}`, int(a.budget), int(a.forecast), int(a.deviation)],
            })),
          },
        ],
      },
    ],
  };
}

function atgarderSection(data: MonthData): SectionDef {
  const f = data.followup;
  return {
    key: 'atgarder',
    title: 'Åtgärder för en ekonomi i balans',
    editable: true,
    textAt: 'after',
    blocks:
      f.atgarder.length === 0
        ? [{ kind: 'text', html: paragraph(`Det finns ingen åtgärdsplan för ${data.year}.`) }]
        : [
            {
              kind: 'table',
              id: 'atgarder',
              caption: `Åtgärdsplaner per ${monthName(data.month) ?? data.month} ${data.year}`,
              unit: 'tkr',
              columns: [
                left('Verksamhet'),
                right('Åtgärdskrav'),
                right('Effekt år'),
                right('Kvar att täcka'),
              ],
              rows: f.atgarder.map((a) => ({
                cells: [a.name, int(a.atgardskrav), int(a.effektAr), int(a.gap)],
              })),
            },
          ],
  };
}

function sakerhetSection(data: MonthData): SectionDef {
  const rows = data.followup.prognossakerhet;
  const table: TableBlock = {
    kind: 'table',
    id: 'prognossakerhet',
    caption: 'Prognossäkerhet: månadens prognoser mot bokfört utfall för helåret',
    unit: 'tkr',
    columns: [
      left('Månad'),
      right('Prognos'),
      right('Utfall helår'),
      right('Skillnad'),
      right('Skillnad %'),
      right('Linjär prognos, skillnad %'),
    ],
    rows: rows.map((r) => ({
      cells: [
        monthName(r.month) ?? String(r.month),
        int(r.forecast),
        int(r.bokslut),
        int(r.difference),
        decimal(r.percent, { suffix: ' %' }),
        decimal(r.linjarPercent, { suffix: ' %' }),
      ],
    })),
    notes: [
      'Utfall helår är det som är bokfört för året när rapporten skrivs; för ett år som inte är slut är skillnaden preliminär.',
    ],
  };
  return {
    key: 'prognossakerhet',
    title: 'Prognossäkerhet',
    editable: false,
    blocks:
      rows.length === 0
        ? [{ kind: 'text', html: paragraph('Inga prognoser är inlämnade ännu i år.') }]
        : [
            {
              kind: 'chart',
              id: 'prognossakerhet-diagram',
              caption: 'Prognosens skillnad mot utfallet, procent, per månad',
              alt: 'Linjediagram över hur mycket varje månads helårsprognos skilde sig från utfallet, i procent, bredvid en linjär framskrivning av utfallet. Tabellen nedan har samma siffror.',
              chart: 'line',
              unit: '%',
              categories: rows.map((r) => monthName(r.month) ?? String(r.month)),
              series: [
                { name: 'Prognos', values: rows.map((r) => r.percent) },
                { name: 'Linjär', values: rows.map((r) => r.linjarPercent) },
              ],
              table,
            },
          ],
  };
}

function sections(data: MonthData): SectionDef[] {
  const h = heads(data);
  return [
    {
      key: 'sammanfattning',
      title: 'Sammanfattning',
      editable: true,
      draft: paragraph(data.followup.sammanfattning),
    },
    driftresultatSection(data, h),
    prognosSection(data),
    driftredovisningSection(data, h),
    verksamhetsanalysSection(data, h),
    atgarderSection(data),
    sakerhetSection(data),
    ...(data.interim
      ? [
          malSection({ year: data.year, mal: data.interim.mal }),
          investeringSection({ year: data.year, investeringar: data.interim.investeringar }),
        ]
      : []),
  ];
}

export const manadsrapport: Template<MonthData> = {
  type: 'manadsrapport',
  load: (db, ref) => loadMonth(db, ref, false),
  sections,
};

export const delarsrapport: Template<MonthData> = {
  type: 'delarsrapport',
  load: (db, ref) => loadMonth(db, ref, true),
  sections,
};
