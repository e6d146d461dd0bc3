import { sql, type Kysely } from 'kysely';

/**
 * Foreign keys checked once per row on the tables an SIE import fills by the hundred thousand.
 * PostgreSQL checks a foreign key with a query per inserted row (a row-level trigger): on PGlite
 * that made a COPY of 720 000 period balances take 13.6 s instead of 4.2 s. The rows are written
 * only by src/ledger/ledger.repository.ts with the id of a fiscal year (and an import) read or
 * inserted in the same transaction, and neither fiscal years nor imports are ever deleted, so
 * these checks caught nothing the code does not already ensure.
 */
const DROPPED = [
  ['ledger_balance', 'ledger_balance_fiscal_year_id_fkey'],
  ['ledger_balance_verksamhet', 'ledger_balance_verksamhet_fiscal_year_id_fkey'],
  ['voucher', 'voucher_fiscal_year_id_fkey'],
  ['voucher', 'voucher_import_id_fkey'],
] as const;

// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, constraint] of DROPPED)
    await sql`alter table ${sql.table(table)} drop constraint if exists ${sql.id(constraint)}`.execute(
      db,
    );
}
