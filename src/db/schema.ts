import type { ActionPlanTables } from '../action-plans/action-plan.table.ts';
import type { AuthTables } from '../auth/auth.table.ts';
import type { BudgetTables } from '../budget/budget.table.ts';
import type { DocumentTables } from '../documents/document.table.ts';
import type { FollowupTables } from '../followup/followup.table.ts';
import type { GoalTables } from '../goals/goal.table.ts';
import type { KoladaTables } from '../kolada/kolada.table.ts';
import type { LedgerTables } from '../ledger/ledger.table.ts';
import type { OrganisationTables } from '../organisation/organisation.table.ts';
import type { ReportTables } from '../reports/reports.table.ts';

/** Every table of Balans, composed from the features' own table files. */
export type Database = LedgerTables &
  ReportTables &
  BudgetTables &
  OrganisationTables &
  AuthTables &
  FollowupTables &
  GoalTables &
  ActionPlanTables &
  KoladaTables &
  DocumentTables;
