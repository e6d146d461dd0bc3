import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { parseDecimal } from '../kpi/kpi.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { AppError } from '../shared/app-error.ts';
import { richTextFromInput } from '../shared/rich-text.ts';
import {
  DIRECTIONS,
  INDICATOR_SOURCES,
  evaluateFormula,
  formulaCodes,
  fulfilment,
  FormulaError,
  isAssessment,
  parseGoalTarget,
  parsePeriod,
  printedAssessment,
  proposeAssessment,
  roundRational,
  sumDecimals,
  targetText,
  targetValue,
  trend,
  type Assessment,
  type Direction,
  type GoalTarget,
  type IndicatorSource,
  type Trend,
} from './goal.ts';
import * as repo from './goal.repository.ts';

type Db = Kysely<Database>;
export type { Indicator } from './goal.repository.ts';

const CODE = /^[\w.-]{1,40}$/;

export interface IndicatorInput {
  code: string;
  name: string;
  unit?: string;
  description?: string;
  metod?: string;
  source?: string;
  koladaKpi?: string | null;
  koladaGender?: string;
  formula?: string | null;
  decimals?: number;
  direction?: string;
  /** Adressering: org unit codes. */
  units?: readonly string[];
}

/** Defines or changes an indicator (an action plan's key figure is one, too). */
export async function defineIndicator(db: Db, input: IndicatorInput): Promise<void> {
  if (!CODE.test(input.code))
    throw new AppError(
      'INVALID_ARGUMENT',
      `indikatorns kod "${input.code}": bokstäver, siffror, . _ -`,
    );
  const source = (input.source ?? (input.formula ? 'formula' : 'manual')) as IndicatorSource;
  if (!INDICATOR_SOURCES.includes(source))
    throw new AppError(
      'INVALID_ARGUMENT',
      `källan "${source}": manual, file, kolada eller formula`,
    );
  const direction = (input.direction ?? 'higher') as Direction;
  if (!DIRECTIONS.includes(direction))
    throw new AppError('INVALID_ARGUMENT', `riktningen "${direction}": higher eller lower`);
  const decimals = input.decimals ?? 0;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6)
    throw new AppError('INVALID_ARGUMENT', `antal decimaler ${decimals}: 0–6`);
  const gender = input.koladaGender ?? 'T';
  if (gender !== 'T' && gender !== 'K' && gender !== 'M')
    throw new AppError('INVALID_ARGUMENT', `kön "${gender}": T, K eller M`);
  if (source === 'kolada' && !input.koladaKpi)
    throw new AppError(
      'INVALID_ARGUMENT',
      'en indikator från Kolada behöver Koladas KPI-id (t.ex. N00090)',
    );
  const formula = input.formula ?? null;
  if (source === 'formula') {
    if (!formula) throw new AppError('INVALID_ARGUMENT', 'en beräknad indikator behöver en formel');
    try {
      if (formulaCodes(formula).includes(input.code))
        throw new AppError('INVALID_ARGUMENT', `formeln för ${input.code} använder sig själv`);
    } catch (error) {
      if (error instanceof FormulaError)
        throw new AppError('INVALID_ARGUMENT', `formeln "${formula}": ${error.message}`);
      throw error;
    }
  }
  if (input.units && input.units.length > 0) {
    const known = await findOrgUnits(db);
    const unknown = input.units.filter((u) => !known.has(u));
    if (unknown.length > 0)
      throw new AppError(
        'INVALID_ARGUMENT',
        `enheten ${unknown.join(', ')} finns inte i organisationen`,
      );
  }
  await repo.upsertIndicator(db, {
    code: input.code,
    name: input.name,
    unit: input.unit ?? '',
    description: input.description ?? '',
    metod: input.metod ?? '',
    source,
    koladaKpi: input.koladaKpi ?? null,
    koladaGender: gender,
    formula,
    decimals,
    direction,
  });
  if (input.units !== undefined) await repo.setIndicatorUnits(db, input.code, input.units);
}

async function requireIndicator(db: Db, code: string): Promise<repo.Indicator> {
  const [indicator] = await repo.findIndicators(db, [code]);
  if (!indicator) throw new AppError('NOT_FOUND', `indikatorn "${code}" finns inte`);
  return indicator;
}

/** A year's target as people write it: "7 %", "≥ 85", "öka", "10–20", "" (none). */
export async function setGoalTarget(
  db: Db,
  input: { code: string; year: number; target: string; text?: string },
): Promise<void> {
  const indicator = await requireIndicator(db, input.code);
  const target = parseGoalTarget(input.target, indicator.direction);
  if (!target)
    throw new AppError(
      'INVALID_ARGUMENT',
      `målet "${input.target}": skriv t.ex. "7 %", "≥ 85", "< 5", "öka", "minska" eller "10–20"`,
    );
  await repo.upsertTarget(db, {
    code: input.code,
    year: input.year,
    target: input.text ? { ...target, text: input.text } : target,
  });
}

export interface ValueInput {
  code: string;
  /** "2024" or "2024-03" */
  period: string;
  value: string;
  orgUnit?: string;
  source?: string;
  footnote?: string;
  enteredBy: string;
}

/** An indicator's or a statistics series' value for a year or a month. */
export async function setValue(db: Db, input: ValueInput): Promise<'indicator' | 'series'> {
  const value = parseDecimal(input.value);
  if (value === undefined)
    throw new AppError('INVALID_ARGUMENT', `värdet "${input.value}" är inte ett tal (t.ex. 10,74)`);
  const period = parsePeriod(input.period);
  if (!period)
    throw new AppError('INVALID_ARGUMENT', `perioden "${input.period}": skriv ÅÅÅÅ eller ÅÅÅÅ-MM`);
  const [indicator] = await repo.findIndicators(db, [input.code]);
  const [series] = indicator ? [] : await repo.findSeries(db, [input.code]);
  if (!indicator && !series)
    throw new AppError(
      'NOT_FOUND',
      `"${input.code}" är varken en indikator eller en statistikserie`,
    );
  if (indicator?.source === 'formula')
    throw new AppError(
      'INVALID_ARGUMENT',
      `${input.code} räknas fram ur sin formel; lägg in grundmåtten`,
    );
  await repo.upsertValue(
    db,
    {
      code: input.code,
      orgUnit: input.orgUnit ?? '',
      periodFrom: period.from,
      periodTo: period.to,
      value,
      source: input.source ?? 'manual',
      footnote: input.footnote ?? '',
      enteredBy: input.enteredBy,
    },
    indicator ? 'indicator_value' : 'stat_value',
  );
  return indicator ? 'indicator' : 'series';
}

export interface Outcome {
  value: string | null;
  footnote: string;
  source: string;
}

/**
 * The year's outcomes of the indicators for the nämnd: a whole-year value where one is stored; a
 * formula evaluated over its base measures' year (a stored year value, else the sum of the stored
 * months), rounded to the indicator's decimals half away from zero. Ratios of sums, never sums of
 * ratios: utförandegrad for the year is the year's performed hours over the year's working hours.
 */
export async function outcomes(
  db: Db,
  indicators: readonly repo.Indicator[],
  year: number,
): Promise<Map<string, Outcome>> {
  const bases = indicators.flatMap((i) => (i.formula ? formulaCodes(i.formula) : []));
  const codes = [...new Set([...indicators.map((i) => i.code), ...bases])];
  const values = await repo.findValues(db, codes, { from: year, to: year });
  const yearValue = (code: string) =>
    values.find(
      (v) => v.code === code && v.periodFrom === year * 100 + 1 && v.periodTo === year * 100 + 12,
    );
  const baseValue = (code: string): string | undefined => {
    const whole = yearValue(code);
    if (whole) return whole.value;
    const months = values.filter((v) => v.code === code && v.periodFrom === v.periodTo);
    return months.length > 0 ? sumDecimals(months.map((m) => m.value)) : undefined;
  };
  const result = new Map<string, Outcome>();
  for (const indicator of indicators) {
    if (indicator.source === 'formula' && indicator.formula) {
      const inputs = new Map<string, string>();
      for (const code of formulaCodes(indicator.formula)) {
        const v = baseValue(code);
        if (v !== undefined) inputs.set(code, v);
      }
      const exact = evaluateFormula(indicator.formula, inputs);
      result.set(indicator.code, {
        value: exact ? roundRational(exact, indicator.decimals) : null,
        footnote: '',
        source: 'formula',
      });
    } else {
      const v = yearValue(indicator.code);
      result.set(indicator.code, {
        value: v?.value ?? null,
        footnote: v?.footnote ?? '',
        source: v?.source ?? '',
      });
    }
  }
  return result;
}

export interface IndicatorLine {
  code: string;
  name: string;
  unit: string;
  /** The target's number; null where it is relative, a range or absent. */
  target: string | null;
  targetText: string;
  outcome: string | null;
  previous: string | null;
  fulfilled: boolean | null;
  trend: Trend | null;
  /** What is printed: the manager's choice, else the proposal. */
  assessment: Assessment | null;
  proposedAssessment: Assessment | null;
  assessmentChosen: boolean;
  approved: boolean;
  footnote: string | null;
  metod: string;
  adressering: string[];
  analysis: string;
  direction: Direction;
  decimals: number;
  source: IndicatorSource;
  /** For edits: the version of the analysis read (null when none is written yet). */
  version: number | null;
}

export interface MaluppfyllelseReport {
  report: 'maluppfyllelse';
  year: number;
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
      indikatorer: IndicatorLine[];
    }[];
  }[];
  uppdrag: {
    id: number;
    text: string;
    aktiviteter: string;
    aterrapport: string;
    version: number;
  }[];
  program: { id: number; name: string; uppfoljning: string; version: number }[];
}

/** Goal fulfilment of a year: the tree with each indicator's target, outcome, last year and assessment. */
export async function maluppfyllelse(db: Db, year: number): Promise<MaluppfyllelseReport> {
  const areas = await repo.findGoalAreas(db, year);
  const goals = await repo.findGoals(db, year);
  const links = await repo.findGoalIndicators(db, year);
  const indicators = await repo.findIndicators(db, [
    ...new Set(links.map((l) => l.indicator_code)),
  ]);
  const targets = await repo.findTargets(db, year);
  const now = await outcomes(db, indicators, year);
  const before = await outcomes(db, indicators, year - 1);
  const assessments = await repo.findAssessments(db, year);
  const units = await findOrgUnits(db);
  const line = (code: string): IndicatorLine | undefined => {
    const indicator = indicators.find((i) => i.code === code);
    if (!indicator) return undefined;
    const target: GoalTarget | null = targets.get(code) ?? null;
    const outcome = now.get(code);
    const previous = before.get(code)?.value ?? null;
    const fulfilled = fulfilment(target, outcome?.value ?? null, previous);
    const tr = trend(outcome?.value ?? null, previous, indicator.direction);
    const proposed = proposeAssessment({ fulfilled, trend: tr });
    const saved = assessments.find((a) => a.indicator_code === code);
    return {
      code,
      name: indicator.name,
      unit: indicator.unit,
      target: targetValue(target),
      targetText: targetText(target, indicator.unit, indicator.direction),
      outcome: outcome?.value ?? null,
      previous,
      fulfilled,
      trend: tr,
      assessment: printedAssessment(saved?.assessment ?? null, proposed),
      proposedAssessment: proposed,
      assessmentChosen: saved?.assessment !== null && saved?.assessment !== undefined,
      approved: saved?.approved_by !== null && saved?.approved_by !== undefined,
      footnote: outcome?.footnote || null,
      metod: indicator.metod,
      adressering: indicator.units.map((u) => units.get(u)?.name ?? u),
      analysis: saved?.analysis ?? '',
      direction: indicator.direction,
      decimals: indicator.decimals,
      source: indicator.source,
      version: saved?.version ?? null,
    };
  };
  return {
    report: 'maluppfyllelse',
    year,
    malomraden: areas.map((a) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      uppdrag: a.uppdrag,
      aterrapport: a.aterrapport,
      version: a.version,
      mal: goals
        .filter((g) => g.area_id === a.id)
        .map((g) => ({
          id: g.id,
          name: g.name,
          kfGoal: g.kf_goal,
          uppdrag: g.uppdrag,
          aterrapport: g.aterrapport,
          version: g.version,
          indikatorer: links
            .filter((l) => l.goal_id === g.id)
            .flatMap((l) => line(l.indicator_code) ?? []),
        })),
    })),
    uppdrag: (await repo.findUppdrag(db, year)).map((u) => ({
      id: u.id,
      text: u.text,
      aktiviteter: u.aktiviteter,
      aterrapport: u.aterrapport,
      version: u.version,
    })),
    program: (await repo.findPrograms(db, year)).map((p) => ({
      id: p.id,
      name: p.name,
      uppfoljning: p.uppfoljning,
      version: p.version,
    })),
  };
}

export interface VerksamhetsstatistikReport {
  report: 'verksamhetsstatistik';
  years: number[];
  tables: {
    title: string;
    rows: {
      code: string;
      name: string;
      unit: string;
      aggregation: string;
      values: Record<string, string | null>;
      /** Footnotes of the series and its values: "*planerade timmar 2024". */
      note: string | null;
    }[];
  }[];
}

/** Verksamhetsstatistik: every series for the year and the two before, grouped into its tables. */
export async function verksamhetsstatistik(
  db: Db,
  year: number,
): Promise<VerksamhetsstatistikReport> {
  const years = [year, year - 1, year - 2];
  const series = await repo.findSeries(db);
  const values = await repo.findStatValues(db, { from: year - 2, to: year });
  const tables: VerksamhetsstatistikReport['tables'] = [];
  for (const s of series) {
    let table = tables.find((t) => t.title === s.tableTitle);
    if (!table) {
      table = { title: s.tableTitle, rows: [] };
      tables.push(table);
    }
    const yearValue = (y: number) =>
      values.find(
        (v) => v.code === s.code && v.periodFrom === y * 100 + 1 && v.periodTo === y * 100 + 12,
      );
    const notes = [s.note, ...years.map((y) => yearValue(y)?.footnote ?? '')].filter(
      (n) => n !== '',
    );
    table.rows.push({
      code: s.code,
      name: s.name,
      unit: s.unit,
      aggregation: s.aggregation,
      values: Object.fromEntries(years.map((y) => [String(y), yearValue(y)?.value ?? null])),
      note: notes.length > 0 ? [...new Set(notes)].join('; ') : null,
    });
  }
  return { report: 'verksamhetsstatistik', years, tables };
}

// ── Edits of the tree and the analyses ─────────────────────────────────────────────────────────

/** The manager's analysis and printed assessment ('' = none, null = take the proposal). */
export async function saveAnalysis(
  db: Db,
  input: {
    code: string;
    year: number;
    analysis: string;
    assessment: string | null;
    version: number | null;
    by: string;
  },
): Promise<void> {
  await requireIndicator(db, input.code);
  if (input.assessment !== null && input.assessment !== '' && !isAssessment(input.assessment))
    throw new AppError(
      'INVALID_ARGUMENT',
      `bedömningen "${input.assessment}": ↑, ↓, →, Uppfylld, Delvis uppfylld, Ej uppfylld eller ingen`,
    );
  const saved = await repo.saveAssessment(db, {
    ...input,
    analysis: richTextFromInput(input.analysis),
  });
  if (!saved)
    throw new AppError(
      'CONFLICT',
      `analysen av ${input.code} ${input.year} har ändrats av någon annan: läs om och försök igen`,
    );
}

export async function approveAnalysis(
  db: Db,
  input: { code: string; year: number; version: number; by: string },
): Promise<void> {
  const existing = await repo.findAssessment(db, input.code, input.year);
  if (!existing)
    throw new AppError(
      'NOT_FOUND',
      `${input.code} har ingen analys för ${input.year} att godkänna`,
    );
  if (!(await repo.approveAssessment(db, input)))
    throw new AppError(
      'CONFLICT',
      `analysen av ${input.code} ${input.year} har ändrats av någon annan: läs om och försök igen`,
    );
}

const RICH_FIELDS = new Set([
  'description',
  'uppdrag',
  'aterrapport',
  'aktiviteter',
  'uppfoljning',
  'text',
]);

/** Changes texts of a målområde, nämndmål, uppdrag or program; rich texts are sanitised. */
export async function updateTreeNode(
  db: Db,
  input: {
    kind: 'goal_area' | 'goal' | 'namnd_uppdrag' | 'program';
    id: number;
    version: number;
    fields: Record<string, string>;
  },
): Promise<void> {
  const fields = Object.fromEntries(
    Object.entries(input.fields).map(([k, v]) => [
      k === 'kfGoal' ? 'kf_goal' : k,
      RICH_FIELDS.has(k) ? richTextFromInput(v) : v.trim(),
    ]),
  );
  if (!(await repo.updateNode(db, input.kind, input.id, input.version, fields))) {
    if ((await repo.findNodeYear(db, input.kind, input.id)) === undefined)
      throw new AppError('NOT_FOUND', `posten ${input.id} finns inte`);
    throw new AppError('CONFLICT', 'posten har ändrats av någon annan: läs om och försök igen');
  }
}

export async function addGoalArea(
  db: Db,
  input: {
    year: number;
    name: string;
    description?: string;
    uppdrag?: string;
    aterrapport?: string;
    sort?: number;
  },
): Promise<number> {
  return repo.insertGoalArea(db, {
    year: input.year,
    sort: input.sort ?? 0,
    name: input.name.trim(),
    description: richTextFromInput(input.description ?? ''),
    uppdrag: richTextFromInput(input.uppdrag ?? ''),
    aterrapport: richTextFromInput(input.aterrapport ?? ''),
  });
}

export async function addGoal(
  db: Db,
  input: {
    areaId: number;
    name: string;
    kfGoal?: string;
    uppdrag?: string;
    aterrapport?: string;
    sort?: number;
    indicators?: readonly string[];
  },
): Promise<number> {
  const id = await repo.insertGoal(db, {
    areaId: input.areaId,
    sort: input.sort ?? 0,
    name: input.name.trim(),
    kfGoal: (input.kfGoal ?? '').trim(),
    uppdrag: richTextFromInput(input.uppdrag ?? ''),
    aterrapport: richTextFromInput(input.aterrapport ?? ''),
  });
  for (const [sort, code] of (input.indicators ?? []).entries()) {
    await requireIndicator(db, code);
    await repo.linkIndicator(db, { goalId: id, code, sort });
  }
  return id;
}

export async function addUppdrag(
  db: Db,
  input: { year: number; text: string; aktiviteter?: string; aterrapport?: string; sort?: number },
): Promise<number> {
  return repo.insertUppdrag(db, {
    year: input.year,
    sort: input.sort ?? 0,
    text: richTextFromInput(input.text),
    aktiviteter: richTextFromInput(input.aktiviteter ?? ''),
    aterrapport: richTextFromInput(input.aterrapport ?? ''),
  });
}

export async function addProgram(
  db: Db,
  input: { year: number; name: string; uppfoljning?: string; sort?: number },
): Promise<number> {
  return repo.insertProgram(db, {
    year: input.year,
    sort: input.sort ?? 0,
    name: input.name.trim(),
    uppfoljning: richTextFromInput(input.uppfoljning ?? ''),
  });
}

export interface CopyYearResult {
  areas: number;
  goals: number;
  /** Targets copied from `from`. */
  targets: number;
  /** Indicators whose target `to` already had: kept as set, not overwritten by `from`'s. */
  keptTargets: string[];
}

/**
 * A new year starts from last year's tree and texts: målområden, nämndmål with their indicators,
 * uppdrag and programs, and the targets, are copied from `from` to `to`. Outcomes, analyses and
 * assessments are the new year's own and start empty. Refused when `to` already has a tree.
 * A target already set for `to` (the budget often sets next year's targets before the tree is
 * copied) is kept; only the missing ones are copied, and the kept ones are reported.
 */
export async function copyYear(
  db: Db,
  input: { from: number; to: number },
): Promise<CopyYearResult> {
  if ((await repo.findGoalAreas(db, input.to)).length > 0)
    throw new AppError(
      'CONFLICT',
      `${input.to} har redan målområden: kopiera bara till ett tomt år`,
    );
  const areas = await repo.findGoalAreas(db, input.from);
  if (areas.length === 0)
    throw new AppError('NOT_FOUND', `${input.from} har inga målområden att kopiera`);
  const goals = await repo.findGoals(db, input.from);
  const links = await repo.findGoalIndicators(db, input.from);
  for (const area of areas) {
    const areaId = await repo.insertGoalArea(db, {
      year: input.to,
      sort: area.sort,
      name: area.name,
      description: area.description,
      uppdrag: area.uppdrag,
      aterrapport: area.aterrapport,
    });
    for (const goal of goals.filter((g) => g.area_id === area.id)) {
      const goalId = await repo.insertGoal(db, {
        areaId,
        sort: goal.sort,
        name: goal.name,
        kfGoal: goal.kf_goal,
        uppdrag: goal.uppdrag,
        aterrapport: goal.aterrapport,
      });
      for (const link of links.filter((l) => l.goal_id === goal.id))
        await repo.linkIndicator(db, { goalId, code: link.indicator_code, sort: link.sort });
    }
  }
  for (const u of await repo.findUppdrag(db, input.from))
    await repo.insertUppdrag(db, {
      year: input.to,
      sort: u.sort,
      text: u.text,
      aktiviteter: u.aktiviteter,
      aterrapport: u.aterrapport,
    });
  for (const p of await repo.findPrograms(db, input.from))
    await repo.insertProgram(db, {
      year: input.to,
      sort: p.sort,
      name: p.name,
      uppfoljning: p.uppfoljning,
    });
  const existing = await repo.findTargetCodes(db, input.to);
  const keptTargets: string[] = [];
  let targets = 0;
  for (const [code, target] of await repo.findTargets(db, input.from)) {
    if (existing.has(code)) {
      keptTargets.push(code);
      continue;
    }
    await repo.upsertTarget(db, { code, year: input.to, target });
    targets += 1;
  }
  return { areas: areas.length, goals: goals.length, targets, keptTargets: keptTargets.sort() };
}

export async function defineSeries(db: Db, series: repo.StatSeries): Promise<void> {
  if (!CODE.test(series.code))
    throw new AppError(
      'INVALID_ARGUMENT',
      `seriens kod "${series.code}": bokstäver, siffror, . _ -`,
    );
  await repo.upsertSeries(db, series);
}

export { findIndicators, findSeries } from './goal.repository.ts';
