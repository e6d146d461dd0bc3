import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // A year's outcome per (konto, verksamhet), the periods of the year summed (opening balances,
  // period 0, left out): at most accounts × verksamheter rows (24 000 in a municipality of 400
  // accounts and 60 verksamheter) against the 288 000 of `ledger_balance_verksamhet` and the
  // 1.44 million of `ledger_balance` on a ledger booked across all ansvar. `ledger balances --by
  // verksamhet,konto` for a whole year reads it. Written with the other roll-ups by
  // src/ledger/ledger.repository.ts, in the same transaction as `ledger_balance`.
  await db.schema
    .createTable('ledger_balance_year_verksamhet')
    .addColumn('fiscal_year_id', 'integer', (c) => c.notNull())
    .addColumn('konto', 'text', (c) => c.notNull())
    .addColumn('verksamhet', 'text', (c) => c.notNull())
    .addColumn('amount_ore', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_balance_year_verksamhet_pk', [
      'fiscal_year_id',
      'konto',
      'verksamhet',
    ])
    .execute();
  await sql`
    insert into ledger_balance_year_verksamhet (fiscal_year_id, konto, verksamhet, amount_ore)
    select fiscal_year_id, konto, verksamhet, sum(amount_ore)
    from ledger_balance
    where period > 0
    group by fiscal_year_id, konto, verksamhet`.execute(db);
  // The follow-up's answers are remembered per data version (migration 2026-11-24T06-00).
  await sql`
    create trigger ledger_balance_year_verksamhet_data_version
    after insert or update or delete or truncate on ledger_balance_year_verksamhet
    for each statement execute function balans_data_changed('figures')`.execute(db);
}
