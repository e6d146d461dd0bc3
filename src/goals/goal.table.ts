import type { Generated } from 'kysely';

/** The indicator registry (the action plans' key figures grew into it). */
export interface IndicatorTable {
  code: string;
  name: string;
  unit: string;
  description: string;
  /** Mått/metod: how the figure is measured and where it comes from. */
  metod: Generated<string>;
  /** 'manual' | 'file' | 'kolada' | 'formula' */
  source: Generated<string>;
  kolada_kpi: string | null;
  /** 'T' | 'K' | 'M' */
  kolada_gender: Generated<string>;
  formula: string | null;
  decimals: Generated<number>;
  /** 'higher' | 'lower': which way is better */
  direction: Generated<string>;
  version: Generated<number>;
}

export interface IndicatorUnitTable {
  indicator_code: string;
  org_unit: string;
}

export interface IndicatorTargetTable {
  indicator_code: string;
  /** '' = the whole administration; the action plans also set targets per activity */
  verksamhet: string;
  year: number;
  /** 'value' | 'relative' | 'range' | 'none' */
  kind: Generated<string>;
  comparator: string | null;
  /** numeric, read as exact text */
  value: string | null;
  value_high: string | null;
  text: Generated<string>;
}

/** The columns an indicator's and a statistics series' values share. */
export interface ValueColumns {
  /** '' = the nämnd as a whole */
  org_unit: Generated<string>;
  /** YYYYMM: a year is 202401..202412, a month 202403..202403 */
  period_from: number;
  period_to: number;
  value: string;
  source: string;
  footnote: Generated<string>;
  entered_by: Generated<string>;
  entered_at: Generated<Date>;
}

export interface IndicatorValueTable extends ValueColumns {
  indicator_code: string;
  /** '' unless an action plan keeps a value per activity */
  verksamhet: string;
}

export interface GoalAreaTable {
  id: Generated<number>;
  year: number;
  sort: number;
  name: string;
  description: string;
  uppdrag: string;
  aterrapport: string;
  version: Generated<number>;
}

export interface GoalTable {
  id: Generated<number>;
  area_id: number;
  sort: number;
  name: string;
  kf_goal: string;
  uppdrag: string;
  aterrapport: string;
  version: Generated<number>;
}

export interface GoalIndicatorTable {
  goal_id: number;
  indicator_code: string;
  sort: number;
}

export interface IndicatorAssessmentTable {
  indicator_code: string;
  year: number;
  analysis: string;
  /** null = not chosen (the computed one is proposed); '' = deliberately none */
  assessment: string | null;
  updated_by: string;
  updated_at: Generated<Date>;
  approved_by: string | null;
  approved_at: Date | null;
  version: Generated<number>;
}

export interface NamndUppdragTable {
  id: Generated<number>;
  year: number;
  sort: number;
  text: string;
  aktiviteter: string;
  aterrapport: string;
  version: Generated<number>;
}

export interface ProgramTable {
  id: Generated<number>;
  year: number;
  sort: number;
  name: string;
  uppfoljning: string;
  version: Generated<number>;
}

export interface StatSeriesTable {
  code: string;
  name: string;
  unit: string;
  aggregation: string;
  table_title: string;
  sort: number;
  note: string;
  version: Generated<number>;
}

export interface StatValueTable extends ValueColumns {
  series_code: string;
}

export interface GoalTables {
  indicator: IndicatorTable;
  indicator_unit: IndicatorUnitTable;
  indicator_target: IndicatorTargetTable;
  indicator_value: IndicatorValueTable;
  goal_area: GoalAreaTable;
  goal: GoalTable;
  goal_indicator: GoalIndicatorTable;
  indicator_assessment: IndicatorAssessmentTable;
  namnd_uppdrag: NamndUppdragTable;
  program: ProgramTable;
  stat_series: StatSeriesTable;
  stat_value: StatValueTable;
}
