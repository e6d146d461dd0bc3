import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { countsInTotals, effektAr, isAtgardStatus } from '../action-plans/action-plan.ts';
import { accountsInResult } from '../followup/followup.ts';
import { findAccounts } from '../followup/followup.repository.ts';
import * as ledgerRepo from '../ledger/ledger.repository.ts';
import { findReportLines } from '../reports/reports.repository.ts';
import { AppError } from '../shared/app-error.ts';
import { periodsBetween, type Period } from '../shared/dates.ts';
import type { Ore } from '../shared/money.ts';
import {
  propose,
  remainingEffect,
  splitEvenly,
  type ForecastMethod,
  type Proposal,
  type UnitFigures,
} from './forecast.ts';
import { measuresOfYear, monthSums, type MeasureForForecast } from './forecast.repository.ts';
import { memoFor } from '../followup/followup.cache.ts';
import { createHash } from 'node:crypto';

type Db = Kysely<Database>;

export interface ProposalQuery {
  /** The calendar year in which the fiscal year starts. */
  year: number;
  /** The last month of outcome the proposal uses (1 = the fiscal year's first month). */
  month: number;
  method: ForecastMethod;
  /** Only these ansvar (a manager's part of the organisation); all when undefined. */
  ansvar?: ReadonlySet<string>;
}

export interface UnitProposal extends Proposal {
  /** The ansvar's code ("" for rows booked without an ansvar). */
  code: string;
}

/**
 * Month sums per ansvar (index 0 = the year's first month) over some accounts. The sums of every
 * ansvar are remembered until the figures change (src/followup/followup.cache.ts), so that the
 * proposals, the forms and the overview of a month read the period balances once; `ansvar` picks
 * one ansvar's from them. Shared: callers never change the arrays.
 */
export async function monthsByAnsvar(
  db: Db,
  fiscalYearId: number,
  periods: readonly Period[],
  kontos: readonly string[],
  budgetVersionId?: number,
  ansvar?: string,
): Promise<Map<string, readonly Ore[]>> {
  const first = periods[0];
  const last = periods[periods.length - 1];
  if (first === undefined || last === undefined) return new Map();
  const memo = await memoFor(db);
  const key = JSON.stringify([
    'forecast month sums',
    fiscalYearId,
    budgetVersionId ?? null,
    first,
    last,
    createHash('sha256').update(kontos.join('\n')).digest('base64'),
  ]);
  const all = await memo.get(key, async () => {
    const index = new Map(periods.map((p, i) => [p, i]));
    const result = new Map<string, Ore[]>();
    const rows = await monthSums(db, {
      fiscalYearId,
      ...(budgetVersionId === undefined ? {} : { budgetVersionId }),
      fromPeriod: first,
      toPeriod: last,
      kontos,
    });
    for (const row of rows) {
      const at = index.get(row.period);
      if (at === undefined) continue;
      let months = result.get(row.ansvar);
      if (months === undefined) {
        months = periods.map(() => 0n);
        result.set(row.ansvar, months);
      }
      months[at] = (months[at] ?? 0n) + row.amount;
    }
    return result;
  });
  if (ansvar === undefined) return new Map(all);
  const own = all.get(ansvar);
  return new Map(own === undefined ? [] : [[ansvar, own]]);
}

/**
 * The action plans' effects still to come after `month`, per ansvar, as savings. A measure counts
 * unless it is judged not feasible; it belongs to the ansvar its ledger links name (split evenly
 * when they name several), else to its requirement's ansvar; one linked to neither is left out.
 */
export function remainingEffectsByAnsvar(
  measures: readonly MeasureForForecast[],
  year: number,
  month: number,
): Map<string, Ore> {
  const result = new Map<string, Ore>();
  for (const m of measures) {
    if (!isAtgardStatus(m.status) || !countsInTotals(m.status)) continue;
    const { effektAr: effect } = effektAr(
      {
        helarseffekt: m.helarseffekt,
        start: m.start,
        ...(m.override === null ? {} : { override: { effektAr: m.override, reason: '' } }),
      },
      year,
    );
    const startYear = Math.floor(m.start / 100);
    const firstMonth = startYear < year ? 1 : startYear > year ? 13 : m.start % 100;
    const remaining = remainingEffect(effect, firstMonth, month);
    const units =
      m.linkedAnsvar.length > 0 ? m.linkedAnsvar : m.kravAnsvar === '' ? [] : [m.kravAnsvar];
    const shares = splitEvenly(remaining, units.length);
    units.forEach((code, i) => result.set(code, (result.get(code) ?? 0n) + (shares[i] ?? 0n)));
  }
  return result;
}

/**
 * One method's helårsprognos proposal for every ansvar with outcome or budget in the year, over
 * the accounts the driftredovisning counts, from whatever ledger and budget are loaded.
 */
export async function proposalsByAnsvar(db: Db, query: ProposalQuery): Promise<UnitProposal[]> {
  const fiscalYear = await ledgerRepo.findFiscalYearStartingIn(db, query.year);
  if (!fiscalYear)
    throw new AppError(
      'NOT_FOUND',
      `--year ${query.year}: inget räkenskapsår som börjar ${query.year} är inläst`,
    );
  const periods = periodsBetween(fiscalYear.start, fiscalYear.end);
  if (!Number.isInteger(query.month) || query.month < 1 || query.month > periods.length)
    throw new AppError(
      'INVALID_ARGUMENT',
      `--month ${query.month}: räkenskapsåret ${query.year} har månaderna 1–${periods.length}`,
    );
  const [accounts, lines, version, lastYear] = await Promise.all([
    findAccounts(db),
    findReportLines(db),
    ledgerRepo.findBudgetVersion(db, fiscalYear.id),
    ledgerRepo.findFiscalYearStartingIn(db, query.year - 1),
  ]);
  const { inResult } = accountsInResult(accounts.keys(), lines);
  const lastPeriods = lastYear ? periodsBetween(lastYear.start, lastYear.end) : [];
  const [outcome, budget, last, measures] = await Promise.all([
    monthsByAnsvar(db, fiscalYear.id, periods, inResult),
    version === undefined
      ? Promise.resolve(new Map<string, Ore[]>())
      : monthsByAnsvar(db, fiscalYear.id, periods, inResult, version.id),
    lastYear && query.method === 'fjolarsprofil'
      ? monthsByAnsvar(db, lastYear.id, lastPeriods, inResult)
      : Promise.resolve(new Map<string, Ore[]>()),
    query.method === 'atgarder' ? measuresOfYear(db, query.year) : Promise.resolve([]),
  ]);
  const effects = remainingEffectsByAnsvar(measures, query.year, query.month);
  const codes = new Set([...outcome.keys(), ...budget.keys(), ...effects.keys()]);
  const zeros = periods.map(() => 0n);
  return [...codes]
    .filter((code) => query.ansvar === undefined || query.ansvar.has(code))
    .sort(compareCodes)
    .map((code) => {
      const figures: UnitFigures = {
        outcome: outcome.get(code) ?? zeros,
        budget: budget.get(code) ?? zeros,
        lastYear: lastYear ? (last.get(code) ?? lastPeriods.map(() => 0n)) : null,
        remainingEffects: effects.get(code) ?? 0n,
      };
      return { code, ...propose(query.method, figures, query.month) };
    });
}

function compareCodes(a: string, b: string): number {
  return a.localeCompare(b, 'sv', { numeric: true });
}
