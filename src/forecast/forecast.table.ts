import type { ColumnType, Generated } from 'kysely';

export interface ForecastPeriodTable {
  year: number;
  month: number;
  status: 'open' | 'closed';
  closed_at: Date | null;
  closed_by: string | null;
  row_version: Generated<number>;
}

export interface ForecastPeriodEventTable {
  id: Generated<number>;
  year: number;
  month: number;
  action: 'close' | 'reopen';
  reason: string;
  at: Generated<Date>;
  by: string;
}

export interface ForecastPeriodFigureTable {
  year: number;
  month: number;
  ansvar: string;
  part: 'intakter' | 'personal' | 'ovriga';
  outcome_ore: bigint;
  budget_ore: bigint;
}

export interface ForecastTable {
  id: Generated<number>;
  year: number;
  month: number;
  ansvar: string;
  status: 'utkast' | 'inlamnad' | 'godkand' | 'aterskickad';
  method: string;
  intakter_ore: bigint;
  personal_ore: bigint;
  ovriga_ore: bigint;
  reason: string | null;
  comment: string;
  updated_by: string;
  updated_at: Generated<Date>;
  submitted_by: ColumnType<string | null, string | null | undefined, string | null>;
  submitted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  reviewed_by: ColumnType<string | null, string | null | undefined, string | null>;
  reviewed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  review_comment: Generated<string>;
  row_version: Generated<number>;
}

export interface ForecastReasonTable {
  code: string;
  label: string;
  sort: number;
}

export interface ForecastThresholdTable {
  level: 'ansvar' | 'verksamhetsomrade' | 'namnd';
  amount_ore: bigint;
  /** A decimal as text (numeric): never a float. */
  percent: string;
}

export interface ForecastTables {
  forecast_period: ForecastPeriodTable;
  forecast_period_event: ForecastPeriodEventTable;
  forecast_period_figure: ForecastPeriodFigureTable;
  forecast: ForecastTable;
  forecast_reason: ForecastReasonTable;
  forecast_threshold: ForecastThresholdTable;
}
