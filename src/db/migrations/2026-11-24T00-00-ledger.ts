import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisation')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('orgnr', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('import_batch')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('file_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sie_type', 'text')
    .addColumn('program', 'text')
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('import_batch_sha')
    .on('import_batch')
    .column('file_sha256')
    .execute();

  await db.schema
    .createTable('fiscal_year')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('start_date', 'date', (c) => c.notNull().unique())
    .addColumn('end_date', 'date', (c) => c.notNull())
    .addColumn('outcome_source', 'text')
    .addColumn('outcome_import_id', 'integer', (c) => c.references('import_batch.id'))
    .addCheckConstraint('fiscal_year_dates', sql`end_date >= start_date`)
    .execute();

  await db.schema
    .createTable('account')
    .addColumn('konto', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text')
    .addColumn('unit', 'text')
    .execute();

  await db.schema
    .createTable('account_sru')
    .addColumn('konto', 'text', (c) => c.notNull().references('account.konto'))
    .addColumn('sru', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_sru_pk', ['konto', 'sru'])
    .execute();

  await db.schema
    .createTable('dimension')
    .addColumn('number', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_number', 'integer')
    .addColumn('role', 'text')
    .execute();

  await db.schema
    .createTable('dimension_object')
    .addColumn('dimension_number', 'integer', (c) => c.notNull().references('dimension.number'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dimension_object_pk', ['dimension_number', 'code'])
    .execute();

  await db.schema
    .createTable('voucher')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_batch.id'))
    .addColumn('voucher_no', 'integer', (c) => c.notNull())
    .addColumn('fiscal_year_id', 'integer', (c) => c.notNull().references('fiscal_year.id'))
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('reg_date', 'date')
    .addColumn('sign', 'text')
    .addColumn('line', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('voucher_pk', ['import_id', 'voucher_no'])
    .execute();
  await db.schema.createIndex('voucher_year').on('voucher').column('fiscal_year_id').execute();

  // Voucher rows carry year and period for drill-down and yearly reloads. Only the primary key is
  // indexed: every index costs the bulk load; the drill-down's index comes with the drill-down.
  await db.schema
    .createTable('voucher_row')
    .addColumn('import_id', 'integer', (c) => c.notNull())
    .addColumn('voucher_no', 'integer', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('fiscal_year_id', 'integer', (c) => c.notNull())
    .addColumn('period', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('konto', 'text', (c) => c.notNull())
    .addColumn('ansvar', 'text', (c) => c.notNull())
    .addColumn('verksamhet', 'text', (c) => c.notNull())
    .addColumn('projekt', 'text', (c) => c.notNull())
    .addColumn('objekt', 'text', (c) => c.notNull())
    .addColumn('amount_ore', 'bigint', (c) => c.notNull())
    .addColumn('trans_date', 'date')
    .addColumn('text', 'text')
    .addColumn('quantity', 'numeric')
    .addColumn('sign', 'text')
    .addColumn('line', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('voucher_row_pk', ['import_id', 'voucher_no', 'row_no'])
    .execute();
  const objectColumns = ['konto', 'ansvar', 'verksamhet', 'projekt', 'objekt'] as const;
  await db.schema
    .createTable('ledger_balance')
    .addColumn('fiscal_year_id', 'integer', (c) => c.notNull().references('fiscal_year.id'))
    .addColumn('period', 'integer', (c) => c.notNull())
    .addColumn('konto', 'text', (c) => c.notNull())
    .addColumn('ansvar', 'text', (c) => c.notNull())
    .addColumn('verksamhet', 'text', (c) => c.notNull())
    .addColumn('projekt', 'text', (c) => c.notNull())
    .addColumn('objekt', 'text', (c) => c.notNull())
    .addColumn('amount_ore', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_balance_pk', ['fiscal_year_id', 'period', ...objectColumns])
    .execute();

  await db.schema
    .createTable('budget_version')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('fiscal_year_id', 'integer', (c) => c.notNull().references('fiscal_year.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_current', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.references('import_batch.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('budget_version_name', ['fiscal_year_id', 'name'])
    .execute();
  // At most one current budget per fiscal year.
  await sql`create unique index budget_version_current on budget_version (fiscal_year_id) where is_current`.execute(
    db,
  );

  await db.schema
    .createTable('budget_balance')
    .addColumn('budget_version_id', 'integer', (c) =>
      c.notNull().references('budget_version.id').onDelete('cascade'),
    )
    .addColumn('period', 'integer', (c) => c.notNull())
    .addColumn('konto', 'text', (c) => c.notNull())
    .addColumn('ansvar', 'text', (c) => c.notNull())
    .addColumn('verksamhet', 'text', (c) => c.notNull())
    .addColumn('projekt', 'text', (c) => c.notNull())
    .addColumn('objekt', 'text', (c) => c.notNull())
    .addColumn('amount_ore', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('budget_balance_pk', ['budget_version_id', 'period', ...objectColumns])
    .execute();
}
