import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  describeProblem,
  readTable,
  writeTable,
  type CellProblem,
  type TableFormat,
} from '../files/table-file.ts';
import * as ledgerRepo from '../ledger/ledger.repository.ts';
import { AppError } from '../shared/app-error.ts';
import { periodsBetween } from '../shared/dates.ts';
import { oreToDecimal, type Ore } from '../shared/money.ts';
import { MONTH_COLUMNS, parseBudgetAmount, spreadYearly, weightsFrom } from './budget.ts';
import * as repo from './budget.repository.ts';

export interface BudgetImportOptions {
  year: number;
  /** The budget version to create or replace, e.g. "Original" or "Revidering april". */
  version: string;
  /** How yearly amounts are spread: a profile name, or "foregaende-ar" (last year's outcome pattern). */
  profile?: string;
  /** Make this version the year's current one. */
  makeCurrent?: boolean;
}

export interface BudgetImportSummary {
  version: string;
  year: number;
  isCurrent: boolean;
  rows: number;
  cells: number;
  total: string;
}

const LAST_YEAR = 'foregaende-ar';

async function yearOf(db: Kysely<Database>, year: number) {
  const found = await ledgerRepo.findFiscalYearStartingIn(db, year);
  // Fiscal years come from the ledger (#RAR), which knows whether the year is a calendar year.
  if (!found)
    throw new AppError(
      'NOT_FOUND',
      `inget räkenskapsår börjar ${year}: läs in bokföringen (SIE) för året först`,
    );
  return found;
}

/**
 * Imports a budget template (XLSX or CSV): one row per ansvar, verksamhet, konto (and projekt),
 * with a yearly amount (`belopp`, spread by a profile), twelve monthly amounts (`jan` … `dec`),
 * or one month per row (`manad`, `belopp`). Amounts in ledger signs: costs positive, income
 * negative. Every fault is listed with sheet, row and column, and then nothing is imported.
 */
export async function importBudget(
  db: Kysely<Database>,
  file: { name: string; bytes: Buffer },
  options: BudgetImportOptions,
): Promise<BudgetImportSummary> {
  const table = await readTable(file.name, file.bytes);
  const problems: CellProblem[] = [];
  const problem = (row: number, column: string, message: string) =>
    problems.push({ sheet: table.sheet, row, column, message });
  const has = (column: string) => table.columns.includes(column);
  const wide = MONTH_COLUMNS.every(has);
  const long = has('manad');
  const yearly = !wide && !long && has('belopp');
  for (const required of ['ansvar', 'konto'])
    if (!has(required)) problem(1, required, `kolumnen "${required}" saknas`);
  if (!wide && !has('belopp'))
    problem(1, 'belopp', 'kolumnen "belopp" saknas (eller tolv månadskolumner jan … dec)');
  if (problems.length > 0) throw refused(problems);

  const fiscalYear = await yearOf(db, options.year);
  const periods = periodsBetween(fiscalYear.start, fiscalYear.end);
  // One after another: inside a transaction they share one connection, which runs one query at a time.
  const ansvarKnown = await repo.knownObjects(db, 'ansvar');
  const verksamhetKnown = await repo.knownObjects(db, 'verksamhet');
  const projektKnown = await repo.knownObjects(db, 'projekt');
  const kontoKnown = await repo.knownAccounts(db);
  const profiles = await repo.findProfiles(db);
  const lastYearPattern = await lastYearWeights(db, options.year);

  const cells: repo.BudgetCell[] = [];
  const seen = new Map<string, number>();
  let total = 0n;
  for (const { row, cells: c } of table.rows) {
    const text = (column: string) => String(c[column] ?? '').trim();
    const ansvar = text('ansvar');
    const verksamhet = text('verksamhet');
    const projekt = text('projekt');
    const konto = text('konto');
    if (ansvar === '') problem(row, 'ansvar', 'ansvar saknas');
    else if (!ansvarKnown.has(ansvar)) problem(row, 'ansvar', `okänt ansvar "${ansvar}"`);
    if (verksamhet !== '' && !verksamhetKnown.has(verksamhet))
      problem(row, 'verksamhet', `okänd verksamhet "${verksamhet}"`);
    if (projekt !== '' && !projektKnown.has(projekt))
      problem(row, 'projekt', `okänt projekt "${projekt}"`);
    if (konto === '') problem(row, 'konto', 'konto saknas');
    else if (!kontoKnown.has(konto)) problem(row, 'konto', `okänt konto "${konto}"`);
    if (has('ar') && text('ar') !== '' && text('ar') !== String(options.year))
      problem(row, 'ar', `året ${text('ar')} är inte ${options.year}`);

    let months: (Ore | undefined)[] = [];
    if (wide) {
      months = MONTH_COLUMNS.map((m) => {
        const cell = c[m] ?? '';
        if (cell === '') return 0n;
        const amount = parseBudgetAmount(cell);
        if (amount === undefined) problem(row, m, `"${String(cell)}" är inte ett belopp`);
        return amount;
      });
    } else {
      const amount = parseBudgetAmount(c['belopp'] ?? '');
      if (amount === undefined)
        problem(row, 'belopp', `"${String(c['belopp'] ?? '')}" är inte ett belopp`);
      if (long) {
        const month = Number(text('manad'));
        if (!/^\d{1,2}$/.test(text('manad')) || month < 1 || month > 12) {
          problem(row, 'manad', `månaden "${text('manad')}" ligger inte mellan 1 och 12`);
        } else {
          months = Array.from({ length: 12 }, (_, i) => (i === month - 1 ? amount : 0n));
        }
      } else if (yearly && amount !== undefined) {
        const profileName = text('profil') || options.profile || 'tolftedelar';
        const weights =
          profileName === LAST_YEAR
            ? (lastYearPattern.get(konto) ?? Array(12).fill(1))
            : profiles.get(profileName);
        if (!weights)
          problem(
            row,
            has('profil') ? 'profil' : 'belopp',
            `okänd periodiseringsprofil "${profileName}"`,
          );
        else months = spreadYearly(amount, weights as number[]);
      }
    }
    const key = [ansvar, verksamhet, projekt, konto, long ? text('manad') : ''].join('\u0001');
    const first = seen.get(key);
    if (first !== undefined)
      problem(
        row,
        'konto',
        `raden upprepar rad ${first} (samma ansvar, verksamhet, projekt och konto${long ? ' och månad' : ''})`,
      );
    else seen.set(key, row);

    months.forEach((amount, i) => {
      const period = periods[i];
      if (amount === undefined || amount === 0n || period === undefined) return;
      cells.push({ period, konto, ansvar, verksamhet, projekt, amount });
      total += amount;
    });
  }
  if (problems.length > 0) throw refused(problems);

  const versionId = await ledgerRepo.resetBudgetVersion(
    db,
    fiscalYear.id,
    options.version,
    'mall',
    null,
  );
  await ledgerRepo.addBudgetBalances(
    db,
    versionId,
    cells.map((c) => ({ ...c, objekt: '' })),
  );
  if (options.makeCurrent) await repo.setCurrentVersion(db, fiscalYear.id, versionId);
  const isCurrent = (await repo.findVersions(db, fiscalYear.id)).some(
    (v) => v.id === versionId && v.is_current,
  );
  return {
    version: options.version,
    year: options.year,
    isCurrent,
    rows: table.rows.length,
    cells: cells.length,
    total: oreToDecimal(total),
  };
}

/** The faults listed for a client; the message has the first 50 as text. */
const MAX_PROBLEMS = 1000;

function refused(problems: readonly CellProblem[]): AppError {
  const shown = problems.slice(0, 50).map(describeProblem);
  const more = problems.length > 50 ? [`… och ${problems.length - 50} fel till`] : [];
  return new AppError(
    'TEMPLATE_REFUSED',
    [`budgetmallen har ${problems.length} fel; inget importerades:`, ...shown, ...more].join(
      '\n  ',
    ),
    { problems: problems.slice(0, MAX_PROBLEMS) },
  );
}

/** Last year's outcome pattern per account, as profile weights. */
async function lastYearWeights(db: Kysely<Database>, year: number): Promise<Map<string, number[]>> {
  const previous = await ledgerRepo.findFiscalYearStartingIn(db, year - 1);
  if (!previous) return new Map();
  const periods = periodsBetween(previous.start, previous.end);
  const byKonto = new Map<string, Ore[]>();
  for (const cell of await repo.amountsByCell(db, { fiscalYearId: previous.id })) {
    const months = byKonto.get(cell.konto) ?? (Array(12).fill(0n) as Ore[]);
    const i = periods.indexOf(cell.period);
    if (i >= 0) months[i] = (months[i] ?? 0n) + cell.amount;
    byKonto.set(cell.konto, months);
  }
  const result = new Map<string, number[]>();
  for (const [konto, months] of byKonto) {
    const weights = weightsFrom(months);
    if (weights) result.set(konto, weights);
  }
  return result;
}

/**
 * The budget template, pre-filled: a version's budget (the current one by default), or, when the
 * year has none, last year's outcome in its months. Twelve monthly columns, kronor, ledger signs.
 */
export async function exportBudget(
  db: Kysely<Database>,
  options: { year: number; version?: string; format: TableFormat },
): Promise<Buffer> {
  const fiscalYear = await ledgerRepo.findFiscalYearStartingIn(db, options.year);
  const versions = fiscalYear ? await repo.findVersions(db, fiscalYear.id) : [];
  const version =
    options.version === undefined
      ? versions.find((v) => v.is_current)
      : versions.find((v) => v.name === options.version);
  if (options.version !== undefined && !version)
    throw new AppError('NOT_FOUND', `${options.year} har ingen budgetversion "${options.version}"`);
  let source: repo.BudgetCell[] = [];
  let periods: number[] = [];
  if (fiscalYear && version) {
    source = await repo.amountsByCell(db, { versionId: version.id });
    periods = periodsBetween(fiscalYear.start, fiscalYear.end);
  } else {
    const previous = await ledgerRepo.findFiscalYearStartingIn(db, options.year - 1);
    if (previous) {
      source = await repo.amountsByCell(db, { fiscalYearId: previous.id });
      periods = periodsBetween(previous.start, previous.end);
    }
  }
  const rows = new Map<
    string,
    { ansvar: string; verksamhet: string; projekt: string; konto: string; months: Ore[] }
  >();
  for (const cell of source) {
    if (!/^[3-7]/.test(cell.konto)) continue; // the operating accounts
    const key = [cell.ansvar, cell.verksamhet, cell.projekt, cell.konto].join('\u0001');
    const row = rows.get(key) ?? { ...cell, months: Array(12).fill(0n) as Ore[] };
    const i = periods.indexOf(cell.period);
    if (i >= 0) row.months[i] = (row.months[i] ?? 0n) + cell.amount;
    rows.set(key, row);
  }
  const amount = (ore: Ore) =>
    options.format === 'xlsx' ? Number(oreToDecimal(ore)) : oreToDecimal(ore).replace('.', ',');
  return writeTable(
    options.format,
    `Budget ${options.year}`,
    ['ansvar', 'verksamhet', 'projekt', 'konto', 'ar', ...MONTH_COLUMNS],
    [...rows.values()].map((r) => [
      r.ansvar,
      r.verksamhet,
      r.projekt,
      r.konto,
      options.year,
      ...r.months.map(amount),
    ]),
  );
}

export async function budgetVersions(db: Kysely<Database>, year: number) {
  const fiscalYear = await ledgerRepo.findFiscalYearStartingIn(db, year);
  if (!fiscalYear) throw new AppError('NOT_FOUND', `inget räkenskapsår börjar ${year}`);
  return (await repo.findVersions(db, fiscalYear.id)).map((v) => ({
    name: v.name,
    isCurrent: v.is_current,
    source: v.source,
  }));
}

export async function makeCurrent(
  db: Kysely<Database>,
  year: number,
  version: string,
): Promise<void> {
  const fiscalYear = await ledgerRepo.findFiscalYearStartingIn(db, year);
  const found = fiscalYear
    ? (await repo.findVersions(db, fiscalYear.id)).find((v) => v.name === version)
    : undefined;
  if (!fiscalYear || !found)
    throw new AppError('NOT_FOUND', `${year} har ingen budgetversion "${version}"`);
  await repo.setCurrentVersion(db, fiscalYear.id, found.id);
}
