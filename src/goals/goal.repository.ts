import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../db/schema.ts';
import { parseDecimal } from '../kpi/kpi.ts';
import type { Direction, GoalTarget, IndicatorSource } from './goal.ts';
import type { ValueColumns } from './goal.table.ts';

type Db = Kysely<Database>;

export interface Indicator {
  code: string;
  name: string;
  unit: string;
  description: string;
  metod: string;
  source: IndicatorSource;
  koladaKpi: string | null;
  koladaGender: 'T' | 'K' | 'M';
  formula: string | null;
  decimals: number;
  direction: Direction;
  /** Adressering: the org units' codes. */
  units: string[];
  version: number;
}

const canonical = (value: string) => parseDecimal(value) ?? value;

export async function findIndicators(db: Db, codes?: readonly string[]): Promise<Indicator[]> {
  let query = db.selectFrom('indicator').selectAll();
  if (codes !== undefined) {
    if (codes.length === 0) return [];
    query = query.where('code', 'in', [...codes]);
  }
  const rows = await query.orderBy('code').execute();
  const units = await db
    .selectFrom('indicator_unit')
    .selectAll()
    .orderBy('org_unit')
    .$if(codes !== undefined, (q) => q.where('indicator_code', 'in', [...(codes ?? [])]))
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    unit: r.unit,
    description: r.description,
    metod: r.metod,
    source: r.source as IndicatorSource,
    koladaKpi: r.kolada_kpi,
    koladaGender: r.kolada_gender as 'T' | 'K' | 'M',
    formula: r.formula,
    decimals: r.decimals,
    direction: r.direction as Direction,
    units: units.filter((u) => u.indicator_code === r.code).map((u) => u.org_unit),
    version: r.version,
  }));
}

export async function upsertIndicator(
  db: Db,
  i: Omit<Indicator, 'units' | 'version'>,
): Promise<void> {
  const values = {
    name: i.name,
    unit: i.unit,
    description: i.description,
    metod: i.metod,
    source: i.source,
    kolada_kpi: i.koladaKpi,
    kolada_gender: i.koladaGender,
    formula: i.formula,
    decimals: i.decimals,
    direction: i.direction,
  };
  await db
    .insertInto('indicator')
    .values({ code: i.code, ...values })
    .onConflict((oc) =>
      oc.column('code').doUpdateSet({ ...values, version: sql`indicator.version + 1` }),
    )
    .execute();
}

export async function setIndicatorUnits(
  db: Db,
  code: string,
  units: readonly string[],
): Promise<void> {
  await db.deleteFrom('indicator_unit').where('indicator_code', '=', code).execute();
  if (units.length > 0)
    await db
      .insertInto('indicator_unit')
      .values(units.map((u) => ({ indicator_code: code, org_unit: u })))
      .execute();
}

/** The nämnd's targets of a year (verksamhet '' ; the action plans' per-activity ones aside). */
export async function findTargets(db: Db, year: number): Promise<Map<string, GoalTarget>> {
  const rows = await db
    .selectFrom('indicator_target')
    .selectAll()
    .where('year', '=', year)
    .where('verksamhet', '=', '')
    .execute();
  const targets = new Map<string, GoalTarget>();
  for (const r of rows) {
    const target = targetFromRow(r);
    if (target) targets.set(r.indicator_code, target);
  }
  return targets;
}

/** The indicators with a target row of the nämnd's for a year, readable or not. */
export async function findTargetCodes(db: Db, year: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('indicator_target')
    .select('indicator_code')
    .where('year', '=', year)
    .where('verksamhet', '=', '')
    .execute();
  return new Set(rows.map((r) => r.indicator_code));
}

function targetFromRow(r: {
  kind: string;
  comparator: string | null;
  value: string | null;
  value_high: string | null;
  text: string;
}): GoalTarget | undefined {
  switch (r.kind) {
    case 'value':
      return r.value !== null && r.comparator !== null
        ? {
            kind: 'value',
            comparator: r.comparator as '>=',
            value: canonical(r.value),
            text: r.text,
          }
        : undefined;
    case 'relative':
      return {
        kind: 'relative',
        change: r.comparator === '<' || r.comparator === '<=' ? 'decrease' : 'increase',
        text: r.text,
      };
    case 'range':
      return r.value !== null && r.value_high !== null
        ? { kind: 'range', low: canonical(r.value), high: canonical(r.value_high), text: r.text }
        : undefined;
    default:
      return { kind: 'none', text: r.text };
  }
}

export async function upsertTarget(
  db: Db,
  input: { code: string; year: number; target: GoalTarget },
): Promise<void> {
  const t = input.target;
  const values = {
    kind: t.kind,
    comparator:
      t.kind === 'value'
        ? t.comparator
        : t.kind === 'relative'
          ? t.change === 'increase'
            ? '>'
            : '<'
          : null,
    value: t.kind === 'value' ? t.value : t.kind === 'range' ? t.low : null,
    value_high: t.kind === 'range' ? t.high : null,
    text: t.text,
  };
  await db
    .insertInto('indicator_target')
    .values({ indicator_code: input.code, verksamhet: '', year: input.year, ...values })
    .onConflict((oc) => oc.columns(['indicator_code', 'verksamhet', 'year']).doUpdateSet(values))
    .execute();
}

export async function deleteTarget(db: Db, code: string, year: number): Promise<void> {
  await db
    .deleteFrom('indicator_target')
    .where('indicator_code', '=', code)
    .where('year', '=', year)
    .where('verksamhet', '=', '')
    .execute();
}

export interface StoredValue {
  code: string;
  orgUnit: string;
  periodFrom: number;
  periodTo: number;
  value: string;
  source: string;
  footnote: string;
  enteredBy: string;
  enteredAt: Date;
}

/** A value row of either table; `code` is its indicator's or its series'. */
function storedValue(code: string, r: Selectable<ValueColumns>): StoredValue {
  return {
    code,
    orgUnit: r.org_unit,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    value: canonical(r.value),
    source: r.source,
    footnote: r.footnote,
    enteredBy: r.entered_by,
    enteredAt: r.entered_at,
  };
}

/** Values of the codes within the years, as whole years or single months (not the plans' ranges). */
export async function findValues(
  db: Db,
  codes: readonly string[],
  years: { from: number; to: number },
  orgUnit = '',
): Promise<StoredValue[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('indicator_value')
    .selectAll()
    .where('indicator_code', 'in', [...codes])
    .where('verksamhet', '=', '')
    .where('org_unit', '=', orgUnit)
    .where('period_from', '>=', years.from * 100 + 1)
    .where('period_to', '<=', years.to * 100 + 12)
    .orderBy('period_from')
    .execute();
  return rows.map((r) => storedValue(r.indicator_code, r));
}

export async function upsertValue(
  db: Db,
  v: Omit<StoredValue, 'enteredAt'> & { enteredAt?: Date },
  table: 'indicator_value' | 'stat_value' = 'indicator_value',
): Promise<void> {
  const values = {
    value: v.value,
    source: v.source,
    footnote: v.footnote,
    entered_by: v.enteredBy,
    // Now, unless the value is older than its entry: a Kolada value carries its fetch date.
    entered_at: v.enteredAt ?? new Date(),
  };
  if (table === 'indicator_value')
    await db
      .insertInto('indicator_value')
      .values({
        indicator_code: v.code,
        verksamhet: '',
        org_unit: v.orgUnit,
        period_from: v.periodFrom,
        period_to: v.periodTo,
        ...values,
      })
      .onConflict((oc) =>
        oc
          .columns(['indicator_code', 'verksamhet', 'org_unit', 'period_from', 'period_to'])
          .doUpdateSet(values),
      )
      .execute();
  else
    await db
      .insertInto('stat_value')
      .values({
        series_code: v.code,
        org_unit: v.orgUnit,
        period_from: v.periodFrom,
        period_to: v.periodTo,
        ...values,
      })
      .onConflict((oc) =>
        oc.columns(['series_code', 'org_unit', 'period_from', 'period_to']).doUpdateSet(values),
      )
      .execute();
}

// ── The goal tree ─────────────────────────────────────────────────────────────────────────────

export async function findGoalAreas(db: Db, year: number) {
  return db
    .selectFrom('goal_area')
    .selectAll()
    .where('year', '=', year)
    .orderBy('sort')
    .orderBy('id')
    .execute();
}

export async function findGoals(db: Db, year: number) {
  return db
    .selectFrom('goal')
    .innerJoin('goal_area', 'goal_area.id', 'goal.area_id')
    .selectAll('goal')
    .where('goal_area.year', '=', year)
    .orderBy('goal.sort')
    .orderBy('goal.id')
    .execute();
}

export async function findGoalIndicators(db: Db, year: number) {
  return db
    .selectFrom('goal_indicator')
    .innerJoin('goal', 'goal.id', 'goal_indicator.goal_id')
    .innerJoin('goal_area', 'goal_area.id', 'goal.area_id')
    .selectAll('goal_indicator')
    .where('goal_area.year', '=', year)
    .orderBy('goal_indicator.sort')
    .execute();
}

export async function insertGoalArea(
  db: Db,
  area: {
    year: number;
    sort: number;
    name: string;
    description: string;
    uppdrag: string;
    aterrapport: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('goal_area')
    .values(area)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertGoal(
  db: Db,
  goal: {
    areaId: number;
    sort: number;
    name: string;
    kfGoal: string;
    uppdrag: string;
    aterrapport: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('goal')
    .values({
      area_id: goal.areaId,
      sort: goal.sort,
      name: goal.name,
      kf_goal: goal.kfGoal,
      uppdrag: goal.uppdrag,
      aterrapport: goal.aterrapport,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function linkIndicator(
  db: Db,
  link: { goalId: number; code: string; sort: number },
): Promise<void> {
  await db
    .insertInto('goal_indicator')
    .values({ goal_id: link.goalId, indicator_code: link.code, sort: link.sort })
    .onConflict((oc) => oc.columns(['goal_id', 'indicator_code']).doUpdateSet({ sort: link.sort }))
    .execute();
}

/** Updates a text field of a tree node if its version is still the one read; false otherwise. */
export async function updateNode(
  db: Db,
  table: 'goal_area' | 'goal' | 'namnd_uppdrag' | 'program',
  id: number,
  version: number,
  fields: Record<string, string>,
): Promise<boolean> {
  const result = await db
    .updateTable(table)
    .set({ ...fields, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function findNodeYear(
  db: Db,
  table: 'goal_area' | 'goal' | 'namnd_uppdrag' | 'program',
  id: number,
): Promise<number | undefined> {
  if (table === 'goal') {
    const row = await db
      .selectFrom('goal')
      .innerJoin('goal_area', 'goal_area.id', 'goal.area_id')
      .select('goal_area.year')
      .where('goal.id', '=', id)
      .executeTakeFirst();
    return row?.year;
  }
  const row = await db.selectFrom(table).select('year').where('id', '=', id).executeTakeFirst();
  return row?.year;
}

// ── Assessments ──────────────────────────────────────────────────────────────────────────────

export async function findAssessments(db: Db, year: number) {
  return db.selectFrom('indicator_assessment').selectAll().where('year', '=', year).execute();
}

export async function findAssessment(db: Db, code: string, year: number) {
  return db
    .selectFrom('indicator_assessment')
    .selectAll()
    .where('indicator_code', '=', code)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** Writes the analysis and printed assessment; a change clears an earlier approval. */
export async function saveAssessment(
  db: Db,
  input: {
    code: string;
    year: number;
    analysis: string;
    assessment: string | null;
    by: string;
    /** The version read; null when there was none yet. */
    version: number | null;
  },
): Promise<boolean> {
  const fields = {
    analysis: input.analysis,
    assessment: input.assessment,
    updated_by: input.by,
    updated_at: new Date(),
    approved_by: null,
    approved_at: null,
  };
  if (input.version === null) {
    const inserted = await db
      .insertInto('indicator_assessment')
      .values({ indicator_code: input.code, year: input.year, ...fields })
      .onConflict((oc) => oc.columns(['indicator_code', 'year']).doNothing())
      .executeTakeFirst();
    return (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }
  const result = await db
    .updateTable('indicator_assessment')
    .set({ ...fields, version: sql`version + 1` })
    .where('indicator_code', '=', input.code)
    .where('year', '=', input.year)
    .where('version', '=', input.version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function approveAssessment(
  db: Db,
  input: { code: string; year: number; by: string; version: number },
): Promise<boolean> {
  const result = await db
    .updateTable('indicator_assessment')
    .set({ approved_by: input.by, approved_at: new Date(), version: sql`version + 1` })
    .where('indicator_code', '=', input.code)
    .where('year', '=', input.year)
    .where('version', '=', input.version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

// ── Uppdrag and programs ──────────────────────────────────────────────────────────────────────

export async function findUppdrag(db: Db, year: number) {
  return db
    .selectFrom('namnd_uppdrag')
    .selectAll()
    .where('year', '=', year)
    .orderBy('sort')
    .orderBy('id')
    .execute();
}

export async function insertUppdrag(
  db: Db,
  u: { year: number; sort: number; text: string; aktiviteter: string; aterrapport: string },
): Promise<number> {
  return (await db.insertInto('namnd_uppdrag').values(u).returning('id').executeTakeFirstOrThrow())
    .id;
}

export async function findPrograms(db: Db, year: number) {
  return db
    .selectFrom('program')
    .selectAll()
    .where('year', '=', year)
    .orderBy('sort')
    .orderBy('id')
    .execute();
}

export async function insertProgram(
  db: Db,
  p: { year: number; sort: number; name: string; uppfoljning: string },
): Promise<number> {
  return (await db.insertInto('program').values(p).returning('id').executeTakeFirstOrThrow()).id;
}

// ── Verksamhetsstatistik ──────────────────────────────────────────────────────────────────────

export interface StatSeries {
  code: string;
  name: string;
  unit: string;
  aggregation: string;
  tableTitle: string;
  sort: number;
  note: string;
}

export async function findSeries(db: Db, codes?: readonly string[]): Promise<StatSeries[]> {
  let query = db.selectFrom('stat_series').selectAll();
  if (codes !== undefined) {
    if (codes.length === 0) return [];
    query = query.where('code', 'in', [...codes]);
  }
  const rows = await query.orderBy('sort').orderBy('code').execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    unit: r.unit,
    aggregation: r.aggregation,
    tableTitle: r.table_title,
    sort: r.sort,
    note: r.note,
  }));
}

export async function upsertSeries(db: Db, s: StatSeries): Promise<void> {
  const values = {
    name: s.name,
    unit: s.unit,
    aggregation: s.aggregation,
    table_title: s.tableTitle,
    sort: s.sort,
    note: s.note,
  };
  await db
    .insertInto('stat_series')
    .values({ code: s.code, ...values })
    .onConflict((oc) =>
      oc.column('code').doUpdateSet({ ...values, version: sql`stat_series.version + 1` }),
    )
    .execute();
}

/** The whole-year values of every series for the nämnd within the years. */
export async function findStatValues(
  db: Db,
  years: { from: number; to: number },
): Promise<StoredValue[]> {
  const rows = await db
    .selectFrom('stat_value')
    .selectAll()
    .where('org_unit', '=', '')
    .where('period_from', '>=', years.from * 100 + 1)
    .where('period_to', '<=', years.to * 100 + 12)
    .execute();
  return rows.map((r) => storedValue(r.series_code, r));
}

/** The years that have a goal tree, newest first. */
export async function findGoalYears(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('goal_area')
    .select('year')
    .distinct()
    .orderBy('year', 'desc')
    .execute();
  return rows.map((r) => r.year);
}

/** The years with a whole-year statistics value for the nämnd, newest first. */
export async function findStatYears(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('stat_value')
    .select(sql<number | string>`period_from / 100`.as('year'))
    .distinct()
    .where('org_unit', '=', '')
    .orderBy('year', 'desc')
    .execute();
  return rows.map((r) => Number(r.year));
}

/** An indicator's targets (the nämnd's) over a span of years, by year. */
export async function findIndicatorTargets(
  db: Db,
  code: string,
  years: { from: number; to: number },
): Promise<Map<number, GoalTarget>> {
  const rows = await db
    .selectFrom('indicator_target')
    .selectAll()
    .where('indicator_code', '=', code)
    .where('verksamhet', '=', '')
    .where('year', '>=', years.from)
    .where('year', '<=', years.to)
    .execute();
  const targets = new Map<number, GoalTarget>();
  for (const r of rows) {
    const target = targetFromRow(r);
    if (target) targets.set(r.year, target);
  }
  return targets;
}
