import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Ore } from '../shared/money.ts';

type Db = Kysely<Database>;

export async function findProfiles(db: Db): Promise<Map<string, number[]>> {
  const rows = await db.selectFrom('period_profile').selectAll().execute();
  return new Map(rows.map((r) => [r.name, JSON.parse(r.weights) as number[]]));
}

export async function knownObjects(
  db: Db,
  role: 'ansvar' | 'verksamhet' | 'projekt',
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('dimension_object')
    .innerJoin('dimension', 'dimension.number', 'dimension_object.dimension_number')
    .select('dimension_object.code')
    .where('dimension.role', '=', role)
    .execute();
  return new Set(rows.map((r) => r.code));
}

export async function knownAccounts(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('account').select('konto').execute();
  return new Set(rows.map((r) => r.konto));
}

export async function findVersions(db: Db, fiscalYearId: number) {
  return db
    .selectFrom('budget_version')
    .select(['id', 'name', 'is_current', 'source', 'created_at'])
    .where('fiscal_year_id', '=', fiscalYearId)
    .orderBy('id')
    .execute();
}

export async function setCurrentVersion(
  db: Db,
  fiscalYearId: number,
  versionId: number,
): Promise<void> {
  await db
    .updateTable('budget_version')
    .set({ is_current: false })
    .where('fiscal_year_id', '=', fiscalYearId)
    .execute();
  await db
    .updateTable('budget_version')
    .set({ is_current: true })
    .where('id', '=', versionId)
    .execute();
}

export interface BudgetCell {
  period: number;
  konto: string;
  ansvar: string;
  verksamhet: string;
  projekt: string;
  amount: Ore;
}

/** Amounts per (ansvar, verksamhet, projekt, konto, period) of a budget version or a year's outcome. */
export async function amountsByCell(
  db: Db,
  source: { versionId: number } | { fiscalYearId: number },
): Promise<BudgetCell[]> {
  const from =
    'versionId' in source
      ? sql`budget_balance where budget_version_id = ${source.versionId}`
      : sql`ledger_balance where fiscal_year_id = ${source.fiscalYearId}`;
  const result = await sql<{
    period: number;
    konto: string;
    ansvar: string;
    verksamhet: string;
    projekt: string;
    amount: bigint;
  }>`
    select period, konto, ansvar, verksamhet, projekt, sum(amount_ore)::bigint as amount
    from ${from} and period > 0
    group by period, konto, ansvar, verksamhet, projekt
    order by ansvar, verksamhet, projekt, konto, period`.execute(db);
  return result.rows.map((r) => ({ ...r, amount: r.amount }));
}
