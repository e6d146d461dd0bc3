import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // A year's outcome per (period, ansvar, kontogrupp), the kontogrupp being an account's first two
  // characters: at most periods × ansvar × kontogrupper rows (12 × 300 × 60 = 216 000 in a
  // municipality of 300 ansvar), whatever the verksamheter, projekt and objects, against the
  // 1.44 million of `ledger_balance` on a ledger booked across all ansvar. The forecasts' month
  // sums per ansvar read it for every kontogrupp whose accounts they count whole. Written with the
  // other roll-ups by src/ledger/ledger.repository.ts, in the same transaction as `ledger_balance`.
  await db.schema
    .createTable('ledger_balance_ansvar')
    .addColumn('fiscal_year_id', 'integer', (c) => c.notNull())
    .addColumn('period', 'integer', (c) => c.notNull())
    .addColumn('ansvar', 'text', (c) => c.notNull())
    .addColumn('kontogrupp', 'text', (c) => c.notNull())
    .addColumn('amount_ore', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_balance_ansvar_pk', [
      'fiscal_year_id',
      'period',
      'ansvar',
      'kontogrupp',
    ])
    .execute();
  await sql`
    insert into ledger_balance_ansvar (fiscal_year_id, period, ansvar, kontogrupp, amount_ore)
    select fiscal_year_id, period, ansvar, left(konto, 2), sum(amount_ore)
    from ledger_balance
    group by fiscal_year_id, period, ansvar, left(konto, 2)`.execute(db);
  // The follow-up's answers are remembered per data version (migration 2026-11-24T06-00).
  await sql`
    create trigger ledger_balance_ansvar_data_version
    after insert or update or delete or truncate on ledger_balance_ansvar
    for each statement execute function balans_data_changed('figures')`.execute(db);
}
