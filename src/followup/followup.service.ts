import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import * as ledgerRepo from '../ledger/ledger.repository.ts';
import type { OutcomeSource } from '../ledger/ledger.repository.ts';
import type { OrgUnit } from '../organisation/organisation.ts';
import { findOrgUnits } from '../organisation/organisation.service.ts';
import { buildHierarchy, type ActivityNode } from '../reports/activity-hierarchy.ts';
import { findActivities, findReportLines, objectNames } from '../reports/reports.repository.ts';
import type { Unit } from '../reports/rounding.ts';
import { AppError } from '../shared/app-error.ts';
import { periodsBetween, type Period } from '../shared/dates.ts';
import type { Ore } from '../shared/money.ts';
import {
  accountGroupName,
  accountsInResult,
  accountsOfFilter,
  activityName,
  ansvarInArea,
  ansvarName,
  checkAnsvarInScope,
  drillPath,
  drillRows,
  monthRange,
  overview,
  subtreeCodes,
  type DrillBy,
  type DrillFilter,
  type DrillRow,
  type OverviewFigures,
  type PathStep,
} from './followup.ts';
import { memoFor, scopeKey, type Memo } from './followup.cache.ts';
import * as repo from './followup.repository.ts';
import type { BalanceFilter, VoucherLine } from './followup.repository.ts';

type Db = Kysely<Database>;

/** What every follow-up question needs: the year, its months and the accounts of the operating result. */
interface YearContext {
  year: number;
  fiscalYearId: number;
  outcomeSource: OutcomeSource | null;
  periods: Period[];
  budgetVersionId: number | undefined;
  accounts: Map<string, string>;
  inResult: string[];
  unclassified: string[];
}

async function yearContext(db: Db, year: number): Promise<YearContext> {
  const fiscalYear = await ledgerRepo.findFiscalYearStartingIn(db, year);
  if (!fiscalYear)
    throw new AppError('NOT_FOUND', `year: inget räkenskapsår som börjar ${year} är inläst`);
  const [version, accounts, lines] = await Promise.all([
    ledgerRepo.findBudgetVersion(db, fiscalYear.id),
    repo.findAccounts(db),
    findReportLines(db),
  ]);
  const { inResult, unclassified } = accountsInResult(accounts.keys(), lines);
  return {
    year,
    fiscalYearId: fiscalYear.id,
    outcomeSource: fiscalYear.outcomeSource,
    periods: periodsBetween(fiscalYear.start, fiscalYear.end),
    budgetVersionId: version?.id,
    accounts,
    inResult,
    unclassified,
  };
}

/**
 * The activity tree as the reports build it: the activity table (names, explicit parents) and the
 * verksamhet objects of the ledger, parents by longest prefix where none is given.
 */
export async function activityTree(db: Db): Promise<Map<string, ActivityNode>> {
  const [rows, names] = await Promise.all([findActivities(db), objectNames(db, 'verksamhet')]);
  const known = new Set(rows.map((a) => a.code));
  for (const [code, name] of names)
    if (code !== '' && !known.has(code)) rows.push({ code, name, parentCode: null });
  return buildHierarchy(rows);
}

/**
 * What every answer looks up besides the figures — the year, the activity tree, the organisation,
 * the ansvar's names, the account groups — the same for every user and remembered per data version.
 */
function reference(db: Db, memo: Memo) {
  return {
    year: (year: number) => memo.get(`year ${year}`, () => yearContext(db, year)),
    activities: () => memo.get('activities', () => activityTree(db)),
    units: () => memo.get('units', () => findOrgUnits(db)),
    ansvarNames: () => memo.get('ansvar names', () => objectNames(db, 'ansvar')),
    accountGroups: () => memo.get('account groups', () => repo.findAccountGroups(db)),
    lastOutcomePeriod: (fiscalYearId: number) =>
      memo.get(`last outcome ${fiscalYearId}`, () => repo.lastOutcomePeriod(db, fiscalYearId)),
  };
}

/** A remembered answer's key: its kind and every input it depends on. */
function answerKey(kind: string, ...inputs: unknown[]): string {
  return JSON.stringify([kind, ...inputs]);
}

function filterKey(filter: DrillFilter): (string | null)[] {
  return [filter.omrade, filter.verksamhet, filter.ansvar, filter.kontogrupp, filter.konto].map(
    (value) => value ?? null,
  );
}

function scopeList(ansvar: ReadonlySet<string> | undefined): { scope?: string[] } {
  return ansvar === undefined ? {} : { scope: [...ansvar] };
}

export interface OverviewQuery {
  /** The calendar year in which the fiscal year starts. */
  year: number;
  /** Year to date through this month of the fiscal year; the last month with outcome when undefined. */
  throughMonth?: number;
  unit?: Unit;
  /** Only these ansvar (a manager's part of the organisation); everything when undefined. */
  ansvar?: ReadonlySet<string>;
}

export interface Overview extends OverviewFigures {
  year: number;
  throughMonth: number;
  months: number;
  unit: Unit;
  warnings: string[];
}

/**
 * Översikt: budget and utfall to date, per verksamhetsområde and activity, month by month.
 * Remembered per data version, scope and question (followup.cache.ts): the answer is shared, and
 * must not be changed.
 */
export async function overviewOf(db: Db, query: OverviewQuery): Promise<Overview> {
  const memo = await memoFor(db);
  const key = answerKey(
    'overview',
    query.year,
    query.throughMonth ?? null,
    query.unit ?? 'tkr',
    scopeKey(query.ansvar),
  );
  return memo.get(key, () => computeOverview(db, memo, query));
}

async function computeOverview(db: Db, memo: Memo, query: OverviewQuery): Promise<Overview> {
  const known = reference(db, memo);
  const context = await known.year(query.year);
  const { periods } = context;
  const unit = query.unit ?? 'tkr';
  let throughMonth: number;
  if (query.throughMonth === undefined) {
    // The last month with outcome of the whole administration: the same month for everyone.
    const last = await known.lastOutcomePeriod(context.fiscalYearId);
    throughMonth = last === undefined ? 0 : periods.indexOf(last) + 1;
  } else {
    throughMonth = query.throughMonth;
    if (periods[throughMonth - 1] === undefined || throughMonth < 1)
      throw new AppError(
        'INVALID_ARGUMENT',
        `throughMonth: månad ${throughMonth} finns inte, räkenskapsåret har ${periods.length} månader`,
      );
  }
  const first = periods[0] ?? 0;
  const whole: BalanceFilter = {
    fiscalYearId: context.fiscalYearId,
    fromPeriod: first,
    toPeriod: periods[periods.length - 1] ?? 0,
    kontos: context.inResult,
    ...scopeList(query.ansvar),
  };
  const [utfall, budget, units, activities, ansvarNames, unclassifiedUsed] = await Promise.all([
    throughMonth === 0
      ? []
      : repo.periodSums(db, { ...whole, toPeriod: periods[throughMonth - 1] ?? first }),
    context.budgetVersionId === undefined
      ? []
      : repo.periodSums(db, { ...whole, budgetVersionId: context.budgetVersionId }),
    known.units(),
    known.activities(),
    known.ansvarNames(),
    repo.accountsWithOutcome(db, { ...whole, kontos: context.unclassified }),
  ]);
  const warnings = unclassifiedUsed.map(
    (konto) => `konto ${konto} ingår inte i någon rapportrad och är inte med i översikten`,
  );
  if (context.budgetVersionId === undefined)
    warnings.push(`räkenskapsåret ${query.year} har ingen budget`);
  if (throughMonth === 0) warnings.push(`räkenskapsåret ${query.year} har inget utfall än`);
  return {
    year: query.year,
    throughMonth,
    months: periods.length,
    unit,
    ...overview({ periods, throughMonth, unit, utfall, budget, activities, units, ansvarNames }),
    warnings,
  };
}

export interface DrillQuery {
  year: number;
  /** Months of the fiscal year, 1-based; the whole year when undefined. */
  from?: number;
  to?: number;
  filter: DrillFilter;
  /** Only these ansvar (a manager's part of the organisation); everything when undefined. */
  ansvar?: ReadonlySet<string>;
}

interface ResolvedDrill {
  context: YearContext;
  from: number;
  to: number;
  balance: BalanceFilter;
  activities: Map<string, ActivityNode>;
  units: Map<string, OrgUnit>;
  ansvarNames: Map<string, string>;
}

/**
 * The filter checked and turned into SQL conditions. A manager's scope is always applied; a
 * manager naming an ansvar or an område outside it is refused (403), not given an empty answer.
 */
async function resolveDrill(db: Db, memo: Memo, query: DrillQuery): Promise<ResolvedDrill> {
  const { filter, ansvar: scope } = query;
  const known = reference(db, memo);
  const context = await known.year(query.year);
  const from = query.from ?? 1;
  const to = query.to ?? context.periods.length;
  const { fromPeriod, toPeriod } = monthRange(context.periods, from, to);
  if (filter.ansvar !== undefined) checkAnsvarInScope(filter.ansvar, scope);
  const [activities, units, ansvarNames] = await Promise.all([
    known.activities(),
    known.units(),
    known.ansvarNames(),
  ]);
  let ansvarIn: string[] | undefined;
  if (filter.omrade !== undefined) {
    const area = units.get(filter.omrade);
    if (area?.level !== 'verksamhetsomrade')
      throw new AppError(
        'NOT_FOUND',
        `omrade: organisationen har inget verksamhetsområde ${filter.omrade}`,
      );
    ansvarIn = ansvarInArea(filter.omrade, units);
    if (scope !== undefined && !ansvarIn.some((a) => scope.has(a)))
      throw new AppError(
        'FORBIDDEN',
        `verksamhetsområde ${filter.omrade} ingår inte i de enheter du får se`,
      );
  }
  if (filter.ansvar !== undefined && !units.has(filter.ansvar) && !ansvarNames.has(filter.ansvar))
    throw new AppError('NOT_FOUND', `ansvar: ${filter.ansvar} finns inte`);
  if (filter.verksamhet !== undefined && !activities.has(filter.verksamhet))
    throw new AppError('NOT_FOUND', `verksamhet: ${filter.verksamhet} finns inte`);
  if (filter.konto !== undefined && !context.accounts.has(filter.konto))
    throw new AppError('NOT_FOUND', `konto: ${filter.konto} finns inte i kontoplanen`);
  const balance: BalanceFilter = {
    fiscalYearId: context.fiscalYearId,
    fromPeriod,
    toPeriod,
    kontos: accountsOfFilter(context.inResult, filter),
    ...scopeList(scope),
    ...(ansvarIn === undefined ? {} : { ansvarIn }),
    ...(filter.ansvar === undefined ? {} : { ansvar: filter.ansvar }),
    ...(filter.verksamhet === undefined
      ? {}
      : { verksamhetIn: subtreeCodes(filter.verksamhet, activities) }),
  };
  return { context, from, to, balance, activities, units, ansvarNames };
}

export interface Drilldown {
  year: number;
  from: number;
  to: number;
  by: DrillBy;
  filter: Required<{ [K in keyof DrillFilter]: string | null }>;
  path: PathStep[];
  rows: DrillRow[];
  total: { budget: Ore; utfall: Ore; avvikelse: Ore };
}

/**
 * One level of the drill-down: budget, utfall and avvikelse in öre per code of `by`, within the
 * filter. Remembered per data version, scope and question, as the overview is.
 */
export async function drilldown(db: Db, query: DrillQuery & { by: DrillBy }): Promise<Drilldown> {
  const memo = await memoFor(db);
  const { filter } = query;
  const key = answerKey(
    'drilldown',
    query.year,
    query.from ?? null,
    query.to ?? null,
    query.by,
    filterKey(filter),
    scopeKey(query.ansvar),
  );
  return memo.get(key, () => computeDrilldown(db, memo, query));
}

async function computeDrilldown(
  db: Db,
  memo: Memo,
  query: DrillQuery & { by: DrillBy },
): Promise<Drilldown> {
  const resolved = await resolveDrill(db, memo, query);
  const { context, balance, activities, units, ansvarNames } = resolved;
  const { filter, by } = query;
  const [utfall, budget, groups] = await Promise.all([
    repo.codeSums(db, balance, by),
    context.budgetVersionId === undefined
      ? []
      : repo.codeSums(db, { ...balance, budgetVersionId: context.budgetVersionId }, by),
    reference(db, memo).accountGroups(),
  ]);
  const names: Record<DrillBy, (code: string) => string> = {
    verksamhet: (code) => activityName(code, activities),
    ansvar: (code) => ansvarName(code, units, ansvarNames),
    kontogrupp: (code) => accountGroupName(code, groups),
    konto: (code) => context.accounts.get(code) ?? code,
  };
  const { rows, total } = drillRows({
    by,
    utfall,
    budget,
    ...(filter.verksamhet === undefined ? {} : { verksamhet: filter.verksamhet }),
    activities,
    name: names[by],
  });
  return {
    year: query.year,
    from: resolved.from,
    to: resolved.to,
    by,
    filter: {
      omrade: filter.omrade ?? null,
      verksamhet: filter.verksamhet ?? null,
      ansvar: filter.ansvar ?? null,
      kontogrupp: filter.kontogrupp ?? null,
      konto: filter.konto ?? null,
    },
    path: drillPath(filter, {
      activities,
      area: (code) => units.get(code)?.name ?? code,
      ansvar: names.ansvar,
      kontogrupp: names.kontogrupp,
      konto: names.konto,
    }),
    rows,
    total,
  };
}

export const VOUCHER_PAGE = { default: 100, max: 1000 } as const;

export interface VoucherQuery extends DrillQuery {
  limit?: number;
  offset?: number;
}

export interface VoucherRows {
  rows: VoucherLine[];
  count: bigint;
  sum: Ore;
  /** Where the year's outcome came from: only 'vouchers' has rows to show. */
  source: OutcomeSource | 'none';
}

/**
 * The voucher rows behind a figure of the drill-down: a page of them, and the count and sum of
 * all. Remembered per data version, scope and question, as the drill-down is.
 */
export async function drilldownVouchers(db: Db, query: VoucherQuery): Promise<VoucherRows> {
  const limit = query.limit ?? VOUCHER_PAGE.default;
  const offset = query.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > VOUCHER_PAGE.max)
    throw new AppError('INVALID_ARGUMENT', `limit: högst ${VOUCHER_PAGE.max} rader åt gången`);
  if (!Number.isInteger(offset) || offset < 0)
    throw new AppError('INVALID_ARGUMENT', 'offset: ska vara 0 eller större');
  const memo = await memoFor(db);
  const { filter } = query;
  const key = answerKey(
    'vouchers',
    query.year,
    query.from ?? null,
    query.to ?? null,
    filterKey(filter),
    limit,
    offset,
    scopeKey(query.ansvar),
  );
  return memo.get(key, async () => {
    const { context, balance } = await resolveDrill(db, memo, query);
    const source = context.outcomeSource ?? 'none';
    if (source !== 'vouchers') return { rows: [], count: 0n, sum: 0n, source };
    const [rows, totals] = await Promise.all([
      repo.findVoucherRows(db, { ...balance, limit, offset }),
      repo.voucherTotals(db, balance),
    ]);
    return { rows, count: totals.count, sum: totals.sum, source };
  });
}
