import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // Kolada (RKA) KPI metadata as last fetched. `definition_hash` covers the fields that define the
  // KPI (title, description, gender split, municipality type, …) so a later fetch can tell that
  // Kolada changed the KPI; `fields` keeps the rest of what Kolada said, as it said it.
  await db.schema
    .createTable('kolada_kpi')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('definition_hash', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // Values per KPI, municipality (Kolada id, "1882" = Askersund), year and gender (T total, K women,
  // M men), exactly as Kolada gave them: value is null where Kolada has none, with its status.
  await db.schema
    .createTable('kolada_value')
    .addColumn('kpi', 'text', (c) => c.notNull())
    .addColumn('municipality', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.notNull().check(sql`gender in ('T', 'K', 'M')`))
    .addColumn('value', 'numeric')
    .addColumn('status', 'text')
    .addColumn('count', 'integer')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('Källa: Kolada'))
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('kolada_value_pk', ['kpi', 'municipality', 'year', 'gender'])
    .execute();

  // The municipality's own Kolada id and the peers it compares itself with: one row.
  await db.schema
    .createTable('kolada_setting')
    .addColumn('id', 'boolean', (c) =>
      c
        .primaryKey()
        .defaultTo(true)
        .check(sql`id`),
    )
    .addColumn('own_municipality', 'text')
    .addColumn('peers', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}
