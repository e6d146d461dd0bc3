import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Period } from '../shared/dates.ts';
import type { Ore } from '../shared/money.ts';
import { kontogrupp } from '../ledger/ledger.ts';
import { ANSVAR_ROLLUP, YEAR_ROLLUP } from '../ledger/ledger.repository.ts';

type Db = Kysely<Database>;

/** A measure of the year's action plans as the forecast needs it: its effect and its ansvar. */
export interface MeasureForForecast {
  id: number;
  start: Period;
  helarseffekt: Ore;
  override: Ore | null;
  status: string;
  /** The ansvar the measure's ledger links name; empty when it has none. */
  linkedAnsvar: string[];
  /** The ansvar of the requirement the measure belongs to. */
  kravAnsvar: string;
}

export async function measuresOfYear(db: Db, year: number): Promise<MeasureForForecast[]> {
  const rows = await db
    .selectFrom('atgard as a')
    .innerJoin('atgardskrav as k', 'k.id', 'a.atgardskrav_id')
    .select([
      'a.id',
      'a.start_period',
      'a.helarseffekt_ore',
      'a.effekt_ar_override_ore',
      'a.status',
      'k.ansvar',
    ])
    .where('k.year', '=', year)
    .orderBy('a.id')
    .execute();
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('atgard_link')
    .select(['atgard_id', 'ansvar'])
    .where(
      'atgard_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const byMeasure = new Map<number, Set<string>>();
  for (const link of links) {
    if (link.ansvar === '') continue;
    const set = byMeasure.get(link.atgard_id) ?? new Set<string>();
    set.add(link.ansvar);
    byMeasure.set(link.atgard_id, set);
  }
  return rows.map((r) => ({
    id: r.id,
    start: r.start_period,
    helarseffekt: r.helarseffekt_ore,
    override: r.effekt_ar_override_ore,
    status: r.status,
    linkedAnsvar: [...(byMeasure.get(r.id) ?? [])].sort(),
    kravAnsvar: r.ansvar,
  }));
}

export interface PeriodState {
  status: 'open' | 'closed';
  closedAt: Date | null;
  closedBy: string | null;
  rowVersion: number;
}

export async function findPeriod(db: Db, year: number, month: number): Promise<PeriodState> {
  const row = await db
    .selectFrom('forecast_period')
    .selectAll()
    .where('year', '=', year)
    .where('month', '=', month)
    .executeTakeFirst();
  return row
    ? {
        status: row.status,
        closedAt: row.closed_at,
        closedBy: row.closed_by,
        rowVersion: row.row_version,
      }
    : { status: 'open', closedAt: null, closedBy: null, rowVersion: 0 };
}

export async function findPeriodsOfYear(db: Db, year: number) {
  return db
    .selectFrom('forecast_period')
    .selectAll()
    .where('year', '=', year)
    .orderBy('month')
    .execute();
}

export async function findPeriodEvents(db: Db, year: number) {
  return db
    .selectFrom('forecast_period_event')
    .selectAll()
    .where('year', '=', year)
    .orderBy('id')
    .execute();
}

/** Locks the month's row (creating it open) so that a close and a forecast cannot pass each other. */
export async function lockPeriod(db: Db, year: number, month: number): Promise<PeriodState> {
  await db
    .insertInto('forecast_period')
    .values({ year, month, status: 'open', closed_at: null, closed_by: null })
    .onConflict((oc) => oc.columns(['year', 'month']).doNothing())
    .execute();
  const row = await db
    .selectFrom('forecast_period')
    .selectAll()
    .where('year', '=', year)
    .where('month', '=', month)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return {
    status: row.status,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
    rowVersion: row.row_version,
  };
}

export async function setPeriodStatus(
  db: Db,
  year: number,
  month: number,
  change: { status: 'open' | 'closed'; by: string; reason: string },
): Promise<void> {
  await db
    .updateTable('forecast_period')
    .set((eb) => ({
      status: change.status,
      closed_at: change.status === 'closed' ? new Date() : null,
      closed_by: change.status === 'closed' ? change.by : null,
      row_version: eb('row_version', '+', 1),
    }))
    .where('year', '=', year)
    .where('month', '=', month)
    .execute();
  await db
    .insertInto('forecast_period_event')
    .values({
      year,
      month,
      action: change.status === 'closed' ? 'close' : 'reopen',
      reason: change.reason,
      by: change.by,
    })
    .execute();
}

export interface FrozenFigure {
  ansvar: string;
  part: 'intakter' | 'personal' | 'ovriga';
  outcome: Ore;
  budget: Ore;
}

export async function replaceFrozenFigures(
  db: Db,
  year: number,
  month: number,
  figures: readonly FrozenFigure[],
): Promise<void> {
  await db
    .deleteFrom('forecast_period_figure')
    .where('year', '=', year)
    .where('month', '=', month)
    .execute();
  for (let i = 0; i < figures.length; i += 1000)
    await db
      .insertInto('forecast_period_figure')
      .values(
        figures.slice(i, i + 1000).map((f) => ({
          year,
          month,
          ansvar: f.ansvar,
          part: f.part,
          outcome_ore: f.outcome,
          budget_ore: f.budget,
        })),
      )
      .execute();
}

export async function findFrozenFigures(
  db: Db,
  year: number,
): Promise<(FrozenFigure & { month: number })[]> {
  const rows = await db
    .selectFrom('forecast_period_figure')
    .selectAll()
    .where('year', '=', year)
    .execute();
  return rows.map((r) => ({
    month: r.month,
    ansvar: r.ansvar,
    part: r.part,
    outcome: r.outcome_ore,
    budget: r.budget_ore,
  }));
}

export type ForecastRow = Awaited<ReturnType<typeof findForecasts>>[number];

export async function findForecasts(
  db: Db,
  filter: { year: number; month?: number; ansvar?: string },
) {
  let query = db.selectFrom('forecast').selectAll().where('year', '=', filter.year);
  if (filter.month !== undefined) query = query.where('month', '=', filter.month);
  if (filter.ansvar !== undefined) query = query.where('ansvar', '=', filter.ansvar);
  return query.orderBy('month').orderBy('ansvar').execute();
}

export interface ForecastValues {
  method: string;
  intakter: Ore;
  personal: Ore;
  ovriga: Ore;
  reason: string | null;
  comment: string;
}

export async function insertForecast(
  db: Db,
  key: { year: number; month: number; ansvar: string },
  values: ForecastValues,
  by: string,
): Promise<void> {
  await db
    .insertInto('forecast')
    .values({
      year: key.year,
      month: key.month,
      ansvar: key.ansvar,
      status: 'utkast',
      method: values.method,
      intakter_ore: values.intakter,
      personal_ore: values.personal,
      ovriga_ore: values.ovriga,
      reason: values.reason,
      comment: values.comment,
      updated_by: by,
    })
    .execute();
}

/** Updates a forecast if its row version is still `rowVersion`; false when someone changed it meanwhile. */
export async function updateForecast(
  db: Db,
  id: number,
  rowVersion: number,
  change: Partial<{
    values: ForecastValues;
    status: 'utkast' | 'inlamnad' | 'godkand' | 'aterskickad';
    submittedBy: string;
    reviewedBy: string;
    reviewComment: string;
  }>,
  by: string,
): Promise<boolean> {
  const result = await db
    .updateTable('forecast')
    .set((eb) => ({
      ...(change.values === undefined
        ? {}
        : {
            method: change.values.method,
            intakter_ore: change.values.intakter,
            personal_ore: change.values.personal,
            ovriga_ore: change.values.ovriga,
            reason: change.values.reason,
            comment: change.values.comment,
          }),
      ...(change.status === undefined ? {} : { status: change.status }),
      ...(change.submittedBy === undefined
        ? {}
        : { submitted_by: change.submittedBy, submitted_at: new Date() }),
      ...(change.reviewedBy === undefined
        ? {}
        : {
            reviewed_by: change.reviewedBy,
            reviewed_at: new Date(),
            review_comment: change.reviewComment ?? '',
          }),
      updated_by: by,
      updated_at: new Date(),
      row_version: eb('row_version', '+', 1),
    }))
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function findReasons(db: Db) {
  return db.selectFrom('forecast_reason').selectAll().orderBy('sort').execute();
}

export async function findThresholds(db: Db) {
  return db.selectFrom('forecast_threshold').selectAll().execute();
}

export async function setThreshold(
  db: Db,
  level: 'ansvar' | 'verksamhetsomrade' | 'namnd',
  amount: Ore,
  percent: string,
): Promise<void> {
  await db
    .insertInto('forecast_threshold')
    .values({ level, amount_ore: amount, percent })
    .onConflict((oc) => oc.column('level').doUpdateSet({ amount_ore: amount, percent }))
    .execute();
}

/** A forecast as it stands after its cycle, for loading many at once (the demo's year). */
export interface ForecastRecord {
  year: number;
  month: number;
  ansvar: string;
  status: 'utkast' | 'inlamnad' | 'godkand' | 'aterskickad';
  values: ForecastValues;
  updatedBy: string;
  submittedBy: string | null;
  reviewedBy: string | null;
  reviewComment: string;
}

export async function insertForecastRecords(
  db: Db,
  records: readonly ForecastRecord[],
): Promise<void> {
  for (let i = 0; i < records.length; i += 500)
    await db
      .insertInto('forecast')
      .values(
        records.slice(i, i + 500).map((r) => ({
          year: r.year,
          month: r.month,
          ansvar: r.ansvar,
          status: r.status,
          method: r.values.method,
          intakter_ore: r.values.intakter,
          personal_ore: r.values.personal,
          ovriga_ore: r.values.ovriga,
          reason: r.values.reason,
          comment: r.values.comment,
          updated_by: r.updatedBy,
          submitted_by: r.submittedBy,
          submitted_at: r.submittedBy === null ? null : new Date(),
          reviewed_by: r.reviewedBy,
          reviewed_at: r.reviewedBy === null ? null : new Date(),
          review_comment: r.reviewComment,
        })),
      )
      .execute();
}

/** Removes a year's forecasts and month cycle (the demo, rebuilt). */
export async function deleteYear(db: Db, year: number): Promise<void> {
  for (const table of [
    'forecast',
    'forecast_period_figure',
    'forecast_period_event',
    'forecast_period',
  ] as const)
    await db.deleteFrom(table).where('year', '=', year).execute();
}

/**
 * Sums per month and ansvar over some accounts: a fiscal year's outcome, or a budget version.
 *
 * The outcome of every kontogrupp whose accounts the list holds whole is read from the roll-up
 * by (period, ansvar, kontogrupp) (migration 2026-12-01T05-10: on a ledger booked across all
 * ansvar a tenth of `ledger_balance`); the other accounts from `ledger_balance`. "Whole" is
 * judged against the accounts the year has outcome on, which its roll-up by (konto, verksamhet)
 * lists (written with `ledger_balance`, a row for every account and verksamhet booked in the
 * year's periods, zero sums kept), so the sums equal those of `ledger_balance` alone.
 */
export async function monthSums(
  db: Db,
  filter: {
    fiscalYearId: number;
    budgetVersionId?: number;
    fromPeriod: Period;
    toPeriod: Period;
    kontos: readonly string[];
  },
): Promise<{ period: number; ansvar: string; amount: Ore }[]> {
  if (filter.kontos.length === 0) return [];
  if (filter.budgetVersionId !== undefined) {
    const result = await sql<{ period: number; ansvar: string; amount: Ore }>`
      select b.period, b.ansvar, sum(b.amount_ore)::bigint as amount
      from budget_balance b
      where b.budget_version_id = ${filter.budgetVersionId}
        and b.period between ${filter.fromPeriod} and ${filter.toPeriod}
        and b.konto = any(${[...filter.kontos]}::text[])
      group by b.period, b.ansvar`.execute(db);
    return result.rows;
  }
  const booked = await sql<{ konto: string }>`
    select distinct konto from ${sql.table(YEAR_ROLLUP)}
    where fiscal_year_id = ${filter.fiscalYearId}`.execute(db);
  const { whole, single } = splitByKontogrupp(
    filter.kontos,
    booked.rows.map((r) => r.konto),
  );
  const result = await sql<{ period: number; ansvar: string; amount: Ore }>`
    select s.period, s.ansvar, sum(s.amount_ore)::bigint as amount
    from (
      select g.period, g.ansvar, g.amount_ore from ${sql.table(ANSVAR_ROLLUP)} g
      where g.fiscal_year_id = ${filter.fiscalYearId}
        and g.period between ${filter.fromPeriod} and ${filter.toPeriod}
        and g.kontogrupp = any(${whole}::text[])
      union all
      select b.period, b.ansvar, b.amount_ore from ledger_balance b
      where b.fiscal_year_id = ${filter.fiscalYearId}
        and b.period between ${filter.fromPeriod} and ${filter.toPeriod}
        and b.konto = any(${single}::text[])
    ) s
    group by s.period, s.ansvar`.execute(db);
  return result.rows;
}

/**
 * The kontogrupper of `kontos` that hold every booked account of theirs (`whole`), and the other
 * accounts of `kontos` that have outcome (`single`).
 */
export function splitByKontogrupp(
  kontos: readonly string[],
  booked: readonly string[],
): { whole: string[]; single: string[] } {
  const wanted = new Set(kontos);
  const groups = new Map<string, { all: boolean; kontos: string[] }>();
  for (const konto of booked) {
    const code = kontogrupp(konto);
    const group = groups.get(code) ?? { all: true, kontos: [] };
    groups.set(code, group);
    if (wanted.has(konto)) group.kontos.push(konto);
    else group.all = false;
  }
  const whole: string[] = [];
  const single: string[] = [];
  for (const [code, group] of groups) {
    if (group.kontos.length === 0) continue;
    if (group.all) whole.push(code);
    else single.push(...group.kontos);
  }
  return { whole: whole.sort(), single: single.sort() };
}
