import type { Migration } from 'kysely/migration';
import * as ledger from './2026-11-24T00-00-ledger.ts';
import * as reports from './2026-11-24T01-30-reports.ts';

/** Every migration, in order; names are timestamps and never change once shipped. */
export const migrations: Record<string, Migration> = {
  '2026-11-24T00-00-ledger': ledger,
  '2026-11-24T01-30-reports': reports,
};
