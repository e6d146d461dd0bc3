import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // Key figures (nyckeltal): definitions, targets per year and activity, outcomes per month range.
  // Values are exact decimals (numeric), e.g. utförandegrad 64.6 (%).
  await db.schema
    .createTable('kpi')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createTable('kpi_target')
    .addColumn('kpi_code', 'text', (c) => c.notNull().references('kpi.code').onDelete('cascade'))
    // '' = the whole administration
    .addColumn('verksamhet', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('comparator', 'text', (c) =>
      c.notNull().check(sql`comparator in ('>=', '>', '<=', '<', '=')`),
    )
    .addColumn('value', 'numeric', (c) => c.notNull())
    .addPrimaryKeyConstraint('kpi_target_pk', ['kpi_code', 'verksamhet', 'year'])
    .execute();
  await db.schema
    .createTable('kpi_value')
    .addColumn('kpi_code', 'text', (c) => c.notNull().references('kpi.code').onDelete('cascade'))
    .addColumn('verksamhet', 'text', (c) => c.notNull().defaultTo(''))
    // The months the value covers, YYYYMM: utförandegrad January–March 2023 = 202301..202303.
    .addColumn('period_from', 'integer', (c) => c.notNull())
    .addColumn('period_to', 'integer', (c) => c.notNull())
    .addColumn('value', 'numeric', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('kpi_value_pk', ['kpi_code', 'verksamhet', 'period_from', 'period_to'])
    .addCheckConstraint('kpi_value_periods', sql`period_from <= period_to`)
    .execute();

  // Åtgärdskrav: the savings an activity (or an ansvar) must find in a year, with its basis.
  await db.schema
    .createTable('atgardskrav')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('verksamhet', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ansvar', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('amount_ore', 'bigint', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('atgardskrav_unit', ['year', 'verksamhet', 'ansvar'])
    .addCheckConstraint('atgardskrav_unit_given', sql`verksamhet <> '' or ansvar <> ''`)
    .execute();
  await db.schema
    .createTable('atgardskrav_kpi')
    .addColumn('atgardskrav_id', 'integer', (c) =>
      c.notNull().references('atgardskrav.id').onDelete('cascade'),
    )
    .addColumn('kpi_code', 'text', (c) => c.notNull().references('kpi.code').onDelete('cascade'))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('atgardskrav_kpi_pk', ['atgardskrav_id', 'kpi_code'])
    .execute();

  // Åtgärder: measures with their effects (öre), start month, status and the unit that owns them.
  await db.schema
    .createTable('atgard')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('atgardskrav_id', 'integer', (c) =>
      c.notNull().references('atgardskrav.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_unit', 'text')
    .addColumn('start_period', 'integer', (c) => c.notNull())
    .addColumn('helarseffekt_ore', 'bigint', (c) => c.notNull())
    .addColumn('effekt_ar_override_ore', 'bigint')
    .addColumn('override_reason', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('planerad', 'pågående', 'genomförd', 'ej genomförbar', 'uppskjuten')`,
        ),
    )
    .addColumn('statustext', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.notNull().defaultTo(''))
    .addCheckConstraint(
      'atgard_override_reason',
      sql`effekt_ar_override_ore is null or coalesce(override_reason, '') <> ''`,
    )
    .execute();
  await db.schema.createIndex('atgard_krav').on('atgard').column('atgardskrav_id').execute();
  await db.schema
    .createTable('atgard_kpi')
    .addColumn('atgard_id', 'integer', (c) =>
      c.notNull().references('atgard.id').onDelete('cascade'),
    )
    .addColumn('kpi_code', 'text', (c) => c.notNull().references('kpi.code').onDelete('cascade'))
    .addPrimaryKeyConstraint('atgard_kpi_pk', ['atgard_id', 'kpi_code'])
    .execute();
  // Where a measure's effect should show in the ledger: accounts (by prefix) and/or ansvar.
  await db.schema
    .createTable('atgard_link')
    .addColumn('atgard_id', 'integer', (c) =>
      c.notNull().references('atgard.id').onDelete('cascade'),
    )
    .addColumn('konto_prefix', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ansvar', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('atgard_link_pk', ['atgard_id', 'konto_prefix', 'ansvar'])
    .addCheckConstraint('atgard_link_given', sql`konto_prefix <> '' or ansvar <> ''`)
    .execute();

  // Follow-ups (per 31 mars, per 31 augusti, bokslut): every requirement and measure as it stood,
  // frozen, so earlier versions stay and two dates can be compared. Amounts in the JSON are text (öre).
  await db.schema
    .createTable('atgard_uppfoljning')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('date', 'date', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .execute();
}
