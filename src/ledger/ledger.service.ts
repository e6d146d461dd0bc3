import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../shared/app-error.ts';
import type { Ore } from '../shared/money.ts';
import * as repo from './ledger.repository.ts';
import type { BalanceGroup } from './ledger.repository.ts';
import { periodsBetween } from '../shared/dates.ts';

export const BALANCE_GROUPS: readonly BalanceGroup[] = [
  'konto',
  'ansvar',
  'verksamhet',
  'projekt',
  'period',
];

export interface LedgerBalancesQuery {
  /** The calendar year in which the fiscal year starts. */
  year: number;
  by: readonly BalanceGroup[];
  budget?: boolean;
  /** Only these ansvar (a manager's part); all when undefined. */
  ansvar?: ReadonlySet<string>;
}

export interface LedgerBalanceLine {
  /** The group's keys, as text; a period as "YYYY-MM". */
  keys: Record<string, string>;
  /** SIE signs: debit positive, credit negative. */
  amount: Ore;
}

/** The year's net amount per group, outcome or current budget. */
export async function ledgerBalances(
  db: Kysely<Database>,
  query: LedgerBalancesQuery,
): Promise<LedgerBalanceLine[]> {
  if (query.by.length === 0)
    throw new AppError('INVALID_ARGUMENT', '--by behöver minst en av ' + BALANCE_GROUPS.join(', '));
  const year = await repo.findFiscalYearStartingIn(db, query.year);
  if (!year) {
    const known = (await repo.findFiscalYears(db)).map((y) => y.start.slice(0, 4));
    throw new AppError(
      'NOT_FOUND',
      `inget räkenskapsår som börjar ${query.year} är inläst${known.length ? ` (inlästa: ${known.join(', ')})` : ''}`,
    );
  }
  let budgetVersionId: number | undefined;
  if (query.budget) {
    const version = await repo.findBudgetVersion(db, year.id);
    if (!version)
      throw new AppError('NOT_FOUND', `räkenskapsåret ${year.start}–${year.end} har ingen budget`);
    budgetVersionId = version.id;
  }
  const rows = await repo.sumBalances(db, {
    fiscalYearId: year.id,
    by: query.by,
    ...(budgetVersionId === undefined ? {} : { budgetVersionId }),
    ...(query.ansvar === undefined ? {} : { ansvar: [...query.ansvar] }),
  });
  return rows.map((row) => ({
    keys: Object.fromEntries(
      query.by.map((g, i) => {
        const value = row.keys[i] ?? '';
        return [g, g === 'period' ? `${value.slice(0, 4)}-${value.slice(4, 6)}` : value];
      }),
    ),
    amount: row.amount,
  }));
}

export interface FiscalYearInfo {
  /** The calendar year in which the fiscal year starts (how every query names it). */
  year: number;
  start: string;
  end: string;
  months: number;
  outcomeSource: repo.OutcomeSource | null;
  hasBudget: boolean;
  /** The last month of the fiscal year (1-based) with outcome; 0 when none. */
  lastMonthWithOutcome: number;
}

/** The loaded fiscal years, newest first, with what the pages need to choose months. */
export async function fiscalYears(db: Kysely<Database>): Promise<FiscalYearInfo[]> {
  const years = await repo.findFiscalYears(db);
  const facts = await repo.yearFacts(db);
  return years
    .map((y) => {
      const periods = periodsBetween(y.start, y.end);
      const fact = facts.get(y.id);
      const last = fact?.lastPeriod ?? null;
      return {
        year: Number(y.start.slice(0, 4)),
        start: y.start,
        end: y.end,
        months: periods.length,
        outcomeSource: y.outcomeSource,
        hasBudget: fact?.hasBudget ?? false,
        lastMonthWithOutcome: last === null ? 0 : periods.indexOf(last) + 1,
      };
    })
    .reverse();
}
