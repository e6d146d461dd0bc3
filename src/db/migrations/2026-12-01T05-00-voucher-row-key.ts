import { sql, type Kysely } from 'kysely';

/**
 * The primary key of `voucher_row` (import_id, voucher_no, row_no): nothing reads rows by it
 * (the drill-down finds them by its own index, then joins `voucher` by that table's key), and
 * the numbers are given by the import itself, one after the other, in one place
 * (src/ledger/sie-import.service.ts). Kept up to date row by row it cost a COPY of a million
 * voucher rows on PostgreSQL about one more second, and rebuilt after a large load it cost
 * PGlite seconds more at ten million rows: a check that can never fail, paid on every row.
 */
// Frozen in time: this migration never imports application code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table voucher_row drop constraint if exists voucher_row_pk`.execute(db);
}
