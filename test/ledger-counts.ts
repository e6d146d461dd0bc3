import { sql } from 'kysely';
import type { BalansDb } from '../src/db/database.ts';

const LEDGER_TABLES = [
  'import_batch',
  'organisation',
  'fiscal_year',
  'account',
  'account_sru',
  'dimension',
  'dimension_object',
  'voucher',
  'voucher_row',
  'ledger_balance',
  'ledger_balance_verksamhet',
  'ledger_balance_year_verksamhet',
  'ledger_balance_ansvar',
  'budget_version',
  'budget_balance',
];

/** The number of rows of each ledger table: a refused import leaves them all as they were. */
export async function rowCounts(handle: BalansDb): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of LEDGER_TABLES) {
    const result = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(table)}`.execute(handle.db);
    counts[table] = result.rows[0]?.n ?? -1;
  }
  return counts;
}

/** Empties the ledger, for a case that imports another organisation's file. */
export async function emptyLedger(handle: BalansDb): Promise<void> {
  await sql`truncate voucher_row, voucher, ledger_balance, ledger_balance_verksamhet, ledger_balance_year_verksamhet, ledger_balance_ansvar, budget_balance, budget_version, account_sru, account, dimension_object, dimension, fiscal_year, import_batch, organisation restart identity cascade`.execute(
    handle.db,
  );
}
