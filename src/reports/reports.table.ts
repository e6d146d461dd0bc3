import type { ColumnType } from 'kysely';

export interface ActivityTable {
  code: string;
  name: string;
  parent_code: string | null;
}

export interface ReportLineTable {
  key: string;
  label: string;
  sort: number;
  part_of: string | null;
  in_result: boolean;
}

export interface ReportLineRangeTable {
  line_key: string;
  from_prefix: string;
  to_prefix: string;
}

export interface InvestmentProjectTable {
  code: string;
  name: string;
  comment: ColumnType<string, string | undefined, string>;
  carry_over_ore: ColumnType<bigint, bigint | undefined, bigint>;
}

export interface ReportTables {
  activity: ActivityTable;
  report_line: ReportLineTable;
  report_line_range: ReportLineRangeTable;
  investment_project: InvestmentProjectTable;
}
