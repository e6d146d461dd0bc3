import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Ore } from '../shared/money.ts';
import { isAtgardStatus, type AtgardStatus, type Period } from './action-plan.ts';

type Db = Kysely<Database>;

export interface Atgardskrav {
  id: number;
  year: number;
  verksamhet: string;
  ansvar: string;
  name: string;
  amount: Ore;
  basis: string;
  description: string;
  sort: number;
  version: number;
  kpis: string[];
}

export interface AtgardLink {
  kontoPrefix: string;
  ansvar: string;
}

export interface Atgard {
  id: number;
  atgardskravId: number;
  title: string;
  description: string;
  ownerUnit: string | null;
  start: Period;
  helarseffekt: Ore;
  override?: { effektAr: Ore; reason: string };
  status: AtgardStatus;
  statustext: string;
  sort: number;
  version: number;
  updatedAt: Date;
  updatedBy: string;
  kpis: string[];
  links: AtgardLink[];
}

export async function findAtgardskrav(
  db: Db,
  query: { year?: number; id?: number },
): Promise<Atgardskrav[]> {
  let select = db.selectFrom('atgardskrav').selectAll();
  if (query.year !== undefined) select = select.where('year', '=', query.year);
  if (query.id !== undefined) select = select.where('id', '=', query.id);
  const rows = await select
    .orderBy('year')
    .orderBy('sort')
    .orderBy('verksamhet')
    .orderBy('ansvar')
    .execute();
  const kpis =
    rows.length === 0
      ? []
      : await db
          .selectFrom('atgardskrav_kpi')
          .selectAll()
          .where(
            'atgardskrav_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('sort')
          .execute();
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    verksamhet: r.verksamhet,
    ansvar: r.ansvar,
    name: r.name,
    amount: r.amount_ore,
    basis: r.basis,
    description: r.description,
    sort: r.sort,
    version: r.version,
    kpis: kpis.filter((k) => k.atgardskrav_id === r.id).map((k) => k.kpi_code),
  }));
}

export async function insertAtgardskrav(
  db: Db,
  krav: Omit<Atgardskrav, 'id' | 'version'>,
): Promise<number> {
  const row = await db
    .insertInto('atgardskrav')
    .values({
      year: krav.year,
      verksamhet: krav.verksamhet,
      ansvar: krav.ansvar,
      name: krav.name,
      amount_ore: krav.amount,
      basis: krav.basis,
      description: krav.description,
      sort: krav.sort,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setAtgardskravKpis(db, row.id, krav.kpis);
  return row.id;
}

/** Updates when the version is the one read; false when someone else changed it first. */
export async function updateAtgardskrav(
  db: Db,
  krav: Omit<Atgardskrav, 'year' | 'verksamhet' | 'ansvar'>,
): Promise<boolean> {
  const result = await db
    .updateTable('atgardskrav')
    .set({
      name: krav.name,
      amount_ore: krav.amount,
      basis: krav.basis,
      description: krav.description,
      sort: krav.sort,
      version: sql`version + 1`,
    })
    .where('id', '=', krav.id)
    .where('version', '=', krav.version)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  await setAtgardskravKpis(db, krav.id, krav.kpis);
  return true;
}

async function setAtgardskravKpis(db: Db, id: number, kpis: readonly string[]): Promise<void> {
  await db.deleteFrom('atgardskrav_kpi').where('atgardskrav_id', '=', id).execute();
  if (kpis.length > 0)
    await db
      .insertInto('atgardskrav_kpi')
      .values(kpis.map((kpi_code, sort) => ({ atgardskrav_id: id, kpi_code, sort })))
      .execute();
}

export async function findAtgarder(
  db: Db,
  query: { atgardskravIds?: readonly number[]; id?: number },
): Promise<Atgard[]> {
  let select = db.selectFrom('atgard').selectAll();
  if (query.atgardskravIds !== undefined) {
    if (query.atgardskravIds.length === 0) return [];
    select = select.where('atgardskrav_id', 'in', [...query.atgardskravIds]);
  }
  if (query.id !== undefined) select = select.where('id', '=', query.id);
  const rows = await select.orderBy('atgardskrav_id').orderBy('sort').orderBy('id').execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const kpis = await db
    .selectFrom('atgard_kpi')
    .selectAll()
    .where('atgard_id', 'in', ids)
    .execute();
  const links = await db
    .selectFrom('atgard_link')
    .selectAll()
    .where('atgard_id', 'in', ids)
    .orderBy('konto_prefix')
    .orderBy('ansvar')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    atgardskravId: r.atgardskrav_id,
    title: r.title,
    description: r.description,
    ownerUnit: r.owner_unit,
    start: r.start_period,
    helarseffekt: r.helarseffekt_ore,
    ...(r.effekt_ar_override_ore === null
      ? {}
      : { override: { effektAr: r.effekt_ar_override_ore, reason: r.override_reason ?? '' } }),
    status: isAtgardStatus(r.status) ? r.status : 'planerad',
    statustext: r.statustext,
    sort: r.sort,
    version: r.version,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    kpis: kpis.filter((k) => k.atgard_id === r.id).map((k) => k.kpi_code),
    links: links
      .filter((l) => l.atgard_id === r.id)
      .map((l) => ({ kontoPrefix: l.konto_prefix, ansvar: l.ansvar })),
  }));
}

export type AtgardFields = Omit<Atgard, 'id' | 'version' | 'updatedAt'>;

function atgardRow(atgard: AtgardFields) {
  return {
    atgardskrav_id: atgard.atgardskravId,
    title: atgard.title,
    description: atgard.description,
    owner_unit: atgard.ownerUnit,
    start_period: atgard.start,
    helarseffekt_ore: atgard.helarseffekt,
    effekt_ar_override_ore: atgard.override?.effektAr ?? null,
    override_reason: atgard.override?.reason ?? null,
    status: atgard.status,
    statustext: atgard.statustext,
    sort: atgard.sort,
    updated_by: atgard.updatedBy,
  };
}

export async function insertAtgard(db: Db, atgard: AtgardFields): Promise<number> {
  const row = await db
    .insertInto('atgard')
    .values(atgardRow(atgard))
    .returning('id')
    .executeTakeFirstOrThrow();
  await setAtgardLinks(db, row.id, atgard);
  return row.id;
}

/** Updates when the version is the one read; false when someone else changed it first. */
export async function updateAtgard(
  db: Db,
  id: number,
  version: number,
  atgard: AtgardFields,
): Promise<boolean> {
  const result = await db
    .updateTable('atgard')
    .set({ ...atgardRow(atgard), version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  await setAtgardLinks(db, id, atgard);
  return true;
}

async function setAtgardLinks(
  db: Db,
  id: number,
  atgard: { kpis: readonly string[]; links: readonly AtgardLink[] },
): Promise<void> {
  await db.deleteFrom('atgard_kpi').where('atgard_id', '=', id).execute();
  await db.deleteFrom('atgard_link').where('atgard_id', '=', id).execute();
  const kpis = [...new Set(atgard.kpis)];
  if (kpis.length > 0)
    await db
      .insertInto('atgard_kpi')
      .values(kpis.map((kpi_code) => ({ atgard_id: id, kpi_code })))
      .execute();
  const links = [...new Map(atgard.links.map((l) => [`${l.kontoPrefix}|${l.ansvar}`, l])).values()];
  if (links.length > 0)
    await db
      .insertInto('atgard_link')
      .values(links.map((l) => ({ atgard_id: id, konto_prefix: l.kontoPrefix, ansvar: l.ansvar })))
      .execute();
}

export async function deleteAtgard(db: Db, id: number, version: number): Promise<boolean> {
  const result = await db
    .deleteFrom('atgard')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export interface Uppfoljning {
  id: number;
  year: number;
  date: string;
  name: string;
  createdAt: Date;
  createdBy: string;
  data: unknown;
}

export async function findUppfoljningar(db: Db, query: { year?: number; date?: string }) {
  let select = db.selectFrom('atgard_uppfoljning').selectAll();
  if (query.year !== undefined) select = select.where('year', '=', query.year);
  if (query.date !== undefined) select = select.where('date', '=', query.date);
  const rows = await select.orderBy('date').execute();
  return rows.map((r): Uppfoljning => ({
    id: r.id,
    year: r.year,
    date: r.date,
    name: r.name,
    createdAt: r.created_at,
    createdBy: r.created_by,
    data: r.data,
  }));
}

export async function insertUppfoljning(
  db: Db,
  uppfoljning: { year: number; date: string; name: string; createdBy: string; data: string },
): Promise<number> {
  const row = await db
    .insertInto('atgard_uppfoljning')
    .values({
      year: uppfoljning.year,
      date: uppfoljning.date,
      name: uppfoljning.name,
      created_by: uppfoljning.createdBy,
      data: uppfoljning.data,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Budget and outcome to date (net cost, SIE signs) on a measure's ledger links: accounts by prefix
 * and/or ansvar, from the period balances. `links` must not be empty.
 */
export async function linkedFigures(
  db: Db,
  query: {
    fiscalYearId: number;
    budgetVersionId: number | undefined;
    throughPeriod: number;
    links: readonly AtgardLink[];
    /** Only these ansvar (what a manager may see); all when undefined. */
    ansvar?: readonly string[];
  },
): Promise<{ utfall: Ore; budget: Ore }> {
  const linked = sql.join(
    query.links.map(
      (l) =>
        sql`(${l.kontoPrefix === '' ? sql`true` : sql`konto like ${`${l.kontoPrefix}%`}`} and ${
          l.ansvar === '' ? sql`true` : sql`ansvar = ${l.ansvar}`
        })`,
    ),
    sql` or `,
  );
  const condition =
    query.ansvar === undefined
      ? linked
      : sql`(${linked}) and ansvar = any(${[...query.ansvar]}::text[])`;
  const utfall = await sql<{ amount: bigint | null }>`
    select sum(amount_ore)::bigint as amount from ledger_balance
    where fiscal_year_id = ${query.fiscalYearId} and period > 0 and period <= ${query.throughPeriod}
      and (${condition})`.execute(db);
  const budget =
    query.budgetVersionId === undefined
      ? { rows: [{ amount: 0n }] }
      : await sql<{ amount: bigint | null }>`
          select sum(amount_ore)::bigint as amount from budget_balance
          where budget_version_id = ${query.budgetVersionId} and period > 0 and period <= ${query.throughPeriod}
            and (${condition})`.execute(db);
  return { utfall: utfall.rows[0]?.amount ?? 0n, budget: budget.rows[0]?.amount ?? 0n };
}

/** The activities the given ansvar book on in a fiscal year (a manager's part of the plans). */
export async function activitiesOfAnsvar(
  db: Db,
  fiscalYearId: number,
  ansvar: readonly string[],
): Promise<Set<string>> {
  if (ansvar.length === 0) return new Set();
  const rows = await sql<{ verksamhet: string }>`
    select distinct verksamhet from ledger_balance
    where fiscal_year_id = ${fiscalYearId} and ansvar = any(${[...ansvar]}::text[])`.execute(db);
  return new Set(rows.rows.map((r) => r.verksamhet));
}

/** Removes a year's requirements, measures and follow-ups (the demo rebuilds its year with it). */
export async function deleteYear(db: Db, year: number): Promise<void> {
  await db.deleteFrom('atgard_uppfoljning').where('year', '=', year).execute();
  await db.deleteFrom('atgardskrav').where('year', '=', year).execute();
}
