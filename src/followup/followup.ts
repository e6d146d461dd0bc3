import { ancestorAt, type OrgUnit } from '../organisation/organisation.ts';
import { childUnder, topOf, type ActivityNode } from '../reports/activity-hierarchy.ts';
import { classify, type ReportLine } from '../reports/classification.ts';
import { roundToUnit, type Unit } from '../reports/rounding.ts';
import { AppError } from '../shared/app-error.ts';
import type { Period } from '../shared/dates.ts';
import type { Ore } from '../shared/money.ts';

/**
 * Follow-up (Översikt and drill-down) as pure functions of period sums. Signs as in the
 * driftredovisning (DOMAIN.md): utfall = net cost = the SIE sum of the accounts in the operating
 * result (costs +, income −); avvikelse = budget − utfall, negative = deficit.
 */

/** Where ansvar outside the organisation tree are shown among the verksamhetsområden. */
export const OUTSIDE_ORGANISATION = { code: '', name: 'Utanför organisationen' } as const;

export const DRILL_BY = ['verksamhet', 'ansvar', 'kontogrupp', 'konto'] as const;
export type DrillBy = (typeof DRILL_BY)[number];

/** The filters of the drill-down; `omrade` (a verksamhetsområde) is the link from the overview's areas. */
export interface DrillFilter {
  omrade?: string;
  verksamhet?: string;
  ansvar?: string;
  kontogrupp?: string;
  konto?: string;
}

/** The accounts whose main report line counts in the operating result (income and costs). */
export function accountsInResult(
  kontos: Iterable<string>,
  lines: readonly ReportLine[],
): { inResult: string[]; unclassified: string[] } {
  const classification = classify(kontos, lines);
  const resultLines = new Set(
    lines.filter((l) => l.inResult && l.partOf === null).map((l) => l.key),
  );
  const inResult = [...classification.main]
    .filter(([, line]) => resultLines.has(line))
    .map(([konto]) => konto)
    .sort();
  return { inResult, unclassified: classification.unclassified };
}

/** Kontogrupp = the first two digits of the account: 5011 → 50. */
export function kontogruppOf(konto: string): string {
  return konto.slice(0, 2);
}

export function accountGroupName(code: string, names: ReadonlyMap<string, string>): string {
  return names.get(code) ?? `Kontogrupp ${code}`;
}

/** The accounts of the drill-down's filter: the in-result accounts narrowed to a kontogrupp and/or a konto. */
export function accountsOfFilter(inResult: readonly string[], filter: DrillFilter): string[] {
  return inResult.filter(
    (konto) =>
      (filter.konto === undefined || konto === filter.konto) &&
      (filter.kontogrupp === undefined || kontogruppOf(konto) === filter.kontogrupp),
  );
}

/** "2024-03" for 202403. */
export function periodText(period: Period): string {
  const text = String(period);
  return `${text.slice(0, 4)}-${text.slice(4, 6)}`;
}

/** Months from–to (1-based) of a fiscal year as periods; a month outside the year is refused, naming the parameter. */
export function monthRange(
  periods: readonly Period[],
  from: number,
  to: number,
): { fromPeriod: Period; toPeriod: Period } {
  const fromPeriod = periods[from - 1];
  const toPeriod = periods[to - 1];
  if (fromPeriod === undefined || from < 1)
    throw new AppError(
      'INVALID_ARGUMENT',
      `from: månad ${from} finns inte, räkenskapsåret har ${periods.length} månader`,
    );
  if (toPeriod === undefined || to < 1)
    throw new AppError(
      'INVALID_ARGUMENT',
      `to: månad ${to} finns inte, räkenskapsåret har ${periods.length} månader`,
    );
  if (from > to)
    throw new AppError('INVALID_ARGUMENT', `from: månad ${from} ligger efter to (månad ${to})`);
  return { fromPeriod, toPeriod };
}

/** A manager may ask only for their own ansvar: anything else is refused, never answered empty. */
export function checkAnsvarInScope(ansvar: string, scope: ReadonlySet<string> | undefined): void {
  if (scope !== undefined && !scope.has(ansvar))
    throw new AppError('FORBIDDEN', `ansvar ${ansvar} ingår inte i de enheter du får se`);
}

/** The ansvar of the organisation whose verksamhetsområde is `omrade`. */
export function ansvarInArea(omrade: string, units: ReadonlyMap<string, OrgUnit>): string[] {
  return [...units.values()]
    .filter(
      (u) =>
        u.level === 'ansvar' && ancestorAt(u.code, 'verksamhetsomrade', units)?.code === omrade,
    )
    .map((u) => u.code)
    .sort();
}

/** A code and every activity below it: 51 → 51, 5101, 5102 … */
export function subtreeCodes(
  code: string,
  activities: ReadonlyMap<string, ActivityNode>,
): string[] {
  const result = new Set([code]);
  for (const activity of activities.values()) {
    let current: string | null = activity.code;
    const seen = new Set<string>();
    while (current !== null && current !== code && !seen.has(current)) {
      seen.add(current);
      current = activities.get(current)?.parent ?? null;
    }
    if (current === code) result.add(activity.code);
  }
  return [...result].sort(compareCodes);
}

/** The activity and its ancestors, top first: 5101 → [51, 5101]. */
export function activityPath(
  code: string,
  activities: ReadonlyMap<string, ActivityNode>,
): string[] {
  const path = [code];
  const seen = new Set(path);
  let parent = activities.get(code)?.parent ?? null;
  while (parent !== null && !seen.has(parent)) {
    path.unshift(parent);
    seen.add(parent);
    parent = activities.get(parent)?.parent ?? null;
  }
  return path;
}

export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parentsOf(activities: ReadonlyMap<string, ActivityNode>): Set<string> {
  const parents = new Set<string>();
  for (const node of activities.values()) if (node.parent !== null) parents.add(node.parent);
  return parents;
}

// ---- the overview ----

/** Outcome or budget of one month, ansvar and verksamhet (the accounts in the result, summed). */
export interface PeriodSum {
  period: Period;
  ansvar: string;
  verksamhet: string;
  amount: Ore;
}

export interface OverviewInput {
  /** The months of the fiscal year, in order. */
  periods: readonly Period[];
  /** Utfall and budget "to date" through this month of the fiscal year; 0 = no outcome yet. */
  throughMonth: number;
  unit: Unit;
  utfall: readonly PeriodSum[];
  budget: readonly PeriodSum[];
  activities: ReadonlyMap<string, ActivityNode>;
  units: ReadonlyMap<string, OrgUnit>;
  /** Names of ansvar from the ledger, for those the organisation does not name. */
  ansvarNames: ReadonlyMap<string, string>;
}

export interface Figures {
  budgetYear: bigint;
  budget: bigint;
  utfall: bigint;
  avvikelse: bigint;
}

export interface NamedFigures extends Figures {
  code: string;
  name: string;
}

export interface OverviewFigures {
  total: Figures;
  areas: NamedFigures[];
  activities: (NamedFigures & { children: NamedFigures[] })[];
  series: {
    month: number;
    period: string;
    budget: bigint;
    utfall: bigint | null;
    budgetCumulative: bigint;
    utfallCumulative: bigint | null;
  }[];
  largestDeviations: {
    ansvar: string;
    name: string;
    area: string;
    budget: bigint;
    utfall: bigint;
    avvikelse: bigint;
  }[];
}

/** Exact öre until the output: the whole year's budget, budget and utfall to date. */
interface Exact {
  budgetYear: Ore;
  budget: Ore;
  utfall: Ore;
}

const LARGEST_DEVIATIONS = 10;

function zero(): Exact {
  return { budgetYear: 0n, budget: 0n, utfall: 0n };
}

function isZero(e: Exact): boolean {
  return e.budgetYear === 0n && e.budget === 0n && e.utfall === 0n;
}

function entry<K>(map: Map<K, Exact>, key: K): Exact {
  let found = map.get(key);
  if (!found) {
    found = zero();
    map.set(key, found);
  }
  return found;
}

/** Each cell rounded on its own, as the driftredovisning does: avvikelse from the exact figures. */
function rounded(e: Exact, unit: Unit): Figures {
  return {
    budgetYear: roundToUnit(e.budgetYear, unit),
    budget: roundToUnit(e.budget, unit),
    utfall: roundToUnit(e.utfall, unit),
    avvikelse: roundToUnit(e.budget - e.utfall, unit),
  };
}

export function activityName(code: string, activities: ReadonlyMap<string, ActivityNode>): string {
  return activities.get(code)?.name ?? (code === '' ? '(ingen verksamhet)' : code);
}

export function ansvarName(
  code: string,
  units: ReadonlyMap<string, OrgUnit>,
  ansvarNames: ReadonlyMap<string, string>,
): string {
  return units.get(code)?.name ?? ansvarNames.get(code) ?? (code === '' ? '(inget ansvar)' : code);
}

/**
 * The overview: totals, per verksamhetsområde, per top activity with its children, the months of
 * the year (each month and cumulative), and the ansvar with the largest deviations to date.
 * Budget counts for the whole year (budgetYear) and through `throughMonth` (budget); utfall only
 * through `throughMonth`.
 */
export function overview(input: OverviewInput): OverviewFigures {
  const { unit, activities, units } = input;
  const monthOf = new Map(input.periods.map((p, i) => [p, i + 1]));
  const months = input.periods.length;
  const budgetByMonth: Ore[] = Array.from({ length: months }, () => 0n);
  const utfallByMonth: Ore[] = Array.from({ length: months }, () => 0n);
  const total = zero();
  const areas = new Map<string, Exact>();
  const tops = new Map<string, Exact>();
  const children = new Map<string, Map<string, Exact>>();
  const perAnsvar = new Map<string, Exact>();
  const parents = parentsOf(activities);
  const areaOf = (ansvar: string) =>
    ancestorAt(ansvar, 'verksamhetsomrade', units)?.code ?? OUTSIDE_ORGANISATION.code;

  const add = (sum: PeriodSum, field: 'budgetYear' | 'budget' | 'utfall') => {
    const top = topOf(sum.verksamhet, activities);
    // Money on a top code itself is a child of its own when the top has other children.
    const child =
      sum.verksamhet === top
        ? parents.has(top)
          ? top
          : undefined
        : (childUnder(sum.verksamhet, top, activities) ?? sum.verksamhet);
    const targets = [
      total,
      entry(areas, areaOf(sum.ansvar)),
      entry(tops, top),
      entry(perAnsvar, sum.ansvar),
    ];
    if (child !== undefined) {
      let ofTop = children.get(top);
      if (!ofTop) {
        ofTop = new Map();
        children.set(top, ofTop);
      }
      targets.push(entry(ofTop, child));
    }
    for (const target of targets) target[field] += sum.amount;
  };

  for (const sum of input.budget) {
    const month = monthOf.get(sum.period);
    if (month === undefined) continue;
    budgetByMonth[month - 1] = (budgetByMonth[month - 1] ?? 0n) + sum.amount;
    add(sum, 'budgetYear');
    if (month <= input.throughMonth) add(sum, 'budget');
  }
  for (const sum of input.utfall) {
    const month = monthOf.get(sum.period);
    if (month === undefined || month > input.throughMonth) continue;
    utfallByMonth[month - 1] = (utfallByMonth[month - 1] ?? 0n) + sum.amount;
    add(sum, 'utfall');
  }

  const named = <T>(
    map: Map<string, Exact>,
    name: (code: string) => string,
    more: (code: string) => T,
  ) =>
    [...map]
      .filter(([, e]) => !isZero(e))
      .map(([code, e]) => ({ code, name: name(code), ...rounded(e, unit), ...more(code) }));

  const areaName = (code: string) =>
    code === OUTSIDE_ORGANISATION.code
      ? OUTSIDE_ORGANISATION.name
      : (units.get(code)?.name ?? code);
  const name = (code: string) => activityName(code, activities);

  let budgetCumulative = 0n;
  let utfallCumulative = 0n;
  const series = input.periods.map((period, i) => {
    const month = i + 1;
    const budget = budgetByMonth[i] ?? 0n;
    const utfall = utfallByMonth[i] ?? 0n;
    budgetCumulative += budget;
    utfallCumulative += utfall;
    const hasOutcome = month <= input.throughMonth;
    return {
      month,
      period: periodText(period),
      budget: roundToUnit(budget, unit),
      utfall: hasOutcome ? roundToUnit(utfall, unit) : null,
      budgetCumulative: roundToUnit(budgetCumulative, unit),
      utfallCumulative: hasOutcome ? roundToUnit(utfallCumulative, unit) : null,
    };
  });

  const absolute = (value: Ore) => (value < 0n ? -value : value);
  const largestDeviations = [...perAnsvar]
    .map(([ansvar, e]) => ({ ansvar, e, deviation: e.budget - e.utfall }))
    .filter((d) => d.deviation !== 0n)
    .sort((a, b) => {
      const d = absolute(b.deviation) - absolute(a.deviation);
      return d > 0n ? 1 : d < 0n ? -1 : compareCodes(a.ansvar, b.ansvar);
    })
    .slice(0, LARGEST_DEVIATIONS)
    .map(({ ansvar, e, deviation }) => ({
      ansvar,
      name: ansvarName(ansvar, units, input.ansvarNames),
      area: areaOf(ansvar),
      budget: roundToUnit(e.budget, unit),
      utfall: roundToUnit(e.utfall, unit),
      avvikelse: roundToUnit(deviation, unit),
    }));

  return {
    total: rounded(total, unit),
    // By code; the ansvar outside the organisation last.
    areas: named(areas, areaName, () => ({})).sort((a, b) =>
      a.code === '' ? 1 : b.code === '' ? -1 : compareCodes(a.code, b.code),
    ),
    activities: named(tops, name, (code) => ({
      children: named(children.get(code) ?? new Map<string, Exact>(), name, () => ({})).sort(
        (a, b) => compareCodes(a.code, b.code),
      ),
    })).sort((a, b) => compareCodes(a.code, b.code)),
    series,
    largestDeviations,
  };
}

// ---- the drill-down ----

export interface CodeSum {
  code: string;
  amount: Ore;
}

export interface DrillRow {
  code: string;
  name: string;
  budget: Ore;
  utfall: Ore;
  avvikelse: Ore;
  /** by verksamhet: the row's code has activities below it (to drill into). */
  hasChildren: boolean;
}

export interface DrillInput {
  by: DrillBy;
  /** Sums per code of `by` (per verksamhet code as booked, for by = verksamhet). */
  utfall: readonly CodeSum[];
  budget: readonly CodeSum[];
  /** The verksamhet filter: by = verksamhet then lists its children (and itself, for money booked on it). */
  verksamhet?: string;
  activities: ReadonlyMap<string, ActivityNode>;
  name: (code: string) => string;
}

/**
 * One level of the drill-down in exact öre, sorted by code, zero rows left out. By verksamhet the
 * booked codes fold into the top activities, or with a verksamhet filter into that code's children.
 */
export function drillRows(input: DrillInput): {
  rows: DrillRow[];
  total: { budget: Ore; utfall: Ore; avvikelse: Ore };
} {
  const parents = parentsOf(input.activities);
  const filter = input.verksamhet;
  const keyOf = (code: string): string => {
    if (input.by !== 'verksamhet') return code;
    if (filter === undefined) return topOf(code, input.activities);
    if (code === filter) return code;
    return childUnder(code, filter, input.activities) ?? code;
  };
  const sums = new Map<string, { budget: Ore; utfall: Ore }>();
  const add = (list: readonly CodeSum[], field: 'budget' | 'utfall') => {
    for (const s of list) {
      const key = keyOf(s.code);
      const found = sums.get(key) ?? { budget: 0n, utfall: 0n };
      found[field] += s.amount;
      sums.set(key, found);
    }
  };
  add(input.budget, 'budget');
  add(input.utfall, 'utfall');
  const rows = [...sums]
    .filter(([, s]) => s.budget !== 0n || s.utfall !== 0n)
    .sort(([a], [b]) => compareCodes(a, b))
    .map(([code, s]) => ({
      code,
      name: input.name(code),
      budget: s.budget,
      utfall: s.utfall,
      avvikelse: s.budget - s.utfall,
      // The filter's own row holds the money booked on the code itself: nothing further below it.
      hasChildren: input.by === 'verksamhet' && code !== filter && parents.has(code),
    }));
  const budget = rows.reduce((sum, r) => sum + r.budget, 0n);
  const utfall = rows.reduce((sum, r) => sum + r.utfall, 0n);
  return { rows, total: { budget, utfall, avvikelse: budget - utfall } };
}

export interface PathStep {
  by: 'omrade' | DrillBy;
  code: string;
  name: string;
}

/** The breadcrumb of a filter, in drill order: område, verksamhet (with its ancestors), ansvar, kontogrupp, konto. */
export function drillPath(
  filter: DrillFilter,
  names: {
    activities: ReadonlyMap<string, ActivityNode>;
    area: (code: string) => string;
    ansvar: (code: string) => string;
    kontogrupp: (code: string) => string;
    konto: (code: string) => string;
  },
): PathStep[] {
  const path: PathStep[] = [];
  if (filter.omrade !== undefined)
    path.push({ by: 'omrade', code: filter.omrade, name: names.area(filter.omrade) });
  if (filter.verksamhet !== undefined)
    for (const code of activityPath(filter.verksamhet, names.activities))
      path.push({ by: 'verksamhet', code, name: activityName(code, names.activities) });
  if (filter.ansvar !== undefined)
    path.push({ by: 'ansvar', code: filter.ansvar, name: names.ansvar(filter.ansvar) });
  if (filter.kontogrupp !== undefined)
    path.push({
      by: 'kontogrupp',
      code: filter.kontogrupp,
      name: names.kontogrupp(filter.kontogrupp),
    });
  if (filter.konto !== undefined)
    path.push({ by: 'konto', code: filter.konto, name: names.konto(filter.konto) });
  return path;
}
