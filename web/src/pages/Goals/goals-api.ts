/** The goal API's answers as the pages read them (docs/api.md, Goals and statistics). */
export type Trend = 'improving' | 'worsening' | 'unchanged';

export const ASSESSMENTS = ['↑', '↓', '→', 'Uppfylld', 'Delvis uppfylld', 'Ej uppfylld'] as const;

export interface Indicator {
  code: string;
  name: string;
  unit: string;
  /** Exact decimals as text ("10.74"); null where there is none. */
  target: string | null;
  targetText: string;
  outcome: string | null;
  previous: string | null;
  fulfilled: boolean | null;
  trend: Trend | null;
  assessment: string | null;
  proposedAssessment: string | null;
  assessmentChosen: boolean;
  approved: boolean;
  footnote: string | null;
  metod: string;
  adressering: string[];
  /** Sanitised HTML. */
  analysis: string;
  version: number | null;
  mayEdit: boolean;
  /** 'manual', 'file', 'kolada' or 'formula' (a formula's figure is computed, never entered). */
  source: string;
  direction: 'higher' | 'lower';
  /** Who stored the year's outcome for the nämnd, from where and when. */
  entry: OutcomeEntry | null;
}

export interface OutcomeEntry {
  /** 'manual' (entered in Balans), 'fil', 'Kolada', a source system's name. */
  source: string;
  by: string;
  /** ISO timestamp. */
  at: string;
}

export interface Goals {
  year: number;
  years: number[];
  mayApprove: boolean;
  mayEditTree: boolean;
  /** The org units the user may enter values for, besides the nämnd as a whole. */
  valueUnits: { code: string; name: string }[];
  malomraden: {
    id: number;
    name: string;
    description: string;
    uppdrag: string;
    aterrapport: string;
    version: number;
    mal: {
      id: number;
      name: string;
      kfGoal: string;
      uppdrag: string;
      aterrapport: string;
      version: number;
      indikatorer: Indicator[];
    }[];
  }[];
  uppdrag: { id: number; text: string; aktiviteter: string; aterrapport: string }[];
  program: { id: number; name: string; uppfoljning: string }[];
}

export interface GoalYears {
  goalYears: number[];
  statisticsYears: number[];
}

export interface IndicatorYears {
  code: string;
  name: string;
  unit: string;
  values: {
    year: number;
    value: string | null;
    target: string | null;
    targetText: string;
    fulfilled: boolean | null;
    footnote: string | null;
  }[];
}

export interface Statistics {
  years: number[];
  tables: {
    title: string;
    rows: {
      code: string;
      name: string;
      unit: string;
      aggregation: string;
      values: Record<string, string | null>;
      note: string | null;
    }[];
  }[];
}

/** "10.74" with its unit, Swedish: "10,74 %"; a count ("antal") has none. */
export function withUnit(value: string, unit: string, format: (v: string) => string): string {
  return unit && unit !== 'antal' ? `${format(value)} ${unit}` : format(value);
}
