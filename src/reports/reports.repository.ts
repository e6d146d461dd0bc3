import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { outcomeTable } from '../ledger/ledger.repository.ts';
import type { Ore } from '../shared/money.ts';
import type { ReportLine } from './classification.ts';

type Db = Kysely<Database>;

export type ReportGroup = 'verksamhet' | 'ansvar' | 'projekt';

export interface GroupSum {
  konto: string;
  group: string;
  amount: Ore;
}

export interface SumQuery {
  group: ReportGroup;
  /** Outcome of this fiscal year, or a budget version when budgetVersionId is given. */
  fiscalYearId: number;
  budgetVersionId?: number;
  /** The last period (YYYYMM) included; the whole year when undefined. */
  throughPeriod?: number;
  /** Only these ansvar (a manager's part of the organisation); all when undefined. */
  ansvar?: readonly string[];
}

/**
 * Sums per account and group from the period balances (never voucher rows), by verksamhet from
 * its roll-up; opening balances excluded.
 */
export async function sumByKontoAndGroup(db: Db, query: SumQuery): Promise<GroupSum[]> {
  const group = sql.ref(query.group);
  const outcome = outcomeTable(
    query.ansvar === undefined ? ['konto', query.group] : ['konto', query.group, 'ansvar'],
  );
  const source =
    query.budgetVersionId === undefined
      ? sql`${sql.table(outcome)} where fiscal_year_id = ${query.fiscalYearId}`
      : sql`budget_balance where budget_version_id = ${query.budgetVersionId}`;
  const through =
    query.throughPeriod === undefined ? sql`` : sql`and period <= ${query.throughPeriod}`;
  const scope =
    query.ansvar === undefined ? sql`` : sql`and ansvar = any(${[...query.ansvar]}::text[])`;
  const result = await sql<{ konto: string; grp: string; amount: bigint }>`
    select konto, ${group} as grp, sum(amount_ore)::bigint as amount
    from ${source} and period > 0 ${through} ${scope}
    group by konto, ${group}`.execute(db);
  return result.rows.map((r) => ({ konto: r.konto, group: r.grp, amount: r.amount }));
}

export async function findReportLines(db: Db): Promise<ReportLine[]> {
  const lines = await db.selectFrom('report_line').selectAll().orderBy('sort').execute();
  const ranges = await db.selectFrom('report_line_range').selectAll().execute();
  return lines.map((l) => ({
    key: l.key,
    label: l.label,
    sort: l.sort,
    partOf: l.part_of,
    inResult: l.in_result,
    ranges: ranges
      .filter((r) => r.line_key === l.key)
      .map((r) => ({ from: r.from_prefix, to: r.to_prefix })),
  }));
}

export async function findActivities(db: Db) {
  const rows = await db.selectFrom('activity').selectAll().orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, parentCode: r.parent_code }));
}

export async function upsertActivities(
  db: Db,
  activities: readonly { code: string; name: string }[],
): Promise<void> {
  for (const a of activities) {
    await db
      .insertInto('activity')
      .values({ code: a.code, name: a.name, parent_code: null })
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({
          name: sql`case when excluded.name <> '' then excluded.name else activity.name end`,
        }),
      )
      .execute();
  }
}

export async function findInvestmentProjects(db: Db) {
  return db.selectFrom('investment_project').selectAll().orderBy('code').execute();
}

export async function upsertInvestmentProject(
  db: Db,
  project: { code: string; name: string; comment?: string; carryOver?: Ore },
): Promise<void> {
  await db
    .insertInto('investment_project')
    .values({
      code: project.code,
      name: project.name,
      comment: project.comment ?? '',
      carry_over_ore: project.carryOver ?? 0n,
    })
    .onConflict((oc) =>
      oc.column('code').doUpdateSet({
        name: project.name,
        ...(project.comment === undefined ? {} : { comment: project.comment }),
        ...(project.carryOver === undefined ? {} : { carry_over_ore: project.carryOver }),
      }),
    )
    .execute();
}

export async function objectNames(db: Db, role: ReportGroup): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('dimension_object')
    .innerJoin('dimension', 'dimension.number', 'dimension_object.dimension_number')
    .select(['dimension_object.code', 'dimension_object.name'])
    .where('dimension.role', '=', role)
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
