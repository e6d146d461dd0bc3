import {
  atgardsplanReport,
  cliViewer,
  type AtgardsplanReport,
} from '../../action-plans/action-plan.service.ts';
import type { TableBlock } from '../document-model.ts';
import { decimal, int, left, paragraph, right, textBlock, type SectionDef } from '../document.ts';
import type { Template } from './template.ts';

/**
 * Åtgärdsplan per a date (seed 003): an introduction, then per activity its åtgärdskrav, the key
 * figures that steer it and the measures with their effect this year and over a full year, status
 * and totals, and last the administration's totals.
 */
type Verksamhet = AtgardsplanReport['verksamheter'][number];

function measuresTable(v: Verksamhet, index: number): TableBlock {
  return {
    kind: 'table',
    id: `atgarder-${index + 1}`,
    caption: `Åtgärder ${v.name}`,
    unit: 'tkr',
    columns: [
      left('Åtgärd'),
      left('Beskrivning av åtgärder'),
      right('Effekt år'),
      right('Helårseffekt'),
      left('Status'),
    ],
    rows: [
      ...v.atgarder.map((a) => ({
        cells: [
          a.title,
          a.description,
          a.effektArOverride ? { ...int(a.effektAr), suffix: '*' } : int(a.effektAr),
          int(a.helarseffekt),
          [a.status, a.statustext].filter((t) => t !== '').join(': '),
        ],
      })),
      {
        cells: ['Totalt', null, int(v.summa.effektAr), int(v.summa.helarseffekt), null],
        emphasis: 'total' as const,
      },
      {
        cells: ['Kvar att täcka', null, int(v.gap.effektAr), int(v.gap.helarseffekt), null],
      },
    ],
    ...(v.atgarder.some((a) => a.effektArOverride)
      ? {
          notes: v.atgarder.flatMap((a) =>
            a.effektArOverride
              ? [
                  `* ${a.title}: effekten i år är satt för hand${a.overrideReason ? ` – ${a.overrideReason}` : ''}`,
                ]
              : [],
          ),
        }
      : {}),
  };
}

function kpiTable(v: Verksamhet, index: number): TableBlock[] {
  if (v.kpis.length === 0) return [];
  return [
    {
      kind: 'table',
      id: `nyckeltal-${index + 1}`,
      caption: `Nyckeltal ${v.name}`,
      columns: [left('Nyckeltal'), right('Utfall'), right('Mål'), left('Bedömning')],
      rows: v.kpis.map((k) => ({
        cells: [
          k.name,
          decimal(k.outcome, k.unit === '%' ? { suffix: '%' } : {}),
          k.target?.text ?? null,
          k.meetsTarget === null ? null : k.meetsTarget ? 'Målet nås' : 'Målet nås inte',
        ],
      })),
    },
  ];
}

function sections(report: AtgardsplanReport): SectionDef[] {
  const perActivity: SectionDef[] = report.verksamheter.map((v, i) => ({
    key: `verksamhet.${v.code}`,
    title: v.name,
    editable: true,
    textAt: 'after',
    blocks: [
      ...textBlock(
        paragraph(`Åtgärdskrav: ${v.atgardskrav.toString()} tkr.`),
        paragraph(v.basis),
        paragraph(v.description),
      ),
      ...kpiTable(v, i),
      ...(v.atgarder.length === 0
        ? textBlock(paragraph('Inga åtgärder är beslutade ännu.'))
        : [measuresTable(v, i)]),
    ],
  }));
  return [
    { key: 'inledning', title: 'Inledning', editable: true },
    ...perActivity,
    {
      key: 'summering',
      title: 'Summering',
      editable: true,
      textAt: 'after',
      blocks: [
        {
          kind: 'table',
          id: 'summering',
          caption: 'Åtgärdskrav och planerade åtgärder, hela förvaltningen',
          unit: 'tkr',
          columns: [left(''), right('Effekt år'), right('Helårseffekt')],
          rows: [
            {
              cells: ['Åtgärdskrav', int(report.total.atgardskrav), int(report.total.atgardskrav)],
            },
            {
              cells: [
                'Planerade åtgärder',
                int(report.total.summa.effektAr),
                int(report.total.summa.helarseffekt),
              ],
            },
            {
              cells: [
                'Kvar att täcka',
                int(report.total.gap.effektAr),
                int(report.total.gap.helarseffekt),
              ],
              emphasis: 'total',
            },
          ],
        },
      ],
    },
  ];
}

export const atgardsplan: Template<AtgardsplanReport> = {
  type: 'atgardsplan',
  // A board document is the whole administration's: read as the controller sees it.
  load: (db, ref) => atgardsplanReport(db, cliViewer('dokument'), { date: ref.asOf }),
  sections,
};
