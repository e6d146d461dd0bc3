import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Comparator } from './kpi.ts';

type Db = Kysely<Database>;

export interface KpiDefinition {
  code: string;
  name: string;
  unit: string;
  description: string;
}

export async function findKpis(
  db: Db,
  codes?: readonly string[],
): Promise<Map<string, KpiDefinition>> {
  let query = db.selectFrom('indicator').selectAll();
  if (codes !== undefined) {
    if (codes.length === 0) return new Map();
    query = query.where('code', 'in', [...codes]);
  }
  const rows = await query.orderBy('code').execute();
  return new Map(rows.map((r) => [r.code, r]));
}

export async function upsertKpi(db: Db, kpi: KpiDefinition): Promise<void> {
  await db
    .insertInto('indicator')
    .values(kpi)
    .onConflict((oc) =>
      oc
        .column('code')
        .doUpdateSet({ name: kpi.name, unit: kpi.unit, description: kpi.description }),
    )
    .execute();
}

export async function upsertTarget(
  db: Db,
  target: {
    kpiCode: string;
    verksamhet: string;
    year: number;
    comparator: Comparator;
    value: string;
  },
): Promise<void> {
  await db
    .insertInto('indicator_target')
    .values({
      indicator_code: target.kpiCode,
      verksamhet: target.verksamhet,
      year: target.year,
      comparator: target.comparator,
      value: target.value,
    })
    .onConflict((oc) =>
      oc.columns(['indicator_code', 'verksamhet', 'year']).doUpdateSet({
        kind: 'value',
        comparator: target.comparator,
        value: target.value,
        value_high: null,
        text: '',
      }),
    )
    .execute();
}

export async function upsertValue(
  db: Db,
  value: {
    kpiCode: string;
    verksamhet: string;
    periodFrom: number;
    periodTo: number;
    value: string;
    source: string;
  },
): Promise<void> {
  await db
    .insertInto('indicator_value')
    .values({
      indicator_code: value.kpiCode,
      verksamhet: value.verksamhet,
      period_from: value.periodFrom,
      period_to: value.periodTo,
      value: value.value,
      source: value.source,
    })
    .onConflict((oc) =>
      oc
        .columns(['indicator_code', 'verksamhet', 'org_unit', 'period_from', 'period_to'])
        .doUpdateSet({ value: value.value, source: value.source }),
    )
    .execute();
}

export async function findTargets(db: Db, codes: readonly string[], year: number) {
  if (codes.length === 0) return [];
  return db
    .selectFrom('indicator_target')
    .selectAll()
    .where('indicator_code', 'in', [...codes])
    .where('year', '=', year)
    .execute();
}

/** Values of the codes whose months end within [fromPeriod, throughPeriod]. */
export async function findValues(
  db: Db,
  codes: readonly string[],
  fromPeriod: number,
  throughPeriod: number,
) {
  if (codes.length === 0) return [];
  return db
    .selectFrom('indicator_value')
    .selectAll()
    .where('indicator_code', 'in', [...codes])
    .where('org_unit', '=', '')
    .where('period_to', '>=', fromPeriod)
    .where('period_to', '<=', throughPeriod)
    .orderBy('period_to')
    .execute();
}
