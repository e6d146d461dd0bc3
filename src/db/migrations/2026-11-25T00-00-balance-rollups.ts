import { sql, type Kysely } from 'kysely';

/**
 * Roll-ups of `ledger_balance` to the reports' common groupings, and the object column each
 * keeps. Not by ansvar: an ansvar usually books on one verksamhet, so a roll-up by ansvar would be
 * nearly as large as `ledger_balance` and cost the import as much again for little.
 */
const ROLLUPS = [['ledger_balance_verksamhet', 'verksamhet']] as const;

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // `ledger_balance` has a row per (period, konto, ansvar, verksamhet, projekt, objekt): on a
  // ledger whose accounts are booked across all ansvar that is over a million rows a year, and
  // balances by (verksamhet, konto) would sum them all on every request. These
  // roll-ups keep the same sums per (period, konto, verksamhet): at most periods × accounts ×
  // verksamheter. Whatever writes `ledger_balance` writes them in the same transaction
  // (src/ledger/ledger.repository.ts).
  for (const [table, column] of ROLLUPS) {
    await db.schema
      .createTable(table)
      .addColumn('fiscal_year_id', 'integer', (c) => c.notNull().references('fiscal_year.id'))
      .addColumn('period', 'integer', (c) => c.notNull())
      .addColumn('konto', 'text', (c) => c.notNull())
      .addColumn(column, 'text', (c) => c.notNull())
      .addColumn('amount_ore', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['fiscal_year_id', 'period', 'konto', column])
      .execute();
    await sql`
      insert into ${sql.table(table)} (fiscal_year_id, period, konto, ${sql.ref(column)}, amount_ore)
      select fiscal_year_id, period, konto, ${sql.ref(column)}, sum(amount_ore)
      from ledger_balance
      group by fiscal_year_id, period, konto, ${sql.ref(column)}`.execute(db);
    // The follow-up's answers are remembered per data version (migration 2026-11-24T06-00).
    await sql`
      create trigger ${sql.id(`${table}_data_version`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function balans_data_changed('figures')`.execute(db);
  }
}
