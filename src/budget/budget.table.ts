export interface PeriodProfileTable {
  name: string;
  description: string;
  /** JSON array of twelve non-negative weights. */
  weights: string;
}

export interface BudgetTables {
  period_profile: PeriodProfileTable;
}
