/**
 * The goals as a signed-in user reads and changes them (the web app's API): who may edit what,
 * every change audited in its own transaction. The CLI acts as the controller through the same
 * use cases of goal.service.ts.
 */
import type { Kysely } from 'kysely';
import { audited } from '../audit/audit.service.ts';
import type { Role } from '../auth/auth.ts';
import type { BalansDb } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { withinScope } from '../organisation/organisation.ts';
import { AppError } from '../shared/app-error.ts';
import { sanitizeRichText } from '../shared/rich-text.ts';
import { fulfilment, mayEditIndicator, targetText, targetValue, type Assessment } from './goal.ts';
import * as repo from './goal.repository.ts';
import {
  approveAnalysis,
  copyYear,
  maluppfyllelse,
  outcomes,
  saveAnalysis,
  setGoalTarget,
  setValue,
  updateTreeNode,
  verksamhetsstatistik,
  type CopyYearResult,
  type IndicatorLine,
  type MaluppfyllelseReport,
  type VerksamhetsstatistikReport,
} from './goal.service.ts';

type Db = Kysely<Database>;

/** Who is asking, and their name for the audit log. */
export interface GoalViewer {
  actor: string;
  role: Role;
  /** Org codes of a manager's scope (empty for those who see everything). */
  scope: readonly string[];
}

function requireController(viewer: GoalViewer, what: string): void {
  if (viewer.role !== 'controller')
    throw new AppError('FORBIDDEN', `bara ekonom/controller får ${what}`);
}

async function requireIndicator(db: Db, code: string): Promise<repo.Indicator> {
  const [indicator] = await repo.findIndicators(db, [code]);
  if (!indicator) throw new AppError('NOT_FOUND', `indikatorn "${code}" finns inte`);
  return indicator;
}

/** Refuses a manager an indicator not addressed to a unit of theirs. */
async function requireMayEdit(db: Db, viewer: GoalViewer, code: string): Promise<repo.Indicator> {
  const indicator = await requireIndicator(db, code);
  if (!mayEditIndicator(viewer, indicator.units, await findOrgUnits(db)))
    throw new AppError(
      'FORBIDDEN',
      `${indicator.name} är inte adresserad till någon av dina enheter: bara dess ansvariga chef och ekonomen ändrar den`,
    );
  return indicator;
}

/** Who stored the year's outcome for the nämnd, from where and when (null: none, or computed). */
export interface OutcomeEntry {
  source: string;
  by: string;
  at: string;
}

export type GoalLine = IndicatorLine & { mayEdit: boolean; entry: OutcomeEntry | null };

export type GoalsView = Omit<MaluppfyllelseReport, 'malomraden'> & {
  /** The years that have a goal tree, newest first. */
  years: number[];
  malomraden: (Omit<MaluppfyllelseReport['malomraden'][number], 'mal'> & {
    mal: (Omit<MaluppfyllelseReport['malomraden'][number]['mal'][number], 'indikatorer'> & {
      indikatorer: GoalLine[];
    })[];
  })[];
  /** The controller approves analyses and edits the tree. */
  mayApprove: boolean;
  mayEditTree: boolean;
  /** The org units the viewer may enter values for (besides the nämnd as a whole). */
  valueUnits: { code: string; name: string }[];
};

/**
 * A year's goal tree as the viewer sees it: every indicator's figures, and whether they may edit
 * its analysis. Every rich text is sanitised once more on the way out (it was when stored).
 */
export async function goalsFor(db: Db, viewer: GoalViewer, year: number): Promise<GoalsView> {
  const report = await maluppfyllelse(db, year);
  const codes = report.malomraden.flatMap((a) =>
    a.mal.flatMap((g) => g.indikatorer.map((i) => i.code)),
  );
  const indicators = new Map((await repo.findIndicators(db, codes)).map((i) => [i.code, i]));
  const units = await findOrgUnits(db);
  const stored = await repo.findValues(db, codes, { from: year, to: year });
  const entry = (code: string): OutcomeEntry | null => {
    const v = stored.find(
      (s) => s.code === code && s.periodFrom === year * 100 + 1 && s.periodTo === year * 100 + 12,
    );
    return v ? { source: v.source, by: v.enteredBy, at: v.enteredAt.toISOString() } : null;
  };
  const clean = sanitizeRichText;
  return {
    ...report,
    years: await repo.findGoalYears(db),
    malomraden: report.malomraden.map((a) => ({
      ...a,
      description: clean(a.description),
      uppdrag: clean(a.uppdrag),
      aterrapport: clean(a.aterrapport),
      mal: a.mal.map((g) => ({
        ...g,
        uppdrag: clean(g.uppdrag),
        aterrapport: clean(g.aterrapport),
        indikatorer: g.indikatorer.map((i) => ({
          ...i,
          analysis: clean(i.analysis),
          mayEdit: mayEditIndicator(viewer, indicators.get(i.code)?.units ?? [], units),
          entry: i.source === 'formula' ? null : entry(i.code),
        })),
      })),
    })),
    uppdrag: report.uppdrag.map((u) => ({
      ...u,
      text: clean(u.text),
      aktiviteter: clean(u.aktiviteter),
      aterrapport: clean(u.aterrapport),
    })),
    program: report.program.map((p) => ({ ...p, uppfoljning: clean(p.uppfoljning) })),
    mayApprove: viewer.role === 'controller',
    mayEditTree: viewer.role === 'controller',
    valueUnits: [...units.values()]
      .filter((u) => viewer.role === 'controller' || withinScope(u.code, viewer.scope, units))
      .map((u) => ({ code: u.code, name: u.name })),
  };
}

export interface IndicatorYears {
  code: string;
  name: string;
  unit: string;
  decimals: number;
  direction: repo.Indicator['direction'];
  values: {
    year: number;
    value: string | null;
    target: string | null;
    targetText: string;
    fulfilled: boolean | null;
    footnote: string | null;
  }[];
}

/** An indicator's outcome and target per year, oldest first: the small chart and its table. */
export async function indicatorYears(
  db: Db,
  code: string,
  years: { from: number; to: number },
): Promise<IndicatorYears> {
  const indicator = await requireIndicator(db, code);
  const targets = await repo.findIndicatorTargets(db, code, years);
  const values: IndicatorYears['values'] = [];
  let previous: string | null = null;
  for (let year = years.from; year <= years.to; year++) {
    const outcome = (await outcomes(db, [indicator], year)).get(code);
    const value = outcome?.value ?? null;
    const target = targets.get(year) ?? null;
    values.push({
      year,
      value,
      target: targetValue(target),
      targetText: targetText(target, indicator.unit, indicator.direction),
      fulfilled: fulfilment(target, value, previous),
      footnote: outcome?.footnote || null,
    });
    previous = value;
  }
  return {
    code,
    name: indicator.name,
    unit: indicator.unit,
    decimals: indicator.decimals,
    direction: indicator.direction,
    values,
  };
}

export interface AnalysisSaved {
  code: string;
  year: number;
  analysis: string;
  assessment: string | null;
  approved: boolean;
  version: number;
}

async function analysisOf(db: Db, code: string, year: number): Promise<AnalysisSaved | undefined> {
  const row = await repo.findAssessment(db, code, year);
  return (
    row && {
      code,
      year,
      analysis: row.analysis,
      assessment: row.assessment,
      approved: row.approved_by !== null,
      version: row.version,
    }
  );
}

/**
 * The manager's analysis and printed assessment ('' = none, null = the proposal). The version
 * read must still be the stored one (null: none was written yet), or nothing is written (409).
 */
export async function saveAnalysisAs(
  handle: BalansDb,
  viewer: GoalViewer,
  input: {
    code: string;
    year: number;
    analysis: string;
    assessment: Assessment | '' | null;
    version: number | null;
  },
): Promise<AnalysisSaved> {
  await requireMayEdit(handle.db, viewer, input.code);
  const target = `indikator:${input.code}:${input.year}`;
  return audited(
    handle,
    {
      actor: viewer.actor,
      action: 'mal.analys',
      target,
      before: (await analysisOf(handle.db, input.code, input.year)) ?? null,
    },
    async ({ db }) => {
      await saveAnalysis(db, { ...input, by: viewer.actor });
      const saved = await analysisOf(db, input.code, input.year);
      if (!saved) throw new Error(`${target} was not saved`);
      return saved;
    },
  );
}

/** The controller approves an analysis as read; a change made since is refused (409). */
export async function approveAs(
  handle: BalansDb,
  viewer: GoalViewer,
  input: { code: string; year: number; version: number },
): Promise<AnalysisSaved> {
  requireController(viewer, 'godkänna analyser');
  return audited(
    handle,
    { actor: viewer.actor, action: 'mal.godkann', target: `indikator:${input.code}:${input.year}` },
    async ({ db }) => {
      await approveAnalysis(db, { ...input, by: viewer.actor });
      const saved = await analysisOf(db, input.code, input.year);
      if (!saved) throw new Error('the approved analysis is gone');
      return saved;
    },
  );
}

export const NODE_KINDS = {
  malomrade: { table: 'goal_area', fields: ['name', 'description', 'uppdrag', 'aterrapport'] },
  mal: { table: 'goal', fields: ['name', 'kfGoal', 'uppdrag', 'aterrapport'] },
  uppdrag: { table: 'namnd_uppdrag', fields: ['text', 'aktiviteter', 'aterrapport'] },
  program: { table: 'program', fields: ['name', 'uppfoljning'] },
} as const;
export type NodeKind = keyof typeof NODE_KINDS;

/** The controller changes the texts of a målområde, mål, uppdrag or program, as read (409 otherwise). */
export async function updateNodeAs(
  handle: BalansDb,
  viewer: GoalViewer,
  input: { kind: NodeKind; id: number; version: number; fields: Record<string, string> },
): Promise<{ id: number; kind: NodeKind }> {
  requireController(viewer, 'ändra målträdet');
  const allowed: readonly string[] = NODE_KINDS[input.kind].fields;
  const wrong = Object.keys(input.fields).filter((f) => !allowed.includes(f));
  if (wrong.length > 0)
    throw new AppError(
      'INVALID_ARGUMENT',
      `${input.kind} har inte fälten ${wrong.join(', ')} (bara ${allowed.join(', ')})`,
    );
  if (Object.keys(input.fields).length === 0)
    throw new AppError('INVALID_ARGUMENT', `ange något av fälten ${allowed.join(', ')}`);
  return audited(
    handle,
    {
      actor: viewer.actor,
      action: 'mal.andra',
      target: `${input.kind}:${input.id}`,
    },
    async ({ db }) => {
      await updateTreeNode(db, {
        kind: NODE_KINDS[input.kind].table,
        id: input.id,
        version: input.version,
        fields: input.fields,
      });
      return { id: input.id, kind: input.kind, fields: input.fields };
    },
  );
}

/** The controller starts a year from another year's tree, texts and targets. */
export async function copyYearAs(
  handle: BalansDb,
  viewer: GoalViewer,
  input: { from: number; to: number },
): Promise<CopyYearResult> {
  requireController(viewer, 'starta ett nytt målår');
  return audited(
    handle,
    { actor: viewer.actor, action: 'mal.ny-ar', target: `${input.from}→${input.to}` },
    ({ db }) => copyYear(db, input),
  );
}

/**
 * An indicator's value for a year or month: the controller any, a manager those of indicators
 * addressed to their units, for the nämnd or a unit within their scope.
 */
export async function setValueAs(
  handle: BalansDb,
  viewer: GoalViewer,
  input: { code: string; period: string; value: string; orgUnit: string; footnote: string },
): Promise<{ code: string; period: string; orgUnit: string; value: string }> {
  await requireMayEdit(handle.db, viewer, input.code);
  if (input.orgUnit !== '') {
    const units = await findOrgUnits(handle.db);
    if (!units.has(input.orgUnit))
      throw new AppError('NOT_FOUND', `enheten ${input.orgUnit} finns inte i organisationen`);
    if (viewer.role !== 'controller' && !withinScope(input.orgUnit, viewer.scope, units))
      throw new AppError('FORBIDDEN', `enheten ${input.orgUnit} är inte en av dina enheter`);
  }
  return audited(
    handle,
    {
      actor: viewer.actor,
      action: 'mal.varde',
      target: `indikator:${input.code}:${input.period}:${input.orgUnit}`,
    },
    async ({ db }) => {
      await setValue(db, {
        ...input,
        source: 'manual',
        enteredBy: viewer.actor,
      });
      return { code: input.code, period: input.period, orgUnit: input.orgUnit, value: input.value };
    },
  );
}

/** A statistics series' value (controller). */
export async function setSeriesValueAs(
  handle: BalansDb,
  viewer: GoalViewer,
  input: { code: string; period: string; value: string; footnote: string },
): Promise<{ code: string; period: string; value: string }> {
  requireController(viewer, 'ändra verksamhetsstatistiken');
  const [series] = await repo.findSeries(handle.db, [input.code]);
  if (!series) throw new AppError('NOT_FOUND', `statistikserien "${input.code}" finns inte`);
  return audited(
    handle,
    {
      actor: viewer.actor,
      action: 'statistik.varde',
      target: `serie:${input.code}:${input.period}`,
    },
    async ({ db }) => {
      await setValue(db, { ...input, source: 'manual', enteredBy: viewer.actor });
      return { code: input.code, period: input.period, value: input.value };
    },
  );
}

/** A year's target of an indicator, as people write it (controller). */
export async function setTargetAs(
  handle: BalansDb,
  viewer: GoalViewer,
  input: { code: string; year: number; target: string; text?: string },
): Promise<{ code: string; year: number; target: string | null; targetText: string }> {
  requireController(viewer, 'sätta mål');
  return audited(
    handle,
    {
      actor: viewer.actor,
      action: 'mal.malvarde',
      target: `indikator:${input.code}:${input.year}`,
    },
    async ({ db }) => {
      await setGoalTarget(db, input);
      const indicator = await requireIndicator(db, input.code);
      const target = (await repo.findTargets(db, input.year)).get(input.code) ?? null;
      return {
        code: input.code,
        year: input.year,
        target: targetValue(target),
        targetText: targetText(target, indicator.unit, indicator.direction),
      };
    },
  );
}

/** The years the goal and statistics pages offer, newest first. */
export async function goalYears(
  db: Db,
): Promise<{ goalYears: number[]; statisticsYears: number[] }> {
  return { goalYears: await repo.findGoalYears(db), statisticsYears: await repo.findStatYears(db) };
}

export type StatisticsView = VerksamhetsstatistikReport & {
  /** The years with statistics, newest first. */
  statisticsYears: number[];
};

/** Verksamhetsstatistik of a year and the two before, with the years there are figures for. */
export async function statisticsFor(db: Db, year: number): Promise<StatisticsView> {
  return {
    ...(await verksamhetsstatistik(db, year)),
    statisticsYears: await repo.findStatYears(db),
  };
}
