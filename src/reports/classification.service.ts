import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  describeProblem,
  readTable,
  writeTable,
  type CellProblem,
  type TableFormat,
} from '../files/table-file.ts';
import { AppError } from '../shared/app-error.ts';
import { parseAmount, type Ore } from '../shared/money.ts';
import { findReportLines, upsertInvestmentProject } from './reports.repository.ts';

const COLUMNS = ['rad', 'fran', 'till'] as const;

/** The account classification as a file: one row per range (rad = report line key, fran/till = account-number prefixes). */
export async function exportClassification(
  db: Kysely<Database>,
  format: TableFormat,
): Promise<Buffer> {
  const lines = await findReportLines(db);
  return writeTable(
    format,
    'Kontoklassificering',
    COLUMNS,
    lines.flatMap((l) => l.ranges.map((r) => [l.key, r.from, r.to])),
  );
}

/**
 * Replaces the ranges of the report lines the file names (lines it does not name keep theirs).
 * A range is two prefixes of equal length: 3–3 is every account beginning with 3, 79–79 group 79.
 */
export async function importClassification(
  db: Kysely<Database>,
  file: { name: string; bytes: Buffer },
): Promise<{ lines: number; ranges: number }> {
  const table = await readTable(file.name, file.bytes);
  const known = new Set((await findReportLines(db)).map((l) => l.key));
  const problems: CellProblem[] = [];
  const problem = (row: number, column: string, message: string) =>
    problems.push({ sheet: table.sheet, row, column, message });
  const ranges: { line: string; from: string; to: string }[] = [];
  for (const { row, cells } of table.rows) {
    const [line, from, to] = COLUMNS.map((c) => String(cells[c] ?? '').trim());
    if (!line || !known.has(line))
      problem(row, 'rad', `okänd rapportrad "${line ?? ''}" (finns: ${[...known].join(', ')})`);
    if (!from || !/^\d+$/.test(from))
      problem(row, 'fran', `"${from ?? ''}" är inte början på ett kontonummer`);
    if (!to || !/^\d+$/.test(to) || to.length !== from?.length)
      problem(row, 'till', `"${to ?? ''}" ska vara lika långt som "${from ?? ''}"`);
    else if (from && to < from) problem(row, 'till', `"${to}" kommer före "${from}"`);
    if (line && from && to) ranges.push({ line, from, to });
  }
  if (problems.length > 0) {
    throw new AppError(
      'TEMPLATE_REFUSED',
      [
        `klassificeringen har ${problems.length} fel; inget ändrades:`,
        ...problems.slice(0, 50).map(describeProblem),
      ].join('\n  '),
    );
  }
  const lines = [...new Set(ranges.map((r) => r.line))];
  if (lines.length > 0)
    await db.deleteFrom('report_line_range').where('line_key', 'in', lines).execute();
  if (ranges.length > 0)
    await db
      .insertInto('report_line_range')
      .values(ranges.map((r) => ({ line_key: r.line, from_prefix: r.from, to_prefix: r.to })))
      .execute();
  return { lines: lines.length, ranges: ranges.length };
}

/** An investment project's comment and the unspent money asked to be carried over (ombudgetering), in kronor. */
export async function setInvestmentProject(
  db: Kysely<Database>,
  project: { code: string; name?: string; comment?: string; carryOverKronor?: string },
): Promise<void> {
  let carryOver: Ore | undefined;
  if (project.carryOverKronor !== undefined) {
    carryOver = parseAmount(project.carryOverKronor.replace(',', '.').replace(/\s/g, ''));
    if (carryOver === undefined)
      throw new AppError(
        'INVALID_ARGUMENT',
        `--carry-over ${project.carryOverKronor}: skriv ett belopp i kronor, t.ex. 100000 eller 2500,50`,
      );
  }
  const existing = await db
    .selectFrom('investment_project')
    .select('name')
    .where('code', '=', project.code)
    .executeTakeFirst();
  const objectName = await db
    .selectFrom('dimension_object')
    .innerJoin('dimension', 'dimension.number', 'dimension_object.dimension_number')
    .select('dimension_object.name')
    .where('dimension.role', '=', 'projekt')
    .where('dimension_object.code', '=', project.code)
    .executeTakeFirst();
  const name = project.name ?? existing?.name ?? objectName?.name;
  if (name === undefined)
    throw new AppError(
      'NOT_FOUND',
      `projektet "${project.code}" finns inte i huvudboken; ge det ett namn med --name`,
    );
  await upsertInvestmentProject(db, {
    code: project.code,
    name,
    ...(project.comment === undefined ? {} : { comment: project.comment }),
    ...(carryOver === undefined ? {} : { carryOver }),
  });
}
