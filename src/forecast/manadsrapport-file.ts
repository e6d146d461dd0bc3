import { writeWorkbook, type TableCell } from '../files/table-file.ts';
import type { Manadsrapport, MonthLine } from './manadsrapport.service.ts';

const n = (value: bigint): number => Number(value);

const LINE_COLUMNS = [
  'Kod',
  'Namn',
  'Budget helår',
  'Budget perioden',
  'Utfall perioden',
  'Avvikelse perioden',
  'Prognos helår',
  'Avvikelse helår',
];

function lineCells(l: MonthLine): TableCell[] {
  return [
    l.code,
    l.name,
    n(l.budgetYear),
    n(l.budgetToDate),
    n(l.outcomeToDate),
    n(l.deviationToDate),
    n(l.forecast),
    n(l.deviation),
  ];
}

/** The månadsrapport as a workbook: a sheet per table, tkr as numbers. */
export async function manadsrapportFile(
  report: Manadsrapport,
): Promise<{ bytes: Buffer; fileName: string }> {
  const bytes = await writeWorkbook([
    {
      name: 'Verksamhetsområden',
      columns: LINE_COLUMNS,
      rows: [...report.omraden, report.total].map(lineCells),
    },
    {
      name: 'Verksamheter',
      columns: LINE_COLUMNS,
      rows: [...report.verksamheter, report.total].map(lineCells),
    },
    {
      name: 'Kommentarer',
      columns: ['Ansvar', 'Namn', 'Verksamhetsområde', 'Avvikelse', 'Orsak', 'Kommentar'],
      rows: report.kommentarer.map((k) => [
        k.ansvar,
        k.name,
        k.omrade,
        n(k.deviation),
        k.reason,
        k.comment,
      ]),
    },
    {
      name: 'Största avvikelser',
      columns: ['Ansvar', 'Namn', 'Budget', 'Prognos', 'Avvikelse'],
      rows: report.storstaAvvikelser.map((a) => [
        a.ansvar,
        a.name,
        n(a.budget),
        n(a.forecast),
        n(a.deviation),
      ]),
    },
    {
      name: 'Åtgärder',
      columns: ['Verksamhet', 'Åtgärdskrav', 'Effekt år', 'Kvar att täcka'],
      rows: report.atgarder.map((a) => [a.name, n(a.atgardskrav), n(a.effektAr), n(a.gap)]),
    },
    {
      name: 'Prognossäkerhet',
      columns: ['Månad', 'Prognos', 'Bokslut', 'Skillnad', 'Skillnad %', 'Linjär skillnad %'],
      rows: report.prognossakerhet.map((r) => [
        r.month,
        n(r.forecast),
        n(r.bokslut),
        n(r.difference),
        r.percent === null ? '' : Number(r.percent),
        r.linjarPercent === null ? '' : Number(r.linjarPercent),
      ]),
    },
  ]);
  return {
    bytes,
    fileName: `manadsrapport-${report.year}-${String(report.month).padStart(2, '0')}.xlsx`,
  };
}
