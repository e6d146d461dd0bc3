import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit.service.ts';
import { seesEverything } from '../auth/auth.ts';
import type { Viewer } from '../action-plans/action-plan.service.ts';
import type { BalansDb } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { accountsInResult } from '../followup/followup.ts';
import { findAccounts } from '../followup/followup.repository.ts';
import * as ledgerRepo from '../ledger/ledger.repository.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { ancestorAt } from '../organisation/organisation.ts';
import { classify } from '../reports/classification.ts';
import { findReportLines, objectNames } from '../reports/reports.repository.ts';
import { AppError } from '../shared/app-error.ts';
import { periodsBetween, type Period } from '../shared/dates.ts';
import type { Ore } from '../shared/money.ts';
import {
  DEFAULT_THRESHOLD,
  FORECAST_METHODS,
  linjar,
  sum,
  tkrText,
  FORECAST_PARTS,
  PART_LABELS,
  STATUS_LABELS,
  explanationRequired,
  isEditable,
  partOf,
  percentOf,
  propose,
  type ForecastMethod,
  type ForecastPart,
  type ForecastStatus,
  type Proposal,
  type Threshold,
  type UnitFigures,
} from './forecast.ts';
import * as repo from './forecast.repository.ts';
import { measuresOfYear } from './forecast.repository.ts';
import { monthsByAnsvar, remainingEffectsByAnsvar } from './forecast.service.ts';

type Db = Kysely<Database>;

/** The year's context: its months and the accounts of each part of the operating result. */
interface YearParts {
  year: number;
  fiscalYearId: number;
  periods: Period[];
  budgetVersionId: number | undefined;
  lastYear: { id: number; periods: Period[] } | undefined;
  kontos: Record<ForecastPart, string[]>;
}

async function yearParts(db: Db, year: number): Promise<YearParts> {
  const fiscalYear = await ledgerRepo.findFiscalYearStartingIn(db, year);
  if (!fiscalYear)
    throw new AppError('NOT_FOUND', `year: inget räkenskapsår som börjar ${year} är inläst`);
  // One query at a time: inside a transaction they share one connection.
  const accounts = await findAccounts(db);
  const lines = await findReportLines(db);
  const version = await ledgerRepo.findBudgetVersion(db, fiscalYear.id);
  const last = await ledgerRepo.findFiscalYearStartingIn(db, year - 1);
  const { inResult } = accountsInResult(accounts.keys(), lines);
  const classification = classify(inResult, lines);
  const kontos: Record<ForecastPart, string[]> = { intakter: [], personal: [], ovriga: [] };
  for (const konto of inResult)
    kontos[
      partOf(classification.main.get(konto) ?? '', classification.parts.get(konto) ?? [])
    ].push(konto);
  return {
    year,
    fiscalYearId: fiscalYear.id,
    periods: periodsBetween(fiscalYear.start, fiscalYear.end),
    budgetVersionId: version?.id,
    lastYear: last ? { id: last.id, periods: periodsBetween(last.start, last.end) } : undefined,
    kontos,
  };
}

function checkMonth(ctx: YearParts, month: number): void {
  if (!Number.isInteger(month) || month < 1 || month > ctx.periods.length)
    throw new AppError(
      'INVALID_ARGUMENT',
      `month: räkenskapsåret ${ctx.year} har månaderna 1–${ctx.periods.length}, inte ${month}`,
    );
}

type PartFigures = Record<ForecastPart, UnitFigures>;

/** No money in any part: zeros for every month (and for last year's, when asked and there is one). */
function emptyParts(ctx: YearParts, withLastYear: boolean): PartFigures {
  const zeros = ctx.periods.map(() => 0n);
  const lastYear = withLastYear ? (ctx.lastYear?.periods.map(() => 0n) ?? null) : null;
  const part = (): UnitFigures => ({
    outcome: zeros,
    budget: zeros,
    lastYear,
    remainingEffects: 0n,
  });
  return { intakter: part(), personal: part(), ovriga: part() };
}

/** Month by month outcome, budget and last year's outcome per part, for one ansvar or all. */
async function figuresByAnsvar(
  db: Db,
  ctx: YearParts,
  month: number,
  options: { ansvar?: string; lastYear: boolean; effects: boolean },
): Promise<Map<string, PartFigures>> {
  const result = new Map<string, PartFigures>();
  const of = (code: string) => {
    let figures = result.get(code);
    if (!figures) {
      figures = emptyParts(ctx, true);
      result.set(code, figures);
    }
    return figures;
  };
  // One query at a time: inside a transaction they share one connection.
  for (const part of FORECAST_PARTS) {
    const kontos = ctx.kontos[part];
    const outcome = await monthsByAnsvar(
      db,
      ctx.fiscalYearId,
      ctx.periods,
      kontos,
      undefined,
      options.ansvar,
    );
    for (const [code, months] of outcome) of(code)[part] = { ...of(code)[part], outcome: months };
    if (ctx.budgetVersionId !== undefined) {
      const budget = await monthsByAnsvar(
        db,
        ctx.fiscalYearId,
        ctx.periods,
        kontos,
        ctx.budgetVersionId,
        options.ansvar,
      );
      for (const [code, months] of budget) of(code)[part] = { ...of(code)[part], budget: months };
    }
    if (options.lastYear && ctx.lastYear) {
      const last = await monthsByAnsvar(
        db,
        ctx.lastYear.id,
        ctx.lastYear.periods,
        kontos,
        undefined,
        options.ansvar,
      );
      for (const [code, months] of last)
        if (result.has(code)) of(code)[part] = { ...of(code)[part], lastYear: months };
    }
  }
  if (options.effects) {
    // The action plans' effects are savings on costs: they lower the other costs' forecast.
    const effects = remainingEffectsByAnsvar(await measuresOfYear(db, ctx.year), ctx.year, month);
    for (const [code, effect] of effects)
      if (options.ansvar === undefined || code === options.ansvar)
        of(code).ovriga = { ...of(code).ovriga, remainingEffects: effect };
  }
  return result;
}

function totalFigures(parts: PartFigures): UnitFigures {
  const add = (key: 'outcome' | 'budget') =>
    parts.intakter[key].map((_, i) =>
      FORECAST_PARTS.reduce((s, p) => s + (parts[p][key][i] ?? 0n), 0n),
    );
  const last = parts.intakter.lastYear;
  return {
    outcome: add('outcome'),
    budget: add('budget'),
    lastYear:
      last === null
        ? null
        : last.map((_, i) =>
            FORECAST_PARTS.reduce((s, p) => s + (parts[p].lastYear?.[i] ?? 0n), 0n),
          ),
    remainingEffects: FORECAST_PARTS.reduce((s, p) => s + parts[p].remainingEffects, 0n),
  };
}

type Level = 'ansvar' | 'verksamhetsomrade' | 'namnd';

/** A level's threshold among those kept, or the default. */
function thresholdIn(
  rows: Awaited<ReturnType<typeof repo.findThresholds>>,
  level: Level,
): Threshold {
  const row = rows.find((r) => r.level === level);
  return row ? { amount: row.amount_ore, percent: row.percent } : DEFAULT_THRESHOLD;
}

async function thresholdOf(db: Db, level: Level): Promise<Threshold> {
  return thresholdIn(await repo.findThresholds(db), level);
}

function checkSees(viewer: Viewer, ansvar: string): void {
  if (viewer.role === 'namnd')
    throw new AppError('FORBIDDEN', 'nämnden ser prognoserna i de fastställda rapporterna');
  if (viewer.visibleAnsvar !== undefined && !viewer.visibleAnsvar.has(ansvar))
    throw new AppError('FORBIDDEN', `ansvar ${ansvar} ingår inte i de enheter du får se`);
}

function checkOpen(period: repo.PeriodState, year: number, month: number): void {
  if (period.status === 'closed')
    throw new AppError(
      'CONFLICT',
      `månad ${month} ${year} är stängd${period.closedBy ? ` (av ${period.closedBy})` : ''}: prognoser och kommentarer för den kan inte ändras; controllern kan öppna den igen`,
    );
}

export interface StoredForecast {
  status: ForecastStatus;
  method: string;
  parts: Record<ForecastPart, Ore>;
  total: Ore;
  reason: string | null;
  comment: string;
  updatedBy: string;
  updatedAt: Date;
  submittedBy: string | null;
  submittedAt: Date | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewComment: string;
  rowVersion: number;
}

function stored(row: repo.ForecastRow): StoredForecast {
  return {
    status: row.status,
    method: row.method,
    parts: { intakter: row.intakter_ore, personal: row.personal_ore, ovriga: row.ovriga_ore },
    total: row.intakter_ore + row.personal_ore + row.ovriga_ore,
    reason: row.reason,
    comment: row.comment,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    reviewComment: row.review_comment,
    rowVersion: row.row_version,
  };
}

export interface ForecastForm {
  year: number;
  month: number;
  months: number;
  ansvar: { code: string; name: string };
  period: repo.PeriodState;
  /** Per part: the year's budget, outcome through the month, and every method's proposal. */
  parts: {
    part: ForecastPart;
    label: string;
    budget: Ore;
    outcomeToDate: Ore;
    proposals: Proposal[];
  }[];
  /** The whole ansvar: each method computed on the total (as `balans prognos forslag`). */
  total: { budget: Ore; outcomeToDate: Ore; proposals: Proposal[] };
  forecast: StoredForecast | null;
  /** The same ansvar's forecast of the month before, if any. */
  previous: (StoredForecast & { month: number }) | null;
  threshold: Threshold;
  reasons: { code: string; label: string }[];
}

/** What a manager sees when forecasting an ansvar for a month: figures, proposals, their forecast. */
export async function forecastForm(
  db: Db,
  viewer: Viewer,
  query: { year: number; month: number; ansvar: string },
): Promise<ForecastForm> {
  checkSees(viewer, query.ansvar);
  const ctx = await yearParts(db, query.year);
  checkMonth(ctx, query.month);
  const figures = await figuresByAnsvar(db, ctx, query.month, {
    ansvar: query.ansvar,
    lastYear: true,
    effects: true,
  });
  const names = await objectNames(db, 'ansvar');
  const units = await findOrgUnits(db);
  const name = names.get(query.ansvar) ?? units.get(query.ansvar)?.name;
  const parts = figures.get(query.ansvar);
  if (parts === undefined && name === undefined)
    throw new AppError(
      'NOT_FOUND',
      `ansvar: ${query.ansvar} finns inte i huvudboken eller organisationen`,
    );
  const own: PartFigures = parts ?? emptyParts(ctx, false);
  const total = totalFigures(own);
  const [period, rows, reasons, threshold] = await Promise.all([
    repo.findPeriod(db, query.year, query.month),
    repo.findForecasts(db, { year: query.year, ansvar: query.ansvar }),
    repo.findReasons(db),
    thresholdOf(db, 'ansvar'),
  ]);
  const current = rows.find((r) => r.month === query.month);
  const before = rows.filter((r) => r.month < query.month).at(-1);
  return {
    year: query.year,
    month: query.month,
    months: ctx.periods.length,
    ansvar: { code: query.ansvar, name: name ?? query.ansvar },
    period,
    parts: FORECAST_PARTS.map((part) => ({
      part,
      label: PART_LABELS[part],
      budget: sum(own[part].budget),
      outcomeToDate: sum(own[part].outcome, 0, query.month),
      proposals: FORECAST_METHODS.map((m) => propose(m, own[part], query.month)),
    })),
    total: {
      budget: sum(total.budget),
      outcomeToDate: sum(total.outcome, 0, query.month),
      proposals: FORECAST_METHODS.map((m) => propose(m, total, query.month)),
    },
    forecast: current ? stored(current) : null,
    previous: before ? { ...stored(before), month: before.month } : null,
    threshold,
    reasons: reasons.map((r) => ({ code: r.code, label: r.label })),
  };
}

export interface ForecastInput {
  year: number;
  month: number;
  ansvar: string;
  /** The proposal taken, or 'egen' for a figure written by hand. */
  method: ForecastMethod | 'egen';
  parts: Record<ForecastPart, Ore>;
  reason: string | null;
  comment: string;
  /** The version read; null for a forecast not yet written. */
  rowVersion: number | null;
}

function stale(ansvar: string, month: number): AppError {
  return new AppError(
    'CONFLICT',
    `prognosen för ansvar ${ansvar} månad ${month} har ändrats av någon annan sedan du läste den: läs in den igen`,
  );
}

function target(query: { year: number; month: number; ansvar: string }): string {
  return `prognos ${query.year}-${String(query.month).padStart(2, '0')} ansvar ${query.ansvar}`;
}

type ForecastKey = { year: number; month: number; ansvar: string };

/** Reads a forecast back after a write and puts the write in the audit log. */
async function auditedForecast(
  db: Kysely<Database>,
  viewer: Viewer,
  key: ForecastKey,
  action: string,
  before?: StoredForecast | null,
): Promise<StoredForecast> {
  const [saved] = await repo.findForecasts(db, key);
  if (!saved) throw stale(key.ansvar, key.month);
  await writeAudit(db, {
    actor: viewer.actor,
    action,
    target: target(key),
    ...(before === undefined ? {} : { before }),
    after: stored(saved),
  });
  return stored(saved);
}

/**
 * Changes a forecast at the row version it was read with (refused as stale when someone else
 * changed it first), then reads it back and audits the change.
 */
async function changeForecast(
  db: Kysely<Database>,
  viewer: Viewer,
  key: ForecastKey,
  existing: repo.ForecastRow,
  change: Parameters<typeof repo.updateForecast>[3],
  action: string,
  before?: StoredForecast,
): Promise<StoredForecast> {
  if (!(await repo.updateForecast(db, existing.id, existing.row_version, change, viewer.actor)))
    throw stale(key.ansvar, key.month);
  return auditedForecast(db, viewer, key, action, before);
}

/** Saves a draft of a forecast (a manager's own ansvar, or the controller's): never over someone else's change. */
export async function saveForecast(
  handle: BalansDb,
  viewer: Viewer,
  input: ForecastInput,
): Promise<StoredForecast> {
  checkSees(viewer, input.ansvar);
  if (input.method !== 'egen' && !(FORECAST_METHODS as readonly string[]).includes(input.method))
    throw new AppError('INVALID_ARGUMENT', `method: "${input.method}" är ingen metod`);
  return handle.transaction(async (tx) => {
    const db = tx.db;
    const ctx = await yearParts(db, input.year);
    checkMonth(ctx, input.month);
    checkOpen(await repo.lockPeriod(db, input.year, input.month), input.year, input.month);
    if (input.reason !== null) {
      const reasons = await repo.findReasons(db);
      if (!reasons.some((r) => r.code === input.reason))
        throw new AppError(
          'INVALID_ARGUMENT',
          `reason: "${input.reason}" finns inte bland orsakerna (${reasons.map((r) => r.code).join(', ')})`,
        );
    }
    const [existing] = await repo.findForecasts(db, input);
    const values = {
      method: input.method,
      intakter: input.parts.intakter,
      personal: input.parts.personal,
      ovriga: input.parts.ovriga,
      reason: input.reason,
      comment: input.comment.trim(),
    };
    if (existing === undefined) {
      if (input.rowVersion !== null) throw stale(input.ansvar, input.month);
      await repo.insertForecast(db, input, values, viewer.actor);
    } else {
      if (input.rowVersion !== existing.row_version) throw stale(input.ansvar, input.month);
      if (!isEditable(existing.status))
        throw new AppError(
          'CONFLICT',
          `prognosen för ansvar ${input.ansvar} månad ${input.month} är ${STATUS_LABELS[existing.status]} och kan inte ändras${existing.status === 'inlamnad' ? ' förrän den skickats tillbaka' : ''}`,
        );
      const status = existing.status === 'aterskickad' ? 'aterskickad' : 'utkast';
      return changeForecast(
        db,
        viewer,
        input,
        existing,
        { values, status },
        'prognos.spara',
        stored(existing),
      );
    }
    return auditedForecast(db, viewer, input, 'prognos.spara', null);
  });
}

/**
 * Submits a forecast: refused until a deviation from budget at or above the threshold has a reason
 * and a text.
 */
export async function submitForecast(
  handle: BalansDb,
  viewer: Viewer,
  query: { year: number; month: number; ansvar: string; rowVersion: number },
): Promise<StoredForecast> {
  checkSees(viewer, query.ansvar);
  return handle.transaction(async (tx) => {
    const db = tx.db;
    const ctx = await yearParts(db, query.year);
    checkMonth(ctx, query.month);
    checkOpen(await repo.lockPeriod(db, query.year, query.month), query.year, query.month);
    const [existing] = await repo.findForecasts(db, query);
    if (!existing)
      throw new AppError(
        'NOT_FOUND',
        `ansvar ${query.ansvar} har ingen prognos för månad ${query.month} att lämna in`,
      );
    if (existing.row_version !== query.rowVersion) throw stale(query.ansvar, query.month);
    if (!isEditable(existing.status))
      throw new AppError('CONFLICT', `prognosen är redan ${STATUS_LABELS[existing.status]}`);
    const forecast = stored(existing);
    const figures = await figuresByAnsvar(db, ctx, query.month, {
      ansvar: query.ansvar,
      lastYear: false,
      effects: false,
    });
    const parts = figures.get(query.ansvar);
    const budget = parts ? sum(totalFigures(parts).budget) : 0n;
    const threshold = await thresholdOf(db, 'ansvar');
    if (
      explanationRequired(forecast.total, budget, threshold) &&
      (forecast.reason === null || forecast.comment === '')
    )
      throw new AppError(
        'INVALID_ARGUMENT',
        `prognosen avviker från budget med ${tkrText(forecast.total - budget)} tkr, vilket når gränsen (${tkrText(threshold.amount)} tkr eller ${threshold.percent.replace('.', ',')} %): välj en orsak och skriv en förklaring innan du lämnar in`,
      );
    return changeForecast(
      db,
      viewer,
      query,
      existing,
      { status: 'inlamnad', submittedBy: viewer.actor },
      'prognos.lamna-in',
    );
  });
}

/** Who may approve or return: the controller and förvaltningschef, or a verksamhetschef over the ansvar. */
function checkReviewer(viewer: Viewer, ansvar: string): void {
  checkSees(viewer, ansvar);
  if (!seesEverything(viewer.role) && viewer.role !== 'verksamhetschef')
    throw new AppError('FORBIDDEN', 'bara verksamhetschef eller controller godkänner prognoser');
}

/** Approves a submitted forecast, or returns it with a comment. */
export async function reviewForecast(
  handle: BalansDb,
  viewer: Viewer,
  query: {
    year: number;
    month: number;
    ansvar: string;
    rowVersion: number;
    decision: 'godkann' | 'aterskicka';
    comment: string;
  },
): Promise<StoredForecast> {
  checkReviewer(viewer, query.ansvar);
  if (query.decision === 'aterskicka' && query.comment.trim() === '')
    throw new AppError('INVALID_ARGUMENT', 'comment: skriv varför prognosen skickas tillbaka');
  return handle.transaction(async (tx) => {
    const db = tx.db;
    checkOpen(await repo.lockPeriod(db, query.year, query.month), query.year, query.month);
    const [existing] = await repo.findForecasts(db, query);
    if (!existing)
      throw new AppError(
        'NOT_FOUND',
        `ansvar ${query.ansvar} har ingen prognos för månad ${query.month}`,
      );
    if (existing.row_version !== query.rowVersion) throw stale(query.ansvar, query.month);
    if (existing.status !== 'inlamnad')
      throw new AppError(
        'CONFLICT',
        `prognosen är ${STATUS_LABELS[existing.status]}: bara en inlämnad prognos kan godkännas eller skickas tillbaka`,
      );
    const status = query.decision === 'godkann' ? 'godkand' : 'aterskickad';
    return changeForecast(
      db,
      viewer,
      query,
      existing,
      { status, reviewedBy: viewer.actor, reviewComment: query.comment.trim() },
      query.decision === 'godkann' ? 'prognos.godkann' : 'prognos.aterskicka',
    );
  });
}

function checkController(viewer: Viewer): void {
  if (viewer.role !== 'controller')
    throw new AppError('FORBIDDEN', 'bara controllern stänger och öppnar månader');
}

export interface PeriodChange {
  year: number;
  month: number;
  status: 'open' | 'closed';
  /** Ansvar with budget or outcome that had no submitted or approved forecast when the month closed. */
  missing: string[];
}

/**
 * Closes a month: its forecasts and comments are locked, and what the ledger said of each ansvar
 * (outcome through the month, the year's budget) is kept beside them.
 */
export async function closeMonth(
  handle: BalansDb,
  viewer: Viewer,
  query: { year: number; month: number },
): Promise<PeriodChange> {
  checkController(viewer);
  return handle.transaction(async (tx) => {
    const db = tx.db;
    const ctx = await yearParts(db, query.year);
    checkMonth(ctx, query.month);
    const period = await repo.lockPeriod(db, query.year, query.month);
    if (period.status === 'closed')
      throw new AppError('CONFLICT', `månad ${query.month} ${query.year} är redan stängd`);
    const figures = await figuresByAnsvar(db, ctx, query.month, {
      lastYear: false,
      effects: false,
    });
    await recordClose(db, { ...query, by: viewer.actor }, figures);
    const forecasts = await repo.findForecasts(db, query);
    const reported = new Set(
      forecasts
        .filter((f) => f.status === 'inlamnad' || f.status === 'godkand')
        .map((f) => f.ansvar),
    );
    const missing = [...figures.keys()].filter((a) => a !== '' && !reported.has(a)).sort();
    await writeAudit(db, {
      actor: viewer.actor,
      action: 'period.stang',
      target: `period ${query.year}-${String(query.month).padStart(2, '0')}`,
      after: { missing },
    });
    return { ...query, status: 'closed', missing };
  });
}

/** Opens a closed month again, with a reason (kept with the month and in the audit log). */
export async function reopenMonth(
  handle: BalansDb,
  viewer: Viewer,
  query: { year: number; month: number; reason: string },
): Promise<PeriodChange> {
  checkController(viewer);
  const reason = query.reason.trim();
  if (reason === '')
    throw new AppError(
      'INVALID_ARGUMENT',
      'reason: skriv varför månaden öppnas igen (--reason TEXT)',
    );
  return handle.transaction(async (tx) => {
    const db = tx.db;
    const period = await repo.lockPeriod(db, query.year, query.month);
    if (period.status !== 'closed')
      throw new AppError('CONFLICT', `månad ${query.month} ${query.year} är inte stängd`);
    await repo.setPeriodStatus(db, query.year, query.month, {
      status: 'open',
      by: viewer.actor,
      reason,
    });
    await writeAudit(db, {
      actor: viewer.actor,
      action: 'period.oppna',
      target: `period ${query.year}-${String(query.month).padStart(2, '0')}`,
      after: { reason },
    });
    return { year: query.year, month: query.month, status: 'open', missing: [] };
  });
}

export interface OverviewRow {
  code: string;
  name: string;
  budget: Ore;
  outcomeToDate: Ore;
  /** The forecast's full-year net, or null where none is written. */
  forecast: Ore | null;
  /** budget − forecast: negative = a deficit (as the driftredovisning). */
  deviation: Ore | null;
  status: ForecastStatus | null;
  reason: string | null;
  comment: string;
  submittedBy: string | null;
  reviewedBy: string | null;
  explanationRequired: boolean;
  /** Closed months: outcome through the month now, less what it was at the close (a later import). */
  changedSinceClose: Ore | null;
}

export interface ForecastOverview {
  year: number;
  month: number;
  period: repo.PeriodState;
  events: { month: number; action: 'close' | 'reopen'; reason: string; at: Date; by: string }[];
  units: (OverviewRow & { area: string })[];
  areas: {
    code: string;
    name: string;
    budget: Ore;
    forecast: Ore;
    deviation: Ore;
    missing: number;
    explanationRequired: boolean;
  }[];
  total: {
    budget: Ore;
    forecast: Ore;
    deviation: Ore;
    submitted: number;
    approved: number;
    units: number;
  };
}

/**
 * The controller's (and a manager's, for their units) view of a month: who has submitted, each
 * forecast against budget, and the totals per verksamhetsområde and for the nämnd. Where a unit has
 * no forecast, the total counts its budget.
 */
export async function forecastOverview(
  db: Db,
  viewer: Viewer,
  query: { year: number; month: number },
): Promise<ForecastOverview> {
  if (viewer.role === 'namnd')
    throw new AppError('FORBIDDEN', 'nämnden ser prognoserna i de fastställda rapporterna');
  const ctx = await yearParts(db, query.year);
  checkMonth(ctx, query.month);
  const [figures, forecasts, period, events, names, units, frozen, thresholds] = await Promise.all([
    figuresByAnsvar(db, ctx, query.month, { lastYear: false, effects: false }),
    repo.findForecasts(db, query),
    repo.findPeriod(db, query.year, query.month),
    repo.findPeriodEvents(db, query.year),
    objectNames(db, 'ansvar'),
    findOrgUnits(db),
    repo.findFrozenFigures(db, query.year),
    repo.findThresholds(db),
  ]);
  const threshold = (level: Level) => thresholdIn(thresholds, level);
  const byAnsvar = new Map(forecasts.map((f) => [f.ansvar, stored(f)]));
  const frozenOutcome = new Map<string, Ore>();
  for (const f of frozen)
    if (f.month === query.month)
      frozenOutcome.set(f.ansvar, (frozenOutcome.get(f.ansvar) ?? 0n) + f.outcome);
  const codes = new Set([...figures.keys(), ...byAnsvar.keys()]);
  for (const u of units.values()) if (u.level === 'ansvar') codes.add(u.code);
  const rows: (OverviewRow & { area: string })[] = [];
  for (const code of [...codes].sort((a, b) => a.localeCompare(b, 'sv', { numeric: true }))) {
    if (viewer.visibleAnsvar !== undefined && !viewer.visibleAnsvar.has(code)) continue;
    const parts = figures.get(code);
    const total = parts ? totalFigures(parts) : undefined;
    const budget = total ? sum(total.budget) : 0n;
    const outcomeToDate = total ? sum(total.outcome, 0, query.month) : 0n;
    const forecast = byAnsvar.get(code);
    const area = ancestorAt(code, 'verksamhetsomrade', units);
    rows.push({
      code,
      name: names.get(code) ?? units.get(code)?.name ?? code,
      area: area?.code ?? '',
      budget,
      outcomeToDate,
      forecast: forecast?.total ?? null,
      deviation: forecast ? budget - forecast.total : null,
      status: forecast?.status ?? null,
      reason: forecast?.reason ?? null,
      comment: forecast?.comment ?? '',
      submittedBy: forecast?.submittedBy ?? null,
      reviewedBy: forecast?.reviewedBy ?? null,
      explanationRequired: forecast
        ? explanationRequired(forecast.total, budget, threshold('ansvar'))
        : false,
      changedSinceClose: frozenOutcome.has(code)
        ? outcomeToDate - (frozenOutcome.get(code) ?? 0n)
        : null,
    });
  }
  const areaCodes = [...new Set(rows.map((r) => r.area))].sort();
  const areas = areaCodes.map((code) => {
    const own = rows.filter((r) => r.area === code);
    const budget = own.reduce((s, r) => s + r.budget, 0n);
    const forecast = own.reduce((s, r) => s + (r.forecast ?? r.budget), 0n);
    return {
      code,
      name: code === '' ? 'Utanför organisationen' : (units.get(code)?.name ?? code),
      budget,
      forecast,
      deviation: budget - forecast,
      missing: own.filter((r) => r.status !== 'inlamnad' && r.status !== 'godkand').length,
      explanationRequired: explanationRequired(forecast, budget, threshold('verksamhetsomrade')),
    };
  });
  const budget = rows.reduce((s, r) => s + r.budget, 0n);
  const forecast = rows.reduce((s, r) => s + (r.forecast ?? r.budget), 0n);
  return {
    year: query.year,
    month: query.month,
    period,
    events: events
      .filter((e) => e.month === query.month)
      .map((e) => ({
        month: e.month,
        action: e.action,
        reason: e.reason,
        at: e.at,
        by: e.by,
      })),
    units: rows,
    areas,
    total: {
      budget,
      forecast,
      deviation: budget - forecast,
      submitted: rows.filter((r) => r.status === 'inlamnad' || r.status === 'godkand').length,
      approved: rows.filter((r) => r.status === 'godkand').length,
      units: rows.length,
    },
  };
}

export interface AccuracyRow {
  month: number;
  code: string;
  name: string;
  forecast: Ore;
  bokslut: Ore;
  /** forecast − bokslut. */
  difference: Ore;
  /** difference as % of the bokslut's net, one decimal, or null for a zero bokslut. */
  percent: string | null;
  /** The naive baseline: `linjar` on the outcome as it stood at the month's close (or now). */
  linjar: Ore;
  linjarDifference: Ore;
  linjarPercent: string | null;
}

/**
 * Prognossäkerhet: each month's forecasts (submitted or approved) against the year's bokslut, per
 * ansvar and for the nämnd, beside what the naive `linjar` proposal would have said.
 */
export async function forecastAccuracy(
  db: Db,
  viewer: Viewer,
  query: { year: number },
): Promise<{ year: number; months: number; rows: AccuracyRow[]; total: AccuracyRow[] }> {
  if (viewer.role === 'namnd')
    throw new AppError('FORBIDDEN', 'nämnden ser prognossäkerheten i de fastställda rapporterna');
  const ctx = await yearParts(db, query.year);
  const months = ctx.periods.length;
  const [figures, forecasts, frozen, names] = await Promise.all([
    figuresByAnsvar(db, ctx, months, { lastYear: false, effects: false }),
    repo.findForecasts(db, { year: query.year }),
    repo.findFrozenFigures(db, query.year),
    objectNames(db, 'ansvar'),
  ]);
  const frozenOutcome = new Map<string, Ore>();
  for (const f of frozen) {
    const key = `${f.month}|${f.ansvar}`;
    frozenOutcome.set(key, (frozenOutcome.get(key) ?? 0n) + f.outcome);
  }
  const rows: AccuracyRow[] = [];
  const totals = new Map<number, { forecast: Ore; bokslut: Ore; linjar: Ore }>();
  for (const f of forecasts) {
    if (f.status !== 'inlamnad' && f.status !== 'godkand') continue;
    if (viewer.visibleAnsvar !== undefined && !viewer.visibleAnsvar.has(f.ansvar)) continue;
    const parts = figures.get(f.ansvar);
    const total = parts ? totalFigures(parts) : undefined;
    const bokslut = total ? sum(total.outcome) : 0n;
    const toDate =
      frozenOutcome.get(`${f.month}|${f.ansvar}`) ?? (total ? sum(total.outcome, 0, f.month) : 0n);
    const baseline = linjar(toDate, f.month, months);
    const forecast = stored(f).total;
    rows.push(
      accuracyRow(f.month, f.ansvar, names.get(f.ansvar) ?? f.ansvar, forecast, bokslut, baseline),
    );
    const t = totals.get(f.month) ?? { forecast: 0n, bokslut: 0n, linjar: 0n };
    totals.set(f.month, {
      forecast: t.forecast + forecast,
      bokslut: t.bokslut + bokslut,
      linjar: t.linjar + baseline,
    });
  }
  const total = [...totals.entries()]
    .sort(([a], [b]) => a - b)
    .map(([month, t]) =>
      accuracyRow(month, '', 'Summa inlämnade prognoser', t.forecast, t.bokslut, t.linjar),
    );
  return { year: query.year, months, rows, total };
}

function accuracyRow(
  month: number,
  code: string,
  name: string,
  forecast: Ore,
  bokslut: Ore,
  linjar: Ore,
): AccuracyRow {
  return {
    month,
    code,
    name,
    forecast,
    bokslut,
    difference: forecast - bokslut,
    percent: percentOf(forecast - bokslut, bokslut),
    linjar,
    linjarDifference: linjar - bokslut,
    linjarPercent: percentOf(linjar - bokslut, bokslut),
  };
}

/** Per ansvar and part: the year's outcome and budget month by month (the demo builds its forecasts from them). */
export async function yearFiguresByAnsvar(
  db: Db,
  year: number,
): Promise<{
  months: number;
  figures: Map<string, Record<ForecastPart, { outcome: readonly Ore[]; budget: readonly Ore[] }>>;
}> {
  const ctx = await yearParts(db, year);
  const figures = await figuresByAnsvar(db, ctx, ctx.periods.length, {
    lastYear: false,
    effects: false,
  });
  return { months: ctx.periods.length, figures };
}

/**
 * Closes a month as `closeMonth` does, for a caller that has checked who may (the demo): keeps the
 * ledger's figures of the month and records the close.
 */
export async function recordClose(
  db: Db,
  query: { year: number; month: number; by: string },
  figures: Map<string, Record<ForecastPart, { outcome: readonly Ore[]; budget: readonly Ore[] }>>,
): Promise<void> {
  const frozen: repo.FrozenFigure[] = [];
  for (const [ansvar, parts] of figures)
    for (const part of FORECAST_PARTS)
      frozen.push({
        ansvar,
        part,
        outcome: sum(parts[part].outcome, 0, query.month),
        budget: sum(parts[part].budget),
      });
  await repo.lockPeriod(db, query.year, query.month);
  await repo.replaceFrozenFigures(db, query.year, query.month, frozen);
  await repo.setPeriodStatus(db, query.year, query.month, {
    status: 'closed',
    by: query.by,
    reason: '',
  });
}

/** Reopens a month as `reopenMonth` does, for a caller that has checked who may (the demo). */
export async function reopenRecorded(
  db: Db,
  query: { year: number; month: number; by: string; reason: string },
): Promise<void> {
  await repo.setPeriodStatus(db, query.year, query.month, {
    status: 'open',
    by: query.by,
    reason: query.reason,
  });
}
