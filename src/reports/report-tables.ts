import { writeTable, type TableFormat } from '../files/table-file.ts';
import type { AnyReport, ReportName } from './reports.service.ts';

/** A column of a report table: its key, header and, for numbers, right alignment. */
export interface Column {
  key: string;
  header: string;
  align?: 'left' | 'right';
}

export const TITLES: Record<ReportName, string> = {
  driftredovisning: 'Driftredovisning',
  driftresultat: 'Driftresultat',
  verksamhetsanalys: 'Verksamhetsanalys',
  investeringsredovisning: 'Investeringsredovisning',
};

/** Swedish number format: -13 079 (a space between thousands, minus sign kept). */
function swedish(value: bigint): string {
  const text = (value < 0n ? -value : value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return value < 0n ? `-${text}` : text;
}

/** Plain integers, for CSV and spreadsheets. */
export function plain(value: bigint): string {
  return value.toString();
}

const right = (key: string, header: string): Column => ({ key, header, align: 'right' });

/** A report as rows for a terminal table (Swedish numbers) or, with `plain`, CSV and XLSX; the JSON keeps its own shape. */
export function reportTable(
  report: AnyReport,
  sv: (value: bigint) => string = swedish,
): {
  columns: Column[];
  rows: Record<string, string>[];
} {
  switch (report.report) {
    case 'driftredovisning':
      return {
        columns: [
          { key: 'verksamhet', header: 'Verksamhet' },
          right('utfall', 'Utfall'),
          right('budget', 'Budget'),
          right('avvikelse', 'Avvikelse'),
        ],
        rows: [
          ...report.rows.flatMap((r) => [
            {
              verksamhet: `${r.code} ${r.name}`,
              utfall: sv(r.utfall),
              budget: sv(r.budget),
              avvikelse: sv(r.avvikelse),
            },
            ...r.children.map((c) => ({
              verksamhet: `  ${c.code} ${c.name}`,
              utfall: sv(c.utfall),
              budget: sv(c.budget),
              avvikelse: sv(c.avvikelse),
            })),
          ]),
          {
            verksamhet: 'Summa',
            utfall: sv(report.total.utfall),
            budget: sv(report.total.budget),
            avvikelse: sv(report.total.avvikelse),
          },
        ],
      };
    case 'driftresultat':
      return {
        columns: [
          { key: 'rad', header: `(${report.unit})` },
          right('prev', `Bokslut ${report.year - 1}`),
          right('bokslut', `Bokslut ${report.year}`),
          right('budget', `Budget ${report.year}`),
          right('avvikelse', 'Budgetavvikelse'),
        ],
        rows: report.rows.map((r) => ({
          rad: r.label,
          prev: sv(r.bokslutForegaende),
          bokslut: sv(r.bokslut),
          budget: sv(r.budget),
          avvikelse: sv(r.avvikelse),
        })),
      };
    case 'verksamhetsanalys':
      return {
        columns: [
          { key: 'verksamhet', header: 'Verksamhet' },
          { key: 'rad', header: '' },
          right('utfall', `Utfall ${report.year}`),
          right('budget', `Budget ${report.year}`),
          right('netto', 'Nettoavvikelse'),
        ],
        rows: report.rows.flatMap((r) => [
          {
            verksamhet: `${r.code} ${r.name}`,
            rad: 'Intäkt',
            utfall: sv(r.intakt.utfall),
            budget: sv(r.intakt.budget),
            netto: sv(r.nettoavvikelse),
          },
          {
            verksamhet: '',
            rad: 'Kostnad',
            utfall: sv(r.kostnad.utfall),
            budget: sv(r.kostnad.budget),
            netto: '',
          },
        ]),
      };
    case 'investeringsredovisning':
      return {
        columns: [
          { key: 'projekt', header: 'Projekt' },
          right('bokslut', `Bokslut ${report.year}`),
          right('budget', `Budget ${report.year}`),
          right('avvikelse', 'Avvikelse'),
          right('ombudgetering', 'Ombudgetering'),
        ],
        rows: [
          ...report.rows.map((r) => ({
            projekt: r.name,
            bokslut: sv(r.bokslut),
            budget: sv(r.budget),
            avvikelse: sv(r.avvikelse),
            ombudgetering: sv(r.ombudgetering),
          })),
          {
            projekt: 'Nettoutgifter',
            bokslut: sv(report.total.bokslut),
            budget: sv(report.total.budget),
            avvikelse: sv(report.total.avvikelse),
            ombudgetering: sv(report.total.ombudgetering),
          },
        ],
      };
  }
}

/** A report as a spreadsheet or CSV file (numbers as numbers, headers in Swedish): the CLI's --out and the API's download. */
export async function reportFile(
  report: AnyReport,
  format: TableFormat,
): Promise<{ bytes: Buffer; fileName: string; contentType: string }> {
  const flat = reportTable(report, plain);
  const cells = flat.rows.map((r) =>
    flat.columns.map((c) => (/^-?\d+$/.test(r[c.key] ?? '') ? Number(r[c.key]) : (r[c.key] ?? ''))),
  );
  const bytes = await writeTable(
    format,
    TITLES[report.report],
    flat.columns.map((c) => c.header),
    cells,
  );
  const month =
    'throughMonth' in report && report.throughMonth !== undefined ? `-t${report.throughMonth}` : '';
  return {
    bytes,
    fileName: `${report.report}-${report.year}${month}.${format}`,
    contentType:
      format === 'xlsx'
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'text/csv; charset=utf-8',
  };
}
