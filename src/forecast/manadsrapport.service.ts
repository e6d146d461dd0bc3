import type { Kysely } from 'kysely';
import { atgardsplanReport, type Viewer } from '../action-plans/action-plan.service.ts';
import type { Database } from '../db/schema.ts';
import { activityTree } from '../followup/followup.service.ts';
import { accountsInResult } from '../followup/followup.ts';
import { findAccounts, periodSums } from '../followup/followup.repository.ts';
import * as ledgerRepo from '../ledger/ledger.repository.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { ancestorAt } from '../organisation/organisation.ts';
import { topOf } from '../reports/activity-hierarchy.ts';
import { findReportLines, objectNames } from '../reports/reports.repository.ts';
import { roundToUnit } from '../reports/rounding.ts';
import { AppError } from '../shared/app-error.ts';
import {
  MONTH_NAMES,
  monthEndDate,
  periodMonth,
  periodsBetween,
  periodYear,
} from '../shared/dates.ts';
import { formatWhole, type Ore } from '../shared/money.ts';
import { forecastAccuracy, forecastOverview } from './forecast-cycle.service.ts';
import { divideRounded } from './forecast.ts';
import { findReasons } from './forecast.repository.ts';

type Db = Kysely<Database>;

/** A line of the report in tkr, each cell rounded on its own as the driftredovisning does. */
export interface MonthLine {
  code: string;
  name: string;
  budgetYear: bigint;
  budgetToDate: bigint;
  outcomeToDate: bigint;
  /** budget − utfall to date (negative = more spent than budgeted so far). */
  deviationToDate: bigint;
  forecast: bigint;
  /** budget − prognos for the year (negative = deficit). */
  deviation: bigint;
}

export interface Manadsrapport {
  report: 'manadsrapport';
  year: number;
  month: number;
  months: number;
  unit: 'tkr';
  /** The month's cycle: closed or open, and how many ansvar have reported. */
  period: { status: 'open' | 'closed'; submitted: number; approved: number; units: number };
  total: MonthLine;
  omraden: MonthLine[];
  verksamheter: MonthLine[];
  /** The explanations the managers wrote, largest deviation first. */
  kommentarer: {
    ansvar: string;
    name: string;
    omrade: string;
    deviation: bigint;
    reason: string;
    comment: string;
  }[];
  /** The five ansvar with the largest forecast deviation, either way. */
  storstaAvvikelser: {
    ansvar: string;
    name: string;
    forecast: bigint;
    budget: bigint;
    deviation: bigint;
  }[];
  /** The action plans as they stand at the month's end. */
  atgarder: { name: string; atgardskrav: bigint; effektAr: bigint; gap: bigint }[];
  /** Forecast accuracy so far: the months up to this one, the nämnd's total. */
  prognossakerhet: {
    month: number;
    forecast: bigint;
    bokslut: bigint;
    difference: bigint;
    percent: string | null;
    linjarPercent: string | null;
  }[];
  /** A first draft of the summary, from the figures; the controller edits it in the document. */
  sammanfattning: string;
}

const tkr = (ore: Ore) => roundToUnit(ore, 'tkr');

function line(
  code: string,
  name: string,
  f: { budgetYear: Ore; budgetToDate: Ore; outcomeToDate: Ore; forecast: Ore },
): MonthLine {
  return {
    code,
    name,
    budgetYear: tkr(f.budgetYear),
    budgetToDate: tkr(f.budgetToDate),
    outcomeToDate: tkr(f.outcomeToDate),
    deviationToDate: tkr(f.budgetToDate - f.outcomeToDate),
    forecast: tkr(f.forecast),
    deviation: tkr(f.budgetYear - f.forecast),
  };
}

interface Sums {
  budgetYear: Ore;
  budgetToDate: Ore;
  outcomeToDate: Ore;
  forecast: Ore;
}
const zero = (): Sums => ({ budgetYear: 0n, budgetToDate: 0n, outcomeToDate: 0n, forecast: 0n });
function add(into: Sums, from: Sums): void {
  into.budgetYear += from.budgetYear;
  into.budgetToDate += from.budgetToDate;
  into.outcomeToDate += from.outcomeToDate;
  into.forecast += from.forecast;
}

/**
 * Splits an ansvar's forecast over the verksamheter it books on: each keeps its budget, and the
 * forecast's deviation from the ansvar's budget is shared by their budgets (by outcome where the
 * ansvar has no budget; all on the first where it has neither). Exact: the last takes the rest.
 */
export function allocateForecast(
  forecast: Ore,
  byVerksamhet: readonly { code: string; budgetYear: Ore; outcomeToDate: Ore }[],
): Map<string, Ore> {
  const result = new Map<string, Ore>();
  if (byVerksamhet.length === 0) return result;
  const budget = byVerksamhet.reduce((s, v) => s + v.budgetYear, 0n);
  const outcome = byVerksamhet.reduce((s, v) => s + v.outcomeToDate, 0n);
  const deviation = forecast - budget;
  const weights =
    budget !== 0n
      ? byVerksamhet.map((v) => v.budgetYear)
      : outcome !== 0n
        ? byVerksamhet.map((v) => v.outcomeToDate)
        : byVerksamhet.map((_, i) => (i === 0 ? 1n : 0n));
  const weightSum = weights.reduce((s, w) => s + w, 0n);
  let given = 0n;
  byVerksamhet.forEach((v, i) => {
    const share =
      i === byVerksamhet.length - 1
        ? deviation - given
        : divideRounded(deviation * (weights[i] ?? 0n), weightSum);
    given += share;
    result.set(v.code, v.budgetYear + share);
  });
  return result;
}

/**
 * Månadsrapport: the result to date and the year's forecast against budget per verksamhetsområde
 * and activity, the managers' explanations, the largest deviations, the action plans at the date
 * and the forecast accuracy so far. An ansvar without a submitted or approved forecast counts with
 * its budget (its deviation is then 0, and the report says how many have reported).
 */
export async function manadsrapport(
  db: Db,
  viewer: Viewer,
  query: { year: number; month: number },
): Promise<Manadsrapport> {
  const fiscalYear = await ledgerRepo.findFiscalYearStartingIn(db, query.year);
  if (!fiscalYear)
    throw new AppError(
      'NOT_FOUND',
      `--year ${query.year}: inget räkenskapsår som börjar ${query.year} är inläst`,
    );
  const periods = periodsBetween(fiscalYear.start, fiscalYear.end);
  const through = periods[query.month - 1];
  const first = periods[0];
  const last = periods[periods.length - 1];
  if (through === undefined || first === undefined || last === undefined)
    throw new AppError(
      'INVALID_ARGUMENT',
      `--month ${query.month}: räkenskapsåret har månaderna 1–${periods.length}`,
    );
  const [accounts, lines, version] = await Promise.all([
    findAccounts(db),
    findReportLines(db),
    ledgerRepo.findBudgetVersion(db, fiscalYear.id),
  ]);
  const { inResult } = accountsInResult(accounts.keys(), lines);
  const scope = viewer.visibleAnsvar === undefined ? {} : { scope: [...viewer.visibleAnsvar] };
  const base = {
    fiscalYearId: fiscalYear.id,
    fromPeriod: first,
    toPeriod: last,
    kontos: inResult,
    ...scope,
  };
  const [outcome, budget, overview, tree, units, verksamhetNames, reasons, accuracy, plans] =
    await Promise.all([
      periodSums(db, base),
      version === undefined
        ? Promise.resolve([])
        : periodSums(db, { ...base, budgetVersionId: version.id }),
      forecastOverview(db, viewer, query),
      activityTree(db),
      findOrgUnits(db),
      objectNames(db, 'verksamhet'),
      findReasons(db),
      forecastAccuracy(db, viewer, { year: query.year }),
      atgardsplanReport(db, viewer, {
        date: monthEndDate(periodYear(through), periodMonth(through)),
      }),
    ]);

  // Per ansvar and verksamhet: the year's budget, budget and outcome to date.
  const cells = new Map<string, Map<string, Sums>>();
  const cell = (ansvar: string, verksamhet: string) => {
    let row = cells.get(ansvar);
    if (!row) cells.set(ansvar, (row = new Map<string, Sums>()));
    let sums = row.get(verksamhet);
    if (!sums) row.set(verksamhet, (sums = zero()));
    return sums;
  };
  for (const b of budget) {
    const sums = cell(b.ansvar, b.verksamhet);
    sums.budgetYear += b.amount;
    if (b.period <= through) sums.budgetToDate += b.amount;
  }
  for (const o of outcome)
    if (o.period <= through) cell(o.ansvar, o.verksamhet).outcomeToDate += o.amount;

  const reported = new Map(
    overview.units
      .filter((u) => (u.status === 'inlamnad' || u.status === 'godkand') && u.forecast !== null)
      .map((u) => [u.code, u.forecast ?? 0n]),
  );
  const total = zero();
  const byArea = new Map<string, Sums>();
  const byActivity = new Map<string, Sums>();
  for (const [ansvar, row] of cells) {
    const list = [...row.entries()].map(([code, s]) => ({ code, ...s }));
    const forecast = reported.get(ansvar);
    const allocated =
      forecast === undefined
        ? new Map(list.map((v) => [v.code, v.budgetYear]))
        : allocateForecast(forecast, list);
    const area = ancestorAt(ansvar, 'verksamhetsomrade', units)?.code ?? '';
    for (const v of list) {
      const sums = { ...v, forecast: allocated.get(v.code) ?? v.budgetYear };
      add(total, sums);
      const a = byArea.get(area) ?? zero();
      add(a, sums);
      byArea.set(area, a);
      const top = v.code === '' ? '' : topOf(v.code, tree);
      const t = byActivity.get(top) ?? zero();
      add(t, sums);
      byActivity.set(top, t);
    }
  }
  const byCode = (a: string, b: string) => a.localeCompare(b, 'sv', { numeric: true });
  const reasonLabel = new Map(reasons.map((r) => [r.code, r.label]));
  const areaName = (code: string) =>
    code === '' ? 'Utanför organisationen' : (units.get(code)?.name ?? code);
  const kommentarer = overview.units
    .filter((u) => u.comment !== '' && (u.status === 'inlamnad' || u.status === 'godkand'))
    .map((u) => ({
      ansvar: u.code,
      name: u.name,
      omrade: areaName(u.area),
      deviation: tkr(u.deviation ?? 0n),
      reason: u.reason === null ? '' : (reasonLabel.get(u.reason) ?? u.reason),
      comment: u.comment,
    }))
    .sort((a, b) =>
      abs(b.deviation) > abs(a.deviation)
        ? 1
        : abs(b.deviation) < abs(a.deviation)
          ? -1
          : byCode(a.ansvar, b.ansvar),
    );
  const storstaAvvikelser = overview.units
    .filter((u) => u.deviation !== null && reported.has(u.code))
    .sort((a, b) => {
      const d = abs(b.deviation ?? 0n) - abs(a.deviation ?? 0n);
      return d > 0n ? 1 : d < 0n ? -1 : byCode(a.code, b.code);
    })
    .slice(0, 5)
    .map((u) => ({
      ansvar: u.code,
      name: u.name,
      forecast: tkr(u.forecast ?? 0n),
      budget: tkr(u.budget),
      deviation: tkr(u.deviation ?? 0n),
    }));
  const totalLine = line('', 'Summa', total);
  const report: Manadsrapport = {
    report: 'manadsrapport',
    year: query.year,
    month: query.month,
    months: periods.length,
    unit: 'tkr',
    period: {
      status: overview.period.status,
      submitted: overview.total.submitted,
      approved: overview.total.approved,
      units: overview.total.units,
    },
    total: totalLine,
    omraden: [...byArea.entries()]
      .sort(([a], [b]) => byCode(a, b))
      .map(([code, s]) => line(code, areaName(code), s)),
    verksamheter: [...byActivity.entries()]
      .sort(([a], [b]) => byCode(a, b))
      .map(([code, s]) =>
        line(
          code,
          code === ''
            ? 'Utan verksamhet'
            : (tree.get(code)?.name ?? verksamhetNames.get(code) ?? code),
          s,
        ),
      ),
    kommentarer,
    storstaAvvikelser,
    atgarder: plans.verksamheter.map((v) => ({
      name: v.name,
      atgardskrav: v.atgardskrav,
      effektAr: v.summa.effektAr,
      gap: v.gap.effektAr,
    })),
    prognossakerhet: accuracy.total
      .filter((r) => r.month <= query.month)
      .map((r) => ({
        month: r.month,
        forecast: tkr(r.forecast),
        bokslut: tkr(r.bokslut),
        difference: tkr(r.difference),
        percent: r.percent,
        linjarPercent: r.linjarPercent,
      })),
    sammanfattning: '',
  };
  report.sammanfattning = draftSummary(report);
  return report;
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/** A whole tkr figure for running text: thousands apart, a true minus sign. */
function figure(value: bigint): string {
  return formatWhole(value).replace('-', '\u2212');
}

/** A first draft of the summary in plain Swedish, from the report's figures only. */
export function draftSummary(report: Omit<Manadsrapport, 'sammanfattning'>): string {
  const t = report.total;
  const month = MONTH_NAMES[report.month - 1] ?? `månad ${report.month}`;
  const direction = (value: bigint, over: string, under: string) =>
    value < 0n
      ? `${figure(-value)} tkr ${over}`
      : value > 0n
        ? `${figure(value)} tkr ${under}`
        : 'i nivå med budget';
  const parts = [
    `Nettokostnaden till och med ${month} är ${figure(t.outcomeToDate)} tkr mot en budget för perioden på ${figure(t.budgetToDate)} tkr, ${direction(t.deviationToDate, 'över', 'under')}.`,
    `Helårsprognosen är ${figure(t.forecast)} tkr mot årsbudgeten ${figure(t.budgetYear)} tkr, ${t.deviation === 0n ? 'i nivå med budget' : `en avvikelse på ${figure(t.deviation)} tkr`}.`,
    `${report.period.submitted} av ${report.period.units} ansvar har lämnat prognos${report.period.approved > 0 ? `, ${report.period.approved} är godkända` : ''}.`,
  ];
  const worst = [...report.verksamheter].sort((a, b) =>
    a.deviation < b.deviation ? -1 : a.deviation > b.deviation ? 1 : 0,
  )[0];
  if (worst !== undefined && worst.deviation < 0n)
    parts.push(`Störst underskott väntas inom ${worst.name} (${figure(worst.deviation)} tkr).`);
  const gap = report.atgarder.reduce((s, a) => s + a.gap, 0n);
  if (report.atgarder.length > 0)
    parts.push(
      gap > 0n
        ? `Åtgärdsplanerna täcker inte hela åtgärdskravet: ${figure(gap)} tkr återstår att hitta.`
        : 'Åtgärdsplanerna täcker åtgärdskravet.',
    );
  return parts.join(' ');
}
