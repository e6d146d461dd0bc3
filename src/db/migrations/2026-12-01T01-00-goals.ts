import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // The action plans' key figures become the indicator registry: one table of measures with
  // their source (manual entry, value file, Kolada, formula over base measures), decimals and the
  // direction that is better. The action plans keep pointing at the same codes.
  await db.schema.alterTable('kpi').renameTo('indicator').execute();
  await db.schema.alterTable('kpi_target').renameTo('indicator_target').execute();
  await db.schema.alterTable('kpi_value').renameTo('indicator_value').execute();
  await db.schema
    .alterTable('indicator_target')
    .renameColumn('kpi_code', 'indicator_code')
    .execute();
  await db.schema
    .alterTable('indicator_value')
    .renameColumn('kpi_code', 'indicator_code')
    .execute();

  await db.schema
    .alterTable('indicator')
    .addColumn('metod', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) =>
      c
        .notNull()
        .defaultTo('manual')
        .check(sql`source in ('manual', 'file', 'kolada', 'formula')`),
    )
    // Kolada's KPI id (N00090) and gender (T total, K women, M men) when source = 'kolada'.
    .addColumn('kolada_kpi', 'text')
    .addColumn('kolada_gender', 'text', (c) =>
      c
        .notNull()
        .defaultTo('T')
        .check(sql`kolada_gender in ('T', 'K', 'M')`),
    )
    // An expression over other indicators' codes: "100 * TC_UTFORD / TC_ARBETAD".
    .addColumn('formula', 'text')
    .addColumn('decimals', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`decimals between 0 and 6`),
    )
    .addColumn('direction', 'text', (c) =>
      c
        .notNull()
        .defaultTo('higher')
        .check(sql`direction in ('higher', 'lower')`),
    )
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('indicator')
    .addCheckConstraint(
      'indicator_source_given',
      sql`(source <> 'kolada' or kolada_kpi is not null) and (source <> 'formula' or formula is not null)`,
    )
    .execute();

  // Adressering: the org units an indicator is addressed to (whose managers answer for it).
  await db.schema
    .createTable('indicator_unit')
    .addColumn('indicator_code', 'text', (c) =>
      c.notNull().references('indicator.code').onDelete('cascade').onUpdate('cascade'),
    )
    .addColumn('org_unit', 'text', (c) =>
      c.notNull().references('org_unit.code').onDelete('cascade').onUpdate('cascade'),
    )
    .addPrimaryKeyConstraint('indicator_unit_pk', ['indicator_code', 'org_unit'])
    .execute();

  // Targets: a value with a comparator (≥ 85), relative to last year (comparator '>' = öka,
  // '<' = minska, no value), a range (value ≤ outcome ≤ value_high), or none (a text only).
  await db.schema
    .alterTable('indicator_target')
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .defaultTo('value')
        .check(sql`kind in ('value', 'relative', 'range', 'none')`),
    )
    .addColumn('value_high', 'numeric')
    // The target as printed when it is not the formatted value: "Öka jmf utfall 2023".
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('indicator_target')
    .alterColumn('value', (c) => c.dropNotNull())
    .execute();
  await db.schema
    .alterTable('indicator_target')
    .alterColumn('comparator', (c) => c.dropNotNull())
    .execute();
  await db.schema
    .alterTable('indicator_target')
    .addCheckConstraint(
      'indicator_target_kind',
      sql`(kind = 'value' and comparator is not null and value is not null)
        or (kind = 'relative' and comparator in ('>', '<', '>=', '<=') and value is null)
        or (kind = 'range' and value is not null and value_high is not null and value <= value_high)
        or (kind = 'none')`,
    )
    .execute();

  // Values: for the nämnd as a whole (org_unit '') or one org unit; a year is 202401..202412, a
  // month 202403..202403. Who entered it and from where, and a footnote ("* saknas viss statistik").
  await db.schema
    .alterTable('indicator_value')
    .addColumn('org_unit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('footnote', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('entered_by', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('entered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.alterTable('indicator_value').dropConstraint('kpi_value_pk').execute();
  await db.schema
    .alterTable('indicator_value')
    .addPrimaryKeyConstraint('indicator_value_pk', [
      'indicator_code',
      'verksamhet',
      'org_unit',
      'period_from',
      'period_to',
    ])
    .execute();

  // The goal tree per year: KF målområde → nämndmål → indicators. Texts are sanitised HTML.
  await db.schema
    .createTable('goal_area')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('name', 'text', (c) => c.notNull())
    // Fullmäktige's goal text for the area and its uppdrag to the nämnd, and the nämnd's answer.
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('uppdrag', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('aterrapport', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('goal_area_name', ['year', 'name'])
    .execute();
  await db.schema
    .createTable('goal')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('area_id', 'integer', (c) =>
      c.notNull().references('goal_area.id').onDelete('cascade'),
    )
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('name', 'text', (c) => c.notNull())
    // Which of fullmäktige's goals it bears on ("effektiv resursanvändning och hög kvalitet").
    .addColumn('kf_goal', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('uppdrag', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('aterrapport', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('goal_area_idx').on('goal').column('area_id').execute();
  await db.schema
    .createTable('goal_indicator')
    .addColumn('goal_id', 'integer', (c) => c.notNull().references('goal.id').onDelete('cascade'))
    .addColumn('indicator_code', 'text', (c) =>
      c.notNull().references('indicator.code').onDelete('cascade').onUpdate('cascade'),
    )
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('goal_indicator_pk', ['goal_id', 'indicator_code'])
    .execute();

  // Per indicator and year: the manager's analysis and printed assessment (null = not chosen,
  // '' = deliberately none), and the controller's approval. version guards concurrent edits.
  await db.schema
    .createTable('indicator_assessment')
    .addColumn('indicator_code', 'text', (c) =>
      c.notNull().references('indicator.code').onDelete('cascade').onUpdate('cascade'),
    )
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('analysis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('assessment', 'text', (c) =>
      c.check(sql`assessment in ('↑', '↓', '→', 'Uppfylld', 'Delvis uppfylld', 'Ej uppfylld', '')`),
    )
    .addColumn('updated_by', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('indicator_assessment_pk', ['indicator_code', 'year'])
    .execute();

  // The nämnd's uppdrag to the förvaltning and the programs, with their follow-up, per year.
  await db.schema
    .createTable('namnd_uppdrag')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('aktiviteter', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('aterrapport', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('program')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('uppfoljning', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('program_name', ['year', 'name'])
    .execute();

  // Verksamhetsstatistik: series grouped into tables, values per year (or month) with footnotes.
  await db.schema
    .createTable('stat_series')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull().defaultTo(''))
    // How a year's figure is formed: "genomsnitt per månad", "summa", "per 31 december".
    .addColumn('aggregation', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('table_title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('stat_value')
    .addColumn('series_code', 'text', (c) =>
      c.notNull().references('stat_series.code').onDelete('cascade').onUpdate('cascade'),
    )
    .addColumn('org_unit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('period_from', 'integer', (c) => c.notNull())
    .addColumn('period_to', 'integer', (c) => c.notNull())
    .addColumn('value', 'numeric', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('footnote', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('entered_by', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('entered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('stat_value_pk', [
      'series_code',
      'org_unit',
      'period_from',
      'period_to',
    ])
    .addCheckConstraint('stat_value_periods', sql`period_from <= period_to`)
    .execute();
}
