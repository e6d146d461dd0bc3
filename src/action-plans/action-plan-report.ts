import { writeTable, type TableCell, type TableFormat } from '../files/table-file.ts';
import { swedishDecimal } from '../kpi/kpi.ts';
import type { AtgardsplanReport } from './action-plan.service.ts';

/** Swedish thousands: 2750n → "2 750", -68n → "-68". */
function sv(value: bigint): string {
  const text = (value < 0n ? -value : value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return value < 0n ? `-${text}` : text;
}

export const ATGARDSPLAN_COLUMNS = [
  { key: 'verksamhet', header: 'Verksamhet' },
  { key: 'atgard', header: 'Åtgärd (tkr)' },
  { key: 'beskrivning', header: 'Beskrivning av åtgärder' },
  { key: 'effektAr', header: 'Effekt år', align: 'right' as const },
  { key: 'helarseffekt', header: 'Helårseffekt', align: 'right' as const },
  { key: 'status', header: 'Status' },
] as const;

type Row = Record<(typeof ATGARDSPLAN_COLUMNS)[number]['key'], string>;

/**
 * The action plan as table rows, per activity: the requirement, the key figures, the measures,
 * Totalt and what is left to cover. `format` writes numbers as Swedish text or as plain integers.
 */
export function atgardsplanRows(
  report: AtgardsplanReport,
  format: (value: bigint) => string = sv,
): Row[] {
  const empty = {
    verksamhet: '',
    atgard: '',
    beskrivning: '',
    effektAr: '',
    helarseffekt: '',
    status: '',
  };
  const rows: Row[] = [];
  for (const v of report.verksamheter) {
    rows.push({
      ...empty,
      verksamhet: v.name,
      atgard: 'Åtgärdskrav',
      effektAr: format(v.atgardskrav),
      helarseffekt: format(v.atgardskrav),
    });
    for (const k of v.kpis)
      rows.push({
        ...empty,
        verksamhet: v.name,
        atgard: `Nyckeltal: ${k.name}`,
        beskrivning: `${k.outcome === null ? 'inget utfall' : `${swedishDecimal(k.outcome)} ${k.unit}`.trim()}${k.target ? ` (mål ${k.target.text})` : ''}`,
        status: k.meetsTarget === null ? '' : k.meetsTarget ? 'målet nås' : 'målet nås inte',
      });
    for (const a of v.atgarder)
      rows.push({
        verksamhet: v.name,
        atgard: a.title,
        beskrivning: a.description,
        effektAr: `${format(a.effektAr)}${a.effektArOverride ? ' *' : ''}`,
        helarseffekt: format(a.helarseffekt),
        status: [a.status, a.statustext].filter(Boolean).join(': '),
      });
    rows.push({
      ...empty,
      verksamhet: v.name,
      atgard: 'Totalt',
      effektAr: format(v.summa.effektAr),
      helarseffekt: format(v.summa.helarseffekt),
    });
    rows.push({
      ...empty,
      verksamhet: v.name,
      atgard: 'Kvar att täcka',
      effektAr: format(v.gap.effektAr),
      helarseffekt: format(v.gap.helarseffekt),
    });
  }
  rows.push({
    ...empty,
    verksamhet: 'Summa',
    atgard: 'Åtgärdskrav',
    effektAr: format(report.total.atgardskrav),
    helarseffekt: format(report.total.atgardskrav),
  });
  rows.push({
    ...empty,
    verksamhet: 'Summa',
    atgard: 'Totalt',
    effektAr: format(report.total.summa.effektAr),
    helarseffekt: format(report.total.summa.helarseffekt),
  });
  rows.push({
    ...empty,
    verksamhet: 'Summa',
    atgard: 'Kvar att täcka',
    effektAr: format(report.total.gap.effektAr),
    helarseffekt: format(report.total.gap.helarseffekt),
  });
  return rows;
}

/** The action plan as XLSX or CSV: amounts as numbers, an override marked in its own column. */
export async function atgardsplanFile(
  report: AtgardsplanReport,
  format: TableFormat,
): Promise<{ bytes: Buffer; fileName: string; contentType: string }> {
  const header = [
    'Verksamhet',
    'Åtgärd',
    'Beskrivning',
    'Start',
    'Effekt år (tkr)',
    'Helårseffekt (tkr)',
    'Effekt år handskriven',
    'Status',
    'Statustext',
  ];
  const rows: TableCell[][] = [];
  for (const v of report.verksamheter) {
    rows.push([
      v.name,
      'Åtgärdskrav',
      v.basis,
      '',
      Number(v.atgardskrav),
      Number(v.atgardskrav),
      '',
      '',
      '',
    ]);
    for (const a of v.atgarder)
      rows.push([
        v.name,
        a.title,
        a.description,
        a.start,
        Number(a.effektAr),
        Number(a.helarseffekt),
        a.effektArOverride ? (a.overrideReason ?? 'ja') : '',
        a.status,
        a.statustext,
      ]);
    rows.push([
      v.name,
      'Totalt',
      '',
      '',
      Number(v.summa.effektAr),
      Number(v.summa.helarseffekt),
      '',
      '',
      '',
    ]);
    rows.push([
      v.name,
      'Kvar att täcka',
      '',
      '',
      Number(v.gap.effektAr),
      Number(v.gap.helarseffekt),
      '',
      '',
      '',
    ]);
  }
  return {
    bytes: await writeTable(format, 'Åtgärdsplan', header, rows),
    fileName: `atgardsplan-${report.date}.${format}`,
    contentType:
      format === 'xlsx'
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'text/csv; charset=utf-8',
  };
}
