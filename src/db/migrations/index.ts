import type { Migration } from 'kysely/migration';
import * as ledger from './2026-11-24T00-00-ledger.ts';
import * as reports from './2026-11-24T01-30-reports.ts';
import * as budgetOrganisation from './2026-11-24T02-00-budget-organisation.ts';
import * as users from './2026-11-24T03-00-users.ts';
import * as drilldown from './2026-11-24T04-00-drilldown.ts';
import * as editVersions from './2026-11-24T04-10-edit-versions.ts';
import * as oidc from './2026-11-24T04-20-oidc.ts';
import * as actionPlans from './2026-11-24T05-00-action-plans.ts';
import * as dataVersion from './2026-11-24T06-00-data-version.ts';
import * as balanceRollups from './2026-11-25T00-00-balance-rollups.ts';
import * as goals from './2026-12-01T01-00-goals.ts';
import * as kolada from './2026-12-01T02-00-kolada.ts';
import * as bulkForeignKeys from './2026-12-01T03-00-bulk-foreign-keys.ts';
import * as documents from './2026-12-01T03-00-documents.ts';
import * as balanceYearRollup from './2026-12-01T03-10-balance-year-rollup.ts';
import * as forecast from './2026-12-01T04-00-forecast.ts';
import * as voucherRowKey from './2026-12-01T05-00-voucher-row-key.ts';
import * as balanceAnsvarRollup from './2026-12-01T05-10-balance-ansvar-rollup.ts';

/** Every migration, in order; names are timestamps and never change once shipped. */
export const migrations: Record<string, Migration> = {
  '2026-11-24T00-00-ledger': ledger,
  '2026-11-24T01-30-reports': reports,
  '2026-11-24T02-00-budget-organisation': budgetOrganisation,
  '2026-11-24T03-00-users': users,
  '2026-11-24T04-00-drilldown': drilldown,
  '2026-11-24T04-10-edit-versions': editVersions,
  '2026-11-24T04-20-oidc': oidc,
  '2026-11-24T05-00-action-plans': actionPlans,
  '2026-11-24T06-00-data-version': dataVersion,
  '2026-11-25T00-00-balance-rollups': balanceRollups,
  '2026-12-01T01-00-goals': goals,
  '2026-12-01T02-00-kolada': kolada,
  '2026-12-01T03-00-bulk-foreign-keys': bulkForeignKeys,
  '2026-12-01T03-00-documents': documents,
  '2026-12-01T03-10-balance-year-rollup': balanceYearRollup,
  '2026-12-01T04-00-forecast': forecast,
  '2026-12-01T05-00-voucher-row-key': voucherRowKey,
  '2026-12-01T05-10-balance-ansvar-rollup': balanceAnsvarRollup,
};
