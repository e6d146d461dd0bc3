import { writeTable, type TableFormat } from '../files/table-file.ts';
import { swedishDecimal } from '../kpi/kpi.ts';
import type { MaluppfyllelseReport, VerksamhetsstatistikReport } from './goal.service.ts';

export interface GoalColumn {
  key: string;
  header: string;
  align?: 'left' | 'right';
}

const FULFILLED = (v: boolean | null) => (v === null ? '' : v ? 'ja' : 'nej');
const TREND = { improving: 'bättre', worsening: 'sämre', unchanged: 'oförändrad' } as const;

/** The goal report as rows: one per indicator under its målområde and mål. */
export function maluppfyllelseTable(
  report: MaluppfyllelseReport,
  plain = false,
): { columns: GoalColumn[]; rows: Record<string, string>[] } {
  const number = (v: string | null) => (v === null ? '' : plain ? v : swedishDecimal(v));
  return {
    columns: [
      { key: 'malomrade', header: 'Målområde' },
      { key: 'mal', header: 'Mål' },
      { key: 'indikator', header: 'Indikator' },
      { key: 'mal_ar', header: `Mål ${report.year}`, align: 'right' },
      { key: 'utfall', header: `Utfall ${report.year}`, align: 'right' },
      { key: 'forra', header: `Utfall ${report.year - 1}`, align: 'right' },
      { key: 'uppfyllt', header: 'Uppfyllt' },
      { key: 'trend', header: 'Trend' },
      { key: 'bedomning', header: 'Måluppfyllelse' },
    ],
    rows: report.malomraden.flatMap((a) =>
      a.mal.flatMap((g) =>
        g.indikatorer.map((i) => ({
          malomrade: a.name,
          mal: g.name,
          indikator: i.name,
          mal_ar: i.targetText,
          utfall: `${number(i.outcome)}${i.footnote ? '*' : ''}`,
          forra: number(i.previous),
          uppfyllt: FULFILLED(i.fulfilled),
          trend: i.trend === null ? '' : TREND[i.trend],
          bedomning: i.assessment ?? '',
        })),
      ),
    ),
  };
}

/** The statistics as rows: table, series and the three years. */
export function verksamhetsstatistikTable(
  report: VerksamhetsstatistikReport,
  plain = false,
): { columns: GoalColumn[]; rows: Record<string, string>[] } {
  return {
    columns: [
      { key: 'tabell', header: 'Tabell' },
      { key: 'namn', header: 'Mått' },
      ...report.years.map((y) => ({ key: String(y), header: String(y), align: 'right' as const })),
      { key: 'not', header: 'Not' },
    ],
    rows: report.tables.flatMap((t) =>
      t.rows.map((r) => ({
        tabell: t.title,
        namn: r.aggregation ? `${r.name} (${r.aggregation})` : r.name,
        ...Object.fromEntries(
          report.years.map((y) => {
            const v = r.values[String(y)] ?? null;
            return [String(y), v === null ? '' : plain ? v : swedishDecimal(v)];
          }),
        ),
        not: r.note ?? '',
      })),
    ),
  };
}

export async function goalReportFile(
  report: MaluppfyllelseReport | VerksamhetsstatistikReport,
  format: TableFormat,
): Promise<{ bytes: Buffer; fileName: string }> {
  const flat =
    report.report === 'maluppfyllelse'
      ? maluppfyllelseTable(report, true)
      : verksamhetsstatistikTable(report, true);
  const cells = flat.rows.map((r) =>
    flat.columns.map((c) => {
      const text = r[c.key] ?? '';
      return /^-?\d+(\.\d+)?$/.test(text) && c.align === 'right' ? Number(text) : text;
    }),
  );
  const title = report.report === 'maluppfyllelse' ? 'Måluppfyllelse' : 'Verksamhetsstatistik';
  const year = report.report === 'maluppfyllelse' ? report.year : report.years[0];
  return {
    bytes: await writeTable(
      format,
      title,
      flat.columns.map((c) => c.header),
      cells,
    ),
    fileName: `${report.report}-${year ?? ''}.${format}`,
  };
}
