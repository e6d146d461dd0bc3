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
import { writeAudit, type Actor } from '../audit/audit.service.ts';
import { objectNames } from '../reports/reports.repository.ts';
import { AppError } from '../shared/app-error.ts';
import { isAbove, isOrgLevel, ORG_LEVELS, type OrgLevel, type OrgUnit } from './organisation.ts';
import * as repo from './organisation.repository.ts';
import type { OrgUnitRecord } from './organisation.repository.ts';

export type { OrgUnitRecord } from './organisation.repository.ts';

const COLUMNS = ['kod', 'namn', 'niva', 'overordnad'] as const;

export async function findOrgUnits(db: Kysely<Database>): Promise<Map<string, OrgUnit>> {
  const units = await repo.findUnits(db);
  return new Map(
    units.map((u) => [u.code, { code: u.code, name: u.name, level: u.level, parent: u.parent }]),
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

  // A unit the file leaves as it was keeps its version; a changed one moves on, so that an edit
  // read before the import is refused instead of undoing it.
  const held = new Map((await repo.findUnits(db)).map((u) => [u.code, u]));
  await repo.replaceUnits(
    db,
    [...units.values()].map((u) => {
      const before = held.get(u.code);
      const same =
        before?.name === u.name && before.level === u.level && before.parent === u.parent;
      const version = before ? before.version + (same ? 0 : 1) : 1;
      return { code: u.code, name: u.name, level: u.level, parent: u.parent, version };
    }),
  );
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
    { problems: problems.slice(0, 1000) },
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

/** The tree with each unit's version, and the ansvar of the ledger that are not placed in it. */
export async function listOrganisation(db: Kysely<Database>): Promise<{
  units: OrgUnitRecord[];
  unplaced: { code: string; name: string }[];
}> {
  const units = await repo.findUnits(db);
  const placed = new Set(units.map((u) => u.code));
  const unplaced = [...(await objectNames(db, 'ansvar'))]
    .filter(([code]) => !placed.has(code))
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { units, unplaced };
}

function changedElsewhere(code: string): AppError {
  return new AppError(
    'CONFLICT',
    `enheten ${code} är ändrad av någon annan sedan du läste den: läs in igen`,
  );
}

async function heldUnit(db: Kysely<Database>, code: string): Promise<OrgUnitRecord> {
  const unit = await repo.findUnit(db, code);
  if (!unit) throw new AppError('NOT_FOUND', `organisationen har ingen enhet ${code}`);
  return unit;
}

/** The same placement rule as the import: the parent exists and stands on a higher level. */
async function checkParent(
  db: Kysely<Database>,
  unit: { code: string; level: OrgLevel },
  parent: string | null,
): Promise<void> {
  if (parent === null) return;
  if (parent === unit.code)
    throw new AppError('INVALID_ARGUMENT', `${unit.code} kan inte ligga under sig själv`);
  const above = await repo.findUnit(db, parent);
  if (!above)
    throw new AppError('INVALID_ARGUMENT', `den överordnade ${parent} finns inte i organisationen`);
  if (!isAbove(above.level, unit.level))
    throw new AppError(
      'INVALID_ARGUMENT',
      `en ${unit.level} kan inte ligga under en ${above.level} (${parent})`,
    );
}

/** Adds a unit to the tree; an ansvar must exist in the ledger and, unnamed, takes its name there. */
export async function createOrgUnit(
  db: Kysely<Database>,
  actor: Actor,
  unit: { code: string; name: string; level: OrgLevel; parent: string | null },
): Promise<OrgUnitRecord> {
  const code = unit.code.trim();
  if (code === '') throw new AppError('INVALID_ARGUMENT', 'koden saknas');
  if (await repo.findUnit(db, code))
    throw new AppError('INVALID_ARGUMENT', `koden ${code} finns redan i organisationen`);
  let name = unit.name.trim();
  if (unit.level === 'ansvar') {
    const ledgerName = (await objectNames(db, 'ansvar')).get(code);
    if (ledgerName === undefined)
      throw new AppError(
        'INVALID_ARGUMENT',
        `okänt ansvar ${code}: ett ansvar i organisationen ska finnas i bokföringen (SIE)`,
      );
    name ||= ledgerName;
  }
  if (name === '') throw new AppError('INVALID_ARGUMENT', 'namnet saknas');
  await checkParent(db, { code, level: unit.level }, unit.parent);
  const created = await repo.insertUnit(db, { code, name, level: unit.level, parent: unit.parent });
  await writeAudit(db, {
    actor,
    action: 'organisation.create',
    target: `org:${code}`,
    after: created,
  });
  return created;
}

/** Renames or moves a unit, if nobody changed it since `version` was read. */
export async function updateOrgUnit(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  changes: { name?: string; parent?: string | null; version: number },
): Promise<OrgUnitRecord> {
  const before = await heldUnit(db, code);
  if (before.version !== changes.version) throw changedElsewhere(code);
  const name = changes.name === undefined ? before.name : changes.name.trim();
  if (name === '') throw new AppError('INVALID_ARGUMENT', 'namnet saknas');
  const parent = changes.parent === undefined ? before.parent : changes.parent;
  if (parent !== before.parent) await checkParent(db, before, parent);
  const after = await repo.updateUnit(db, code, changes.version, { name, parent });
  if (!after) throw changedElsewhere(code);
  await writeAudit(db, {
    actor,
    action: 'organisation.update',
    target: `org:${code}`,
    before,
    after,
  });
  return after;
}

/** Removes a unit without children that no user's scope names, if nobody changed it since read. */
export async function deleteOrgUnit(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  version: number,
): Promise<void> {
  const before = await heldUnit(db, code);
  if (before.version !== version) throw changedElsewhere(code);
  const children = await repo.childCodes(db, code);
  if (children.length > 0)
    throw new AppError(
      'INVALID_ARGUMENT',
      `${code} har underordnade enheter (${children.join(', ')}): flytta eller ta bort dem först`,
    );
  const users = await repo.usernamesWithScope(db, code);
  if (users.length > 0)
    throw new AppError(
      'INVALID_ARGUMENT',
      `${code} ingår i området för ${users.join(', ')}: ändra deras område först`,
    );
  if (!(await repo.deleteUnit(db, code, version))) throw changedElsewhere(code);
  await writeAudit(db, { actor, action: 'organisation.delete', target: `org:${code}`, before });
}
