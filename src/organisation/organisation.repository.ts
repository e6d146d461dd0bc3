import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isOrgLevel, ORG_LEVELS, type OrgUnit } from './organisation.ts';

type Db = Kysely<Database>;

/** A unit as stored, with the version an edit must send back. */
export interface OrgUnitRecord extends OrgUnit {
  version: number;
}

function toRecord(row: {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  version: number;
}): OrgUnitRecord {
  return {
    code: row.code,
    name: row.name,
    level: isOrgLevel(row.level) ? row.level : 'ansvar',
    parent: row.parent_code,
    version: row.version,
  };
}

export async function findUnits(db: Db): Promise<OrgUnitRecord[]> {
  const rows = await db.selectFrom('org_unit').selectAll().orderBy('code').execute();
  return rows.map(toRecord);
}

export async function findUnit(db: Db, code: string): Promise<OrgUnitRecord | undefined> {
  const row = await db
    .selectFrom('org_unit')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Replaces the whole tree, parents first so that every reference points to a row already there. */
export async function replaceUnits(db: Db, units: readonly OrgUnitRecord[]): Promise<void> {
  await db.deleteFrom('org_unit').execute();
  for (const level of ORG_LEVELS) {
    const rows = units.filter((u) => u.level === level);
    if (rows.length > 0)
      await db
        .insertInto('org_unit')
        .values(
          rows.map((u) => ({
            code: u.code,
            name: u.name,
            level: u.level,
            parent_code: u.parent,
            version: u.version,
          })),
        )
        .execute();
  }
}

export async function insertUnit(db: Db, unit: OrgUnit): Promise<OrgUnitRecord> {
  const row = await db
    .insertInto('org_unit')
    .values({ code: unit.code, name: unit.name, level: unit.level, parent_code: unit.parent })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** Changes a unit if it still has the version read; undefined when it does not (or is gone). */
export async function updateUnit(
  db: Db,
  code: string,
  version: number,
  changes: { name: string; parent: string | null },
): Promise<OrgUnitRecord | undefined> {
  const row = await db
    .updateTable('org_unit')
    .set((eb) => ({
      name: changes.name,
      parent_code: changes.parent,
      version: eb('version', '+', 1),
    }))
    .where('code', '=', code)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Deletes a unit if it still has the version read; false when it does not (or is gone). */
export async function deleteUnit(db: Db, code: string, version: number): Promise<boolean> {
  const result = await db
    .deleteFrom('org_unit')
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function childCodes(db: Db, code: string): Promise<string[]> {
  const rows = await db
    .selectFrom('org_unit')
    .select('code')
    .where('parent_code', '=', code)
    .orderBy('code')
    .execute();
  return rows.map((r) => r.code);
}

/** The users whose scope names this code. */
export async function usernamesWithScope(db: Db, code: string): Promise<string[]> {
  const rows = await db
    .selectFrom('user_scope')
    .innerJoin('app_user', 'app_user.id', 'user_scope.user_id')
    .select('app_user.username')
    .where('user_scope.org_code', '=', code)
    .orderBy('app_user.username')
    .execute();
  return rows.map((r) => r.username);
}
