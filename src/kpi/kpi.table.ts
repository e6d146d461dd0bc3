export interface KpiTable {
  code: string;
  name: string;
  unit: string;
  description: string;
}

export interface KpiTargetTable {
  kpi_code: string;
  verksamhet: string;
  year: number;
  comparator: string;
  /** numeric, read as exact text */
  value: string;
}

export interface KpiValueTable {
  kpi_code: string;
  verksamhet: string;
  period_from: number;
  period_to: number;
  value: string;
  source: string;
}

export interface KpiTables {
  kpi: KpiTable;
  kpi_target: KpiTargetTable;
  kpi_value: KpiValueTable;
}
