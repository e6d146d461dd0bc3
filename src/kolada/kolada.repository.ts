import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isGender, type KoladaKpi, type KoladaValue } from './kolada.ts';

type Db = Kysely<Database>;

export interface StoredKpi extends KoladaKpi {
  definitionHash: string;
  fetchedAt: Date;
}

export interface StoredValue extends KoladaValue {
  source: string;
  fetchedAt: Date;
}

export async function findKpis(db: Db, ids: readonly string[]): Promise<Map<string, StoredKpi>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('kolada_kpi')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, toKpi(r)]));
}

function toKpi(r: {
  id: string;
  title: string;
  description: string;
  fields: Record<string, unknown>;
  definition_hash: string;
  fetched_at: Date;
}): StoredKpi {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    fields: r.fields,
    definitionHash: r.definition_hash,
    fetchedAt: new Date(r.fetched_at),
  };
}

/** Stored KPIs whose id, title or description contains the text (case-insensitive). */
export async function searchKpis(db: Db, text: string, limit: number): Promise<StoredKpi[]> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectFrom('kolada_kpi')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('id', 'ilike', pattern),
        eb('title', 'ilike', pattern),
        eb('description', 'ilike', pattern),
      ]),
    )
    // Title hits before description hits, then by id.
    .orderBy(sql`case when title ilike ${pattern} or id ilike ${pattern} then 0 else 1 end`)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toKpi);
}

export async function upsertKpi(
  db: Db,
  kpi: KoladaKpi & { definitionHash: string; fetchedAt: Date },
): Promise<void> {
  const row = {
    title: kpi.title,
    description: kpi.description,
    fields: JSON.stringify(kpi.fields),
    definition_hash: kpi.definitionHash,
    fetched_at: kpi.fetchedAt,
  };
  await db
    .insertInto('kolada_kpi')
    .values({ id: kpi.id, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

/** Stores values (insert or replace by kpi, municipality, year, gender), in batches. */
export async function upsertValues(
  db: Db,
  values: readonly KoladaValue[],
  fetchedAt: Date,
): Promise<void> {
  for (let i = 0; i < values.length; i += 1000) {
    const rows = values.slice(i, i + 1000).map((v) => ({
      kpi: v.kpi,
      municipality: v.municipality,
      year: v.year,
      gender: v.gender,
      value: v.value,
      status: v.status,
      count: v.count,
      fetched_at: fetchedAt,
    }));
    await db
      .insertInto('kolada_value')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['kpi', 'municipality', 'year', 'gender']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          status: eb.ref('excluded.status'),
          count: eb.ref('excluded.count'),
          fetched_at: eb.ref('excluded.fetched_at'),
        })),
      )
      .execute();
  }
}

export async function findValues(
  db: Db,
  query: {
    kpis?: readonly string[];
    municipalities?: readonly string[];
    years?: readonly number[];
    genders?: readonly string[];
  },
): Promise<StoredValue[]> {
  let q = db.selectFrom('kolada_value').selectAll();
  if (query.kpis) q = q.where('kpi', 'in', query.kpis.length ? [...query.kpis] : ['']);
  if (query.municipalities)
    q = q.where(
      'municipality',
      'in',
      query.municipalities.length ? [...query.municipalities] : [''],
    );
  if (query.years) q = q.where('year', 'in', query.years.length ? [...query.years] : [-1]);
  if (query.genders) q = q.where('gender', 'in', query.genders.length ? [...query.genders] : ['']);
  const rows = await q
    .orderBy('kpi')
    .orderBy('municipality')
    .orderBy('year')
    // T, K, M: the total first.
    .orderBy(sql`case gender when 'T' then 0 when 'K' then 1 else 2 end`)
    .execute();
  return rows.map((r) => ({
    kpi: r.kpi,
    municipality: r.municipality,
    year: r.year,
    gender: isGender(r.gender) ? r.gender : 'T',
    value: r.value,
    status: r.status,
    count: r.count,
    source: r.source,
    fetchedAt: new Date(r.fetched_at),
  }));
}

export interface KoladaSetting {
  ownMunicipality: string | null;
  peers: string[];
}

export async function findSetting(db: Db): Promise<KoladaSetting> {
  const row = await db
    .selectFrom('kolada_setting')
    .select(['own_municipality', 'peers'])
    .executeTakeFirst();
  return { ownMunicipality: row?.own_municipality ?? null, peers: row?.peers ?? [] };
}

export async function saveSetting(db: Db, setting: KoladaSetting): Promise<void> {
  const row = {
    own_municipality: setting.ownMunicipality,
    peers: JSON.stringify(setting.peers),
    updated_at: new Date(),
  };
  await db
    .insertInto('kolada_setting')
    .values({ id: true, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}
