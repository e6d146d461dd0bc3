import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Period } from '../shared/dates.ts';
import type { Ore } from '../shared/money.ts';
import type { CodeSum, DrillBy, PeriodSum } from './followup.ts';

/**
 * The follow-up's SQL. Figures come from the period balances (ledger_balance, budget_balance),
 * grouped as coarsely as the answer needs; only the vouchers of the last drill-down level read
 * voucher rows. Every query takes the accounts to sum (`konto = any(...)`: the accounts of the
 * operating result, worked out in code from the report lines) and the user's ansvar scope.
 */
type Db = Kysely<Database>;

export interface BalanceFilter {
  /** Outcome of this fiscal year, or the budget version when budgetVersionId is given. */
  fiscalYearId: number;
  budgetVersionId?: number;
  fromPeriod: Period;
  toPeriod: Period;
  /** The accounts to sum; an empty list sums nothing. */
  kontos: readonly string[];
  /** The user's scope: only these ansvar; all when undefined. */
  scope?: readonly string[];
  /** Only these ansvar (a verksamhetsområde's). */
  ansvarIn?: readonly string[];
  ansvar?: string;
  /** Only these verksamhet codes (an activity's subtree). */
  verksamhetIn?: readonly string[];
}

function conditions(filter: BalanceFilter, alias: 'b' | 'r'): RawBuilder<unknown> {
  // Only these fixed names go into the text, never a value.
  const column = (name: 'period' | 'konto' | 'ansvar' | 'verksamhet') =>
    sql.raw(`${alias}.${name}`);
  const parts = [
    sql`${column('period')} between ${filter.fromPeriod} and ${filter.toPeriod}`,
    sql`${column('konto')} = any(${[...filter.kontos]}::text[])`,
  ];
  if (filter.scope !== undefined)
    parts.push(sql`${column('ansvar')} = any(${[...filter.scope]}::text[])`);
  if (filter.ansvarIn !== undefined)
    parts.push(sql`${column('ansvar')} = any(${[...filter.ansvarIn]}::text[])`);
  if (filter.ansvar !== undefined) parts.push(sql`${column('ansvar')} = ${filter.ansvar}`);
  if (filter.verksamhetIn !== undefined)
    parts.push(sql`${column('verksamhet')} = any(${[...filter.verksamhetIn]}::text[])`);
  return sql.join(parts, sql` and `);
}

function balances(filter: BalanceFilter): RawBuilder<unknown> {
  return filter.budgetVersionId === undefined
    ? sql`ledger_balance b where b.fiscal_year_id = ${filter.fiscalYearId}`
    : sql`budget_balance b where b.budget_version_id = ${filter.budgetVersionId}`;
}

/** The overview's query: sums per month, ansvar and verksamhet. */
export function periodSumsQuery(filter: BalanceFilter) {
  return sql<{ period: number; ansvar: string; verksamhet: string; amount: bigint }>`
    select b.period, b.ansvar, b.verksamhet, sum(b.amount_ore)::bigint as amount
    from ${balances(filter)} and ${conditions(filter, 'b')}
    group by b.period, b.ansvar, b.verksamhet`;
}

export async function periodSums(db: Db, filter: BalanceFilter): Promise<PeriodSum[]> {
  if (filter.kontos.length === 0) return [];
  const result = await periodSumsQuery(filter).execute(db);
  return result.rows.map((r) => ({
    period: r.period,
    ansvar: r.ansvar,
    verksamhet: r.verksamhet,
    amount: r.amount,
  }));
}

const GROUP_BY: Record<DrillBy, RawBuilder<unknown>> = {
  verksamhet: sql`b.verksamhet`,
  ansvar: sql`b.ansvar`,
  konto: sql`b.konto`,
  kontogrupp: sql`substr(b.konto, 1, 2)`,
};

/** A drill-down level's query: sums per code of `by` (kontogrupp = the account's first two digits). */
export function codeSumsQuery(filter: BalanceFilter, by: DrillBy) {
  const group = GROUP_BY[by];
  return sql<{ code: string; amount: bigint }>`
    select ${group} as code, sum(b.amount_ore)::bigint as amount
    from ${balances(filter)} and ${conditions(filter, 'b')}
    group by ${group}`;
}

export async function codeSums(db: Db, filter: BalanceFilter, by: DrillBy): Promise<CodeSum[]> {
  if (filter.kontos.length === 0) return [];
  const result = await codeSumsQuery(filter, by).execute(db);
  return result.rows.map((r) => ({ code: r.code, amount: r.amount }));
}

/** The last period of a year with outcome (opening balances, period 0, are not outcome). */
export async function lastOutcomePeriod(db: Db, fiscalYearId: number): Promise<Period | undefined> {
  const row = await db
    .selectFrom('ledger_balance')
    .select((eb) => eb.fn.max<number | null>('period').as('last'))
    .where('fiscal_year_id', '=', fiscalYearId)
    .where('period', '>', 0)
    .executeTakeFirst();
  return row?.last ?? undefined;
}

/** Which of these accounts have outcome in the year (within the scope). */
export async function accountsWithOutcome(
  db: Db,
  filter: Omit<BalanceFilter, 'budgetVersionId'>,
): Promise<string[]> {
  if (filter.kontos.length === 0) return [];
  const result = await sql<{ konto: string }>`
    select distinct b.konto from ${balances(filter)} and ${conditions(filter, 'b')}
    order by b.konto`.execute(db);
  return result.rows.map((r) => r.konto);
}

export async function findAccounts(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('account').select(['konto', 'name']).execute();
  return new Map(rows.map((r) => [r.konto, r.name]));
}

export async function findAccountGroups(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('account_group').select(['code', 'name']).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export interface VoucherRowFilter extends Omit<BalanceFilter, 'budgetVersionId'> {
  limit: number;
  offset: number;
}

export interface VoucherLine {
  date: string;
  series: string;
  number: string;
  text: string;
  rowText: string | null;
  konto: string;
  ansvar: string;
  verksamhet: string;
  amount: Ore;
}

// The rows that make up the period balances: #TRANS and #RTRANS; a #BTRANS (removed) never counts.
const COUNTED = sql`r.kind <> 'B'`;

/** The voucher rows behind a figure, by date, series, number (numerically when numeric) and row. */
export function voucherRowsQuery(filter: VoucherRowFilter) {
  return sql<{
    date: string;
    series: string;
    number: string;
    text: string;
    row_text: string | null;
    konto: string;
    ansvar: string;
    verksamhet: string;
    amount: bigint;
  }>`
    select v.date, v.series, v.number, v.text, r.text as row_text, r.konto, r.ansvar,
      r.verksamhet, r.amount_ore as amount
    from voucher_row r
    join voucher v on v.import_id = r.import_id and v.voucher_no = r.voucher_no
    where r.fiscal_year_id = ${filter.fiscalYearId} and ${COUNTED} and ${conditions(filter, 'r')}
    order by v.date, v.series, length(v.number), v.number, r.import_id, r.voucher_no, r.row_no
    limit ${filter.limit} offset ${filter.offset}`;
}

export function voucherTotalsQuery(filter: Omit<BalanceFilter, 'budgetVersionId'>) {
  return sql<{ count: bigint; sum: bigint }>`
    select count(*)::bigint as count, coalesce(sum(r.amount_ore), 0)::bigint as sum
    from voucher_row r
    where r.fiscal_year_id = ${filter.fiscalYearId} and ${COUNTED} and ${conditions(filter, 'r')}`;
}

export async function findVoucherRows(db: Db, filter: VoucherRowFilter): Promise<VoucherLine[]> {
  if (filter.kontos.length === 0) return [];
  const result = await voucherRowsQuery(filter).execute(db);
  return result.rows.map((r) => ({
    date: r.date,
    series: r.series,
    number: r.number,
    text: r.text,
    rowText: r.row_text,
    konto: r.konto,
    ansvar: r.ansvar,
    verksamhet: r.verksamhet,
    amount: r.amount,
  }));
}

export async function voucherTotals(
  db: Db,
  filter: Omit<BalanceFilter, 'budgetVersionId'>,
): Promise<{ count: bigint; sum: Ore }> {
  if (filter.kontos.length === 0) return { count: 0n, sum: 0n };
  const result = await voucherTotalsQuery(filter).execute(db);
  const row = result.rows[0];
  return { count: row?.count ?? 0n, sum: row?.sum ?? 0n };
}
