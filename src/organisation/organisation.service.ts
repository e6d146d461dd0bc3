import type { Kysely } from 'kysely';
import { knownObjects } from '../budget/budget.repository.ts';
import type { Database } from '../db/schema.ts';
import {
  describeProblem,
  readTable,
  writeTable,
  type CellProblem,
  type TableFormat,
} from '../files/table-file.ts';
import { objectNames } from '../reports/reports.repository.ts';
import { AppError } from '../shared/app-error.ts';
import { isAbove, isOrgLevel, ORG_LEVELS, type OrgUnit } from './organisation.ts';

const COLUMNS = ['kod', 'namn', 'niva', 'overordnad'] as const;

export async function findOrgUnits(db: Kysely<Database>): Promise<Map<string, OrgUnit>> {
  const rows = await db.selectFrom('org_unit').selectAll().orderBy('code').execute();
  return new Map(
    rows.map((r) => [
      r.code,
      {
        code: r.code,
        name: r.name,
        level: isOrgLevel(r.level) ? r.level : 'ansvar',
        parent: r.parent_code,
      },
    ]),
  );
}

/**
 * Imports the organisation tree from XLSX or CSV (kod, namn, niva, overordnad), replacing the one
 * held: niva is forvaltning, verksamhetsomrade, enhet or ansvar; an ansvar's code is its code in
 * the ledger, and its name, when left empty, the ledger's. All or nothing, faults with row and column.
 */
export async function importOrganisation(
  db: Kysely<Database>,
  file: { name: string; bytes: Buffer },
): Promise<{ units: number; byLevel: Record<string, number> }> {
  const table = await readTable(file.name, file.bytes);
  const problems: CellProblem[] = [];
  const problem = (row: number, column: string, message: string) =>
    problems.push({ sheet: table.sheet, row, column, message });
  for (const column of ['kod', 'niva'])
    if (!table.columns.includes(column)) problem(1, column, `kolumnen "${column}" saknas`);
  if (problems.length > 0) throw refused(problems);

  const ansvar = await knownObjects(db, 'ansvar');
  const ansvarNames = await objectNames(db, 'ansvar');
  const units = new Map<string, OrgUnit & { row: number }>();
  for (const { row, cells } of table.rows) {
    const text = (c: string) => String(cells[c] ?? '').trim();
    const code = text('kod');
    const level = text('niva')
      .toLowerCase()
      .replace(/å|ä/g, 'a')
      .replace(/ö/g, 'o')
      .replace(/\s+/g, '');
    if (code === '') problem(row, 'kod', 'koden saknas');
    if (!isOrgLevel(level))
      problem(row, 'niva', `nivån "${text('niva')}" är inte en av ${ORG_LEVELS.join(', ')}`);
    if (units.has(code))
      problem(row, 'kod', `koden "${code}" finns redan på rad ${units.get(code)?.row ?? 0}`);
    if (level === 'ansvar' && code !== '' && !ansvar.has(code))
      problem(row, 'kod', `okänt ansvar "${code}"`);
    const name = text('namn') || (level === 'ansvar' ? (ansvarNames.get(code) ?? '') : '');
    if (name === '') problem(row, 'namn', 'namnet saknas');
    if (isOrgLevel(level) && code !== '' && !units.has(code))
      units.set(code, { code, name, level, parent: text('overordnad') || null, row });
  }
  for (const unit of units.values()) {
    if (unit.parent === null) continue;
    const parent = units.get(unit.parent);
    if (!parent)
      problem(unit.row, 'overordnad', `den överordnade "${unit.parent}" finns inte i filen`);
    else if (!isAbove(parent.level, unit.level))
      problem(unit.row, 'overordnad', `en ${unit.level} kan inte ligga under en ${parent.level}`);
  }
  if (problems.length > 0) throw refused(problems);

  await db.deleteFrom('org_unit').execute();
  // Parents first, so that every reference points to a row already there.
  for (const level of ORG_LEVELS) {
    const rows = [...units.values()].filter((u) => u.level === level);
    if (rows.length > 0)
      await db
        .insertInto('org_unit')
        .values(
          rows.map((u) => ({ code: u.code, name: u.name, level: u.level, parent_code: u.parent })),
        )
        .execute();
  }
  const byLevel = Object.fromEntries(
    ORG_LEVELS.map((l) => [l, [...units.values()].filter((u) => u.level === l).length]),
  );
  return { units: units.size, byLevel };
}

function refused(problems: readonly CellProblem[]): AppError {
  return new AppError(
    'TEMPLATE_REFUSED',
    [
      `organisationsfilen har ${problems.length} fel; inget importerades:`,
      ...problems.slice(0, 50).map(describeProblem),
    ].join('\n  '),
  );
}

/** The tree as a file to edit and import again; ansvar of the ledger not yet placed come last, without parent. */
export async function exportOrganisation(
  db: Kysely<Database>,
  format: TableFormat,
): Promise<Buffer> {
  const units = await findOrgUnits(db);
  const rows = ORG_LEVELS.flatMap((level) =>
    [...units.values()].filter((u) => u.level === level),
  ).map((u) => [u.code, u.name, u.level, u.parent ?? '']);
  for (const [code, name] of await objectNames(db, 'ansvar')) {
    if (!units.has(code)) rows.push([code, name, 'ansvar', '']);
  }
  return writeTable(format, 'Organisation', COLUMNS, rows);
}
