import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { describeProblem, readTable, type CellProblem } from '../files/table-file.ts';
import { parseDecimal } from '../kpi/kpi.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { AppError } from '../shared/app-error.ts';
import { parsePeriod } from './goal.ts';
import * as repo from './goal.repository.ts';

/**
 * The value file (CSV or XLSX), one value a row: kod (an indicator's or a statistics series'
 * code), enhet (an org unit's code; empty = the nämnd), period (ÅÅÅÅ or ÅÅÅÅ-MM), varde, kalla
 * (the source system) and fotnot (optional). All or nothing: every fault with its row and column.
 */
export const VALUE_COLUMNS = ['kod', 'enhet', 'period', 'varde', 'kalla', 'fotnot'] as const;

export interface ValueImportSummary {
  file: string;
  rows: number;
  indicatorValues: number;
  seriesValues: number;
}

export async function importIndikatorvarden(
  db: Kysely<Database>,
  file: { name: string; bytes: Buffer },
  enteredBy: string,
): Promise<ValueImportSummary> {
  const table = await readTable(file.name, file.bytes);
  const problems: CellProblem[] = [];
  const problem = (row: number, column: string, message: string) =>
    problems.push({ sheet: table.sheet, row, column, message });
  for (const column of ['kod', 'period', 'varde'])
    if (!table.columns.includes(column)) problem(1, column, `kolumnen "${column}" saknas`);
  if (problems.length > 0) throw refused(file.name, problems);

  const indicators = new Map((await repo.findIndicators(db)).map((i) => [i.code, i]));
  const series = new Set((await repo.findSeries(db)).map((s) => s.code));
  const units = await findOrgUnits(db);
  const rows: {
    table: 'indicator_value' | 'stat_value';
    value: Omit<repo.StoredValue, 'enteredAt'>;
  }[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const text = (c: string) => String(cells[c] ?? '').trim();
    const code = text('kod');
    const indicator = indicators.get(code);
    if (code === '') problem(row, 'kod', 'koden saknas');
    else if (!indicator && !series.has(code))
      problem(row, 'kod', `"${code}" är varken en indikator eller en statistikserie`);
    else if (indicator?.source === 'formula')
      problem(row, 'kod', `${code} räknas fram ur sin formel; lägg in grundmåtten i stället`);
    const unit = text('enhet');
    if (unit !== '' && !units.has(unit))
      problem(row, 'enhet', `enheten "${unit}" finns inte i organisationen`);
    const period = parsePeriod(text('period'));
    if (!period)
      problem(row, 'period', `"${text('period')}" är ingen period (skriv ÅÅÅÅ eller ÅÅÅÅ-MM)`);
    const value = parseDecimal(cells['varde'] ?? '');
    if (value === undefined) problem(row, 'varde', `"${text('varde')}" är inget tal (t.ex. 10,74)`);
    const key = `${code}|${unit}|${text('period')}`;
    const earlier = seen.get(key);
    if (earlier !== undefined)
      problem(row, 'period', `samma kod, enhet och period finns redan på rad ${earlier}`);
    seen.set(key, row);
    if (period && value !== undefined && code !== '')
      rows.push({
        table: indicator ? 'indicator_value' : 'stat_value',
        value: {
          code,
          orgUnit: unit,
          periodFrom: period.from,
          periodTo: period.to,
          value,
          source: text('kalla') || 'fil',
          footnote: text('fotnot'),
          enteredBy,
        },
      });
  }
  if (table.rows.length === 0) problem(2, 'kod', 'filen har inga värden');
  if (problems.length > 0) throw refused(file.name, problems);
  // The caller's transaction: a fault of the database itself also leaves nothing behind.
  for (const r of rows) await repo.upsertValue(db, r.value, r.table);
  return {
    file: file.name,
    rows: rows.length,
    indicatorValues: rows.filter((r) => r.table === 'indicator_value').length,
    seriesValues: rows.filter((r) => r.table === 'stat_value').length,
  };
}

function refused(file: string, problems: CellProblem[]): AppError {
  return new AppError(
    'INVALID_ARGUMENT',
    `${file} lästes inte in (inget sparades):\n${problems.map(describeProblem).join('\n')}`,
    { problems },
  );
}
