import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DbTransaction } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../shared/app-error.ts';
import { addYears, periodOf, type IsoDate } from '../shared/dates.ts';
import { formatKronor, type Ore } from '../shared/money.ts';
import type { SieEncoding } from '../sie/sie-lines.ts';
import { SieFault, type SieWarning } from '../sie/sie-problems.ts';
import { createReadState, readSieBatches } from '../sie/sie-reader.ts';
import type { AccountType, ObjectRef, SieBalance, SieVoucher } from '../sie/sie-records.ts';
import {
  assignRoles,
  chooseBreakdown,
  isBalanceAccount,
  roleOf,
  toObjectColumns,
  yearIndexOf,
  type DimensionRole,
  type FiscalYearSpan,
} from './ledger.ts';
import * as repo from './ledger.repository.ts';
import { reconcileBalances, type VoucherSum } from './reconciliation.ts';
import {
  checkSumMap,
  checkSums,
  guardImport,
  isReservedDimension,
  requireContent,
  undeclaredDimensionName,
} from './sie-checks.ts';
import { OUTCOME_RANK, type FiscalYear, type OutcomeSource } from './ledger.repository.ts';

export interface SieImportInput {
  fileName: string;
  /** The file's bytes, streamed. */
  bytes: AsyncIterable<Buffer>;
  /** Size in bytes, for progress; optional. */
  size?: number;
}

export interface SieImportOptions {
  /** `--dim verksamhet=21`: which dimension number plays which role. */
  dims?: Partial<Record<DimensionRole, number>>;
  /** Every warning refuses the file. */
  strict?: boolean;
  onProgress?: (progress: { bytesRead: number; rows: number }) => void;
}

export interface SieImportSummary {
  file: string;
  company: { name: string; orgnr: string | null };
  sieType: string | null;
  program: string | null;
  encoding: SieEncoding;
  checksum: 'absent' | 'verified';
  mode: 'replace' | 'append';
  /** True when this very file was already added (type 4I) and nothing changed. */
  alreadyImported: boolean;
  fiscalYears: {
    start: IsoDate;
    end: IsoDate;
    outcome: OutcomeSource | 'kept' | 'none';
    budget: boolean;
  }[];
  accounts: number;
  dimensions: { number: number; name: string; role: DimensionRole | null; objects: number }[];
  vouchers: number;
  rows: number;
  balances: number;
  budgetRows: number;
  warnings: SieWarning[];
  /** Warnings beyond the first MAX_WARNINGS, counted but not listed. */
  warningsNotListed: number;
}

const MAX_WARNINGS = 1000;
/** About the bytes of one #TRANS line (with its share of #VER lines), to estimate a file's rows. */
const TRANS_LINE_BYTES = 40;
const FLUSH_ROWS = 5_000; // small batches die young in the GC: lower peak memory, same speed
const ROW_KIND = { TRANS: 'T', RTRANS: 'R', BTRANS: 'B' } as const;

/** A transaction file (4I, named .SI by spec 5.1) adds vouchers; every other file is a snapshot that replaces its years. */
function importMode(fileName: string): 'replace' | 'append' {
  return /\.si$/i.test(fileName) ? 'append' : 'replace';
}

function refuse(fileName: string, line: number | undefined, message: string): AppError {
  return new AppError(
    'SIE_REFUSED',
    `${fileName}${line === undefined ? '' : `:${line}`}: ${message}`,
    line === undefined ? undefined : { problems: [{ line, message }] },
  );
}

interface YearState {
  index: number;
  span: FiscalYearSpan;
  stored?: FiscalYear;
  hasVouchers: boolean;
  /** This file's voucher rows summed per period, account and objects (repo.balanceSumKey). */
  sums: repo.PeriodBalanceSums;
}

/**
 * Imports an SIE file (types 1, 2, 3, 4E and 4I) into the ledger, all or nothing: run it inside
 * one transaction. Outcome comes from vouchers where the file has them, else #PSALDO, else
 * #RES (and #UB − #IB); budget from #PBUDGET. Returns what was imported and every warning.
 */
export function importSie(
  tx: DbTransaction,
  input: SieImportInput,
  options: SieImportOptions = {},
): Promise<SieImportSummary> {
  return guardImport(input.fileName, () => importSieFile(tx, input, options));
}

async function importSieFile(
  tx: DbTransaction,
  input: SieImportInput,
  options: SieImportOptions,
): Promise<SieImportSummary> {
  const trx = tx.db;
  const { fileName } = input;
  const hash = createHash('sha256');
  let byteCount = 0;
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const chunk of input.bytes) {
      hash.update(chunk);
      byteCount += chunk.length;
      yield chunk;
    }
  }

  const warnings: SieWarning[] = [];
  let warningsNotListed = 0;
  const warn = (warning: SieWarning) => {
    if (options.strict)
      throw refuse(fileName, warning.line, `${warning.message} (filen vägrades: --strict)`);
    if (warnings.length < MAX_WARNINGS) warnings.push(warning);
    else warningsNotListed += 1;
  };

  const state = createReadState();
  const header = state.header;
  const importId = await repo.insertImportBatch(trx, {
    kind: 'sie',
    fileName,
    sha256: '',
    bytes: 0,
    sieType: null,
    program: null,
    mode: 'replace',
  });

  const declaredYears = new Map<number, FiscalYearSpan & { line: number }>();
  const accounts = new Map<
    string,
    { name: string; type: AccountType | null; unit: string | null }
  >();
  const sru: { konto: string; sru: string }[] = [];
  const dims = new Map<number, { name: string; parent: number | null }>();
  const objects = new Map<string, { dimension: number; code: string; name: string }>();
  const declaredAccounts = new Set<string>();
  const declaredDims = new Set<number>();
  const declaredObjects = new Set<string>();
  const balances: SieBalance[] = [];

  // Set up when the first voucher (or the end of the file) is reached.
  let context:
    | {
        roles: Map<DimensionRole, number>;
        years: Map<number, YearState>;
        mode: 'replace' | 'append';
      }
    | undefined;
  // COPY lines waiting to be loaded.
  let voucherLines: string[] = [];
  let rowLines: string[] = [];
  // Rows since the last progress report; rows wait in rowLines, or in heldRows for a large load.
  let pendingRows = 0;
  let heldRows: repo.HeldVoucherRows | undefined;
  let voucherCount = 0;
  let rowCount = 0;
  // Whether the outcome tables were emptied by TRUNCATE (repo.truncateOnlyYearOutcome) for the
  // first year, and the vouchers' indexes dropped for the load (repo.suspendIndexes).
  const bulk: { truncated: boolean; indexes?: repo.SuspendedIndexes } = { truncated: false };

  const noteAccount = (konto: string, line: number) => {
    if (declaredAccounts.has(konto) || accounts.has(konto)) return;
    accounts.set(konto, { name: '', type: null, unit: null });
    // #KONTO is optional in a transaction file (4I): only a file with a chart misses one.
    if (declaredAccounts.size === 0) return;
    warn({
      line,
      code: 'ACCOUNT_NOT_DECLARED',
      message: `konto ${konto} används men är inte deklarerat (#KONTO)`,
    });
  };
  // Objects declared or already seen, per dimension: the rows' fast path.
  const seenObjects = new Map<number, Set<string>>();
  const markSeen = (dimension: number, code: string): boolean => {
    let seen = seenObjects.get(dimension);
    if (seen?.has(code)) return true;
    if (!seen) {
      seen = new Set();
      seenObjects.set(dimension, seen);
    }
    seen.add(code);
    return false;
  };
  const noteDimension = (dimension: number, line: number) => {
    if (declaredDims.has(dimension) || dims.has(dimension)) return;
    // A reserved dimension (1–19) has its standard meaning without #DIM (SIE 4B 8.4, 8.17).
    dims.set(dimension, { name: undeclaredDimensionName(dimension), parent: null });
    if (isReservedDimension(dimension)) return;
    warn({
      line,
      code: 'DIMENSION_NOT_DECLARED',
      message: `dimension ${dimension} används men är inte deklarerad (#DIM)`,
    });
  };
  const noteObjects = (refs: readonly ObjectRef[], line: number) => {
    for (const ref of refs) {
      if (markSeen(ref.dimension, ref.code)) continue;
      noteDimension(ref.dimension, line);
      const key = `${ref.dimension}\u0001${ref.code}`;
      if (!declaredObjects.has(key) && !objects.has(key)) {
        objects.set(key, { dimension: ref.dimension, code: ref.code, name: '' });
        if (declaredObjects.size === 0) continue; // #OBJEKT is optional in a transaction file (4I)
        warn({
          line,
          code: 'OBJECT_NOT_DECLARED',
          message: `objekt "${ref.code}" i dimension ${ref.dimension} används men är inte deklarerat (#OBJEKT)`,
        });
      }
    }
  };

  const setUp = async () => {
    if (context) return context;
    const mode = importMode(fileName);
    await checkOrganisation(trx, fileName, header.companyName, header.orgnr?.orgnr);
    const stored = await repo.findFiscalYears(trx);
    const years = new Map<number, YearState>();
    const yearZero = declaredYears.get(0);
    for (const [index, span] of declaredYears)
      years.set(index, {
        index,
        span: { start: span.start, end: span.end },
        hasVouchers: false,
        sums: new repo.PeriodBalanceSums(),
      });
    // Years named by balance records but not by #RAR are placed by shifting year 0.
    for (const balance of balances) {
      if (years.has(balance.yearIndex)) continue;
      if (!yearZero)
        throw refuse(
          fileName,
          balance.line,
          `#${balance.label} avser år ${balance.yearIndex} men filen deklarerar inget räkenskapsår (#RAR)`,
        );
      const span = {
        start: addYears(yearZero.start, balance.yearIndex),
        end: addYears(yearZero.end, balance.yearIndex),
      };
      warn({
        line: balance.line,
        code: 'YEAR_NOT_DECLARED',
        message: `år ${balance.yearIndex} saknar #RAR; det tolkades som ${span.start}–${span.end}`,
      });
      years.set(balance.yearIndex, {
        index: balance.yearIndex,
        span,
        hasVouchers: false,
        sums: new repo.PeriodBalanceSums(),
      });
    }
    for (const year of years.values()) {
      year.stored = await resolveFiscalYear(
        trx,
        fileName,
        stored,
        year.span,
        // A year placed by its balances (no #RAR) is named by its first balance's line.
        declaredYears.get(year.index)?.line ??
          balances.find((b) => b.yearIndex === year.index)?.line,
      );
    }
    for (const balance of balances) {
      if (balance.period !== undefined && balanceYear(balance, years) === undefined) {
        throw refuse(
          fileName,
          balance.line,
          `#${balance.label}: perioden ${balance.period} ligger utanför alla räkenskapsår som filen deklarerar`,
        );
      }
    }
    const roles = assignRoles(
      [...dims].map(([number, d]) => ({ number, name: d.name })),
      await repo.storedRoles(trx),
      options.dims ?? {},
    );
    context = { roles, years, mode };
    return context;
  };

  const yearForVoucher = async (voucher: SieVoucher): Promise<YearState> => {
    const ctx = await setUp();
    const spans = new Map([...ctx.years].map(([i, y]) => [i, y.span]));
    let index = yearIndexOf(voucher.date, spans);
    if (index === undefined) {
      if (declaredYears.size > 0) {
        const list = [...declaredYears.values()].map((y) => `${y.start}–${y.end}`).join(', ');
        throw refuse(
          fileName,
          voucher.line,
          `verifikationen daterad ${voucher.date} ligger utanför alla räkenskapsår som filen deklarerar (${list})`,
        );
      }
      // A transaction file (4I) without #RAR: the year this database has for the date, else the calendar year.
      const stored = await repo.findFiscalYears(trx);
      const known = stored.find((y) => voucher.date >= y.start && voucher.date <= y.end);
      const span = known
        ? { start: known.start, end: known.end }
        : { start: `${voucher.date.slice(0, 4)}-01-01`, end: `${voucher.date.slice(0, 4)}-12-31` };
      index = Math.min(0, ...ctx.years.keys()) - 1 - ctx.years.size; // a private key for this span
      const year: YearState = {
        index,
        span,
        hasVouchers: false,
        sums: new repo.PeriodBalanceSums(),
        stored: known ?? (await repo.insertFiscalYear(trx, span.start, span.end)),
      };
      ctx.years.set(index, year);
    }
    const year = ctx.years.get(index);
    if (!year?.stored)
      throw refuse(fileName, voucher.line, 'internt fel: räkenskapsåret kunde inte bestämmas');
    if (!year.hasVouchers) {
      year.hasVouchers = true;
      if (ctx.mode === 'replace') {
        const first = !bulk.truncated && !bulk.indexes;
        const emptied = first && (await repo.truncateOnlyYearOutcome(tx, year.stored.id));
        if (emptied) bulk.truncated = true;
        // A large load is faster with the indexes built afresh after it.
        bulk.indexes ??= await repo.suspendIndexes(tx, ['voucher_row', 'voucher'], {
          fiscalYearId: year.stored.id,
          // A #TRANS line of an SIE file is rarely shorter than this many bytes.
          expectedRows: input.size === undefined ? undefined : input.size / TRANS_LINE_BYTES,
        });
        // Without indexes the rows go in best in the order their index will have.
        if (bulk.indexes.suspended) heldRows ??= new repo.HeldVoucherRows();
        if (!emptied) await repo.deleteYearOutcome(trx, year.stored.id);
      }
      const source = year.stored.outcomeSource;
      if (ctx.mode === 'append' && (source === 'periods' || source === 'year')) {
        // Vouchers added to balances from another source would count money twice or mix sources.
        throw refuse(
          fileName,
          voucher.line,
          `räkenskapsåret ${year.span.start}–${year.span.end} har ${source === 'periods' ? 'periodsaldon' : 'årssaldon'}, inte verifikationer; läggs filens verifikationer till dem kan pengar räknas två gånger: importera i stället en fullständig export (.SE) med årets verifikationer`,
        );
      }
    }
    return year;
  };

  // The load of one batch runs while the next is parsed (PostgreSQL works in its own process).
  let loading: Promise<void> = Promise.resolve();
  const flush = async () => {
    await loading;
    const batch = repo.copyVouchers(tx, voucherLines, rowLines);
    loading = batch;
    batch.catch(() => undefined); // awaited at the next flush or at the end
    voucherLines = [];
    rowLines = [];
  };

  try {
    for await (const records of readSieBatches(hashed(), state, { onWarning: warn })) {
      for (const record of records) {
        switch (record.kind) {
          case 'fiscalYear':
            declaredYears.set(record.yearIndex, {
              start: record.start,
              end: record.end,
              line: record.line,
            });
            break;
          case 'account':
            declaredAccounts.add(record.konto);
            accounts.set(record.konto, {
              name: record.name,
              type: accounts.get(record.konto)?.type ?? null,
              unit: accounts.get(record.konto)?.unit ?? null,
            });
            break;
          case 'accountType': {
            const account = accounts.get(record.konto) ?? { name: '', type: null, unit: null };
            accounts.set(record.konto, { ...account, type: record.type });
            break;
          }
          case 'accountUnit': {
            const account = accounts.get(record.konto) ?? { name: '', type: null, unit: null };
            accounts.set(record.konto, { ...account, unit: record.unit });
            break;
          }
          case 'sru':
            sru.push({ konto: record.konto, sru: record.code });
            break;
          case 'dimension':
            declaredDims.add(record.number);
            dims.set(record.number, { name: record.name, parent: record.parent ?? null });
            break;
          case 'object':
            noteDimension(record.dimension, record.line);
            markSeen(record.dimension, record.code);
            declaredObjects.add(`${record.dimension}\u0001${record.code}`);
            objects.set(`${record.dimension}\u0001${record.code}`, {
              dimension: record.dimension,
              code: record.code,
              name: record.name,
            });
            break;
          case 'balance':
            noteAccount(record.konto, record.line);
            noteObjects(record.objects, record.line);
            balances.push(record);
            break;
          case 'voucher': {
            if (voucherCount === 0 && header.sieType && header.sieType !== '4') {
              warn({
                line: record.line,
                code: 'RECORD_IGNORED',
                message: `#VER i en SIE-fil av typ ${header.sieType} (verifikationer hör hemma i typ 4); importerades ändå`,
              });
            }
            const year = await yearForVoucher(record);
            const ctx = await setUp();
            const fiscalYearId = year.stored?.id ?? 0;
            voucherCount += 1;
            const voucherNo = voucherCount;
            const v = repo.copyValue;
            voucherLines.push(
              `${importId}\t${voucherNo}\t${fiscalYearId}\t${v(record.series)}\t${v(record.number)}\t${record.date}\t` +
                `${v(record.text)}\t${v(record.regDate)}\t${v(record.sign)}\t${record.line}`,
            );
            if (ctx.mode === 'append' && record.number !== '') {
              warn({
                line: record.line,
                code: 'BAD_IDENTIFICATION',
                message: `verifikationsnummer ${record.number} i en transaktionsfil (4I), där den mottagande bokföringen numrerar verifikationerna; numret behölls som i filen`,
              });
            }
            const period = periodOf(record.date);
            let sum = 0n;
            let rowNo = 0;
            for (const row of record.rows) {
              noteAccount(row.konto, row.line);
              noteObjects(row.objects, row.line);
              const mapped = toObjectColumns(row.objects, ctx.roles);
              if (mapped.repeatedDimension !== undefined) {
                warn({
                  line: row.line,
                  code: 'RECORD_IGNORED',
                  message: `dimension ${mapped.repeatedDimension} förekommer två gånger i objektlistan; det första objektet användes`,
                });
              }
              if (row.kind !== 'BTRANS') sum += row.amount;
              rowNo += 1;
              rowCount += 1;
              // Konto and objects in COPY form: the row's columns and its balance's key.
              const c = mapped.columns;
              const konto = v(row.konto);
              const ansvar = v(c.ansvar);
              const objects = `${ansvar}\t${v(c.verksamhet)}\t${v(c.projekt)}\t${v(c.objekt)}`;
              const line =
                `${importId}\t${voucherNo}\t${rowNo}\t${fiscalYearId}\t${ROW_KIND[row.kind]}\t${period}\t${konto}\t${objects}\t` +
                `${row.amount}\t${v(row.date)}\t${v(row.text)}\t${v(row.quantity)}\t${v(row.sign)}\t${row.line}`;
              pendingRows += 1;
              if (heldRows === undefined) rowLines.push(line);
              else if (heldRows.add(line, fiscalYearId, konto, ansvar)) {
                // A run full: loaded in order, and the next run held. (Streaming the rest of a
                // larger file instead made the index build slower: PostgreSQL sorts it in pieces
                // of maintenance_work_mem, each already in order when it lies within a run.)
                await flush();
                await loading;
                await heldRows.load(tx);
              }
              // The period balances are summed here, as the rows pass, instead of by a query over them.
              if (row.kind !== 'BTRANS') year.sums.add(period, konto, objects, row.amount);
            }
            if (sum !== 0n) {
              const id = `${record.series} ${record.number}`.trim() || `daterad ${record.date}`;
              warn({
                line: record.line,
                code: 'VOUCHER_UNBALANCED',
                message: `verifikation ${id} är inte i balans: raderna summerar till ${formatKronor(sum)} kr`,
              });
            }
            if (pendingRows >= FLUSH_ROWS) {
              // Held rows leave only the vouchers to load: in larger batches, fewer COPYs.
              if (heldRows === undefined || voucherLines.length >= FLUSH_ROWS) await flush();
              pendingRows = 0;
              options.onProgress?.({ bytesRead: state.lines.bytesRead, rows: rowCount });
            }
            break;
          }
        }
      }
    }
    await flush();
    await loading;
    await heldRows?.load(tx);
    await bulk.indexes?.restore();
  } catch (error) {
    await loading.catch(() => undefined);
    if (error instanceof SieFault) throw refuse(fileName, error.line, error.message);
    throw error;
  }

  requireContent(fileName, state.lines.lineCount ?? 0, {
    fiscalYears: declaredYears.size,
    accounts: accounts.size,
    dimensions: dims.size,
    objects: objects.size,
    balances: balances.length,
    vouchers: voucherCount,
  });
  const ctx = await setUp();
  const sha256 = hash.digest('hex');
  const encoding = state.lines.encoding ?? 'cp437';
  if (encoding !== 'cp437') {
    const claimed = header.format ? `anger ${header.format} (CP437)` : 'borde vara CP437 (PC8)';
    warn({
      code: 'ENCODING_MISMATCH',
      message: `filen ${claimed} men är skriven i ${encoding === 'utf8' ? 'UTF-8' : 'ISO-8859-15'}; den lästes som ${encoding === 'utf8' ? 'UTF-8' : 'ISO-8859-15'}`,
    });
  }
  if (state.lines.loneCarriageReturnLine !== undefined) {
    warn({
      line: state.lines.loneCarriageReturnLine,
      code: 'MIXED_LINE_ENDINGS',
      message: 'en rad slutar med enbart vagnretur (CR); den lästes som en radbrytning',
    });
  }

  const alreadyImported =
    ctx.mode === 'append' && (await repo.hasAppendedFile(trx, sha256, importId));
  const summaryYears: SieImportSummary['fiscalYears'] = [];
  let balanceCount = 0;
  let budgetRows = 0;

  if (!alreadyImported) {
    const accountType = (konto: string) => accounts.get(konto)?.type ?? undefined;
    for (const year of [...ctx.years.values()].sort((a, b) =>
      a.span.start < b.span.start ? -1 : 1,
    )) {
      const stored = year.stored;
      if (!stored) continue;
      const ofYear = balances.filter((b) => balanceYear(b, ctx.years) === year.index);
      let outcome: OutcomeSource | 'kept' | 'none' = 'none';
      if (year.hasVouchers) {
        outcome = 'vouchers';
        if (ctx.mode === 'replace') {
          const opening = openingBalances(ofYear, accountType, ctx.roles);
          await repo.addLedgerBalances(trx, stored.id, opening);
          balanceCount += opening.length;
        }
        if (ctx.mode === 'replace') {
          // The year's balances were emptied when its first voucher came: nothing to add to.
          await repo.copyBalanceSums(tx, stored.id, checkSumMap(fileName, year.sums));
        } else {
          const rows = [...checkSumMap(fileName, year.sums).entries()].map(([key, amount]) => ({
            ...repo.splitBalanceSumKey(key),
            amount,
          }));
          await repo.addLedgerBalances(trx, stored.id, rows);
        }
        balanceCount += year.sums.size;
        await repo.setYearOutcome(trx, stored.id, 'vouchers', importId);
        if (ctx.mode === 'replace') {
          const differences = reconcileBalances({
            yearLabel: year.span.start.slice(0, 4),
            declared: ofYear,
            sums: voucherSums(year.sums, ofYear, ctx.roles),
            typeOf: accountType,
            roles: ctx.roles,
          });
          for (const difference of differences) warn(difference);
        }
      } else {
        const source: OutcomeSource | undefined = ofYear.some((b) => b.label === 'PSALDO')
          ? 'periods'
          : ofYear.some((b) => b.label === 'RES' || b.label === 'UB' || b.label === 'IB')
            ? 'year'
            : undefined;
        if (source && ctx.mode === 'replace') {
          const storedSource = stored.outcomeSource;
          if (storedSource && OUTCOME_RANK[storedSource] > OUTCOME_RANK[source]) {
            outcome = 'kept';
          } else {
            await repo.deleteYearOutcome(trx, stored.id);
            const rows = [
              ...openingBalances(ofYear, accountType, ctx.roles),
              ...movements(ofYear, source, year.span, accountType, ctx.roles),
            ];
            await repo.addLedgerBalances(trx, stored.id, checkSums(fileName, rows));
            await repo.setYearOutcome(trx, stored.id, source, importId);
            balanceCount += rows.length;
            outcome = source;
          }
        }
      }
      const budget = ofYear.filter((b) => b.label === 'PBUDGET');
      if (budget.length > 0) {
        const rows = checkSums(fileName, periodBreakdown(budget, ctx.roles));
        await repo.replaceBudget(trx, stored.id, 'SIE', importId, rows);
        budgetRows += rows.length;
      }
      summaryYears.push({
        start: year.span.start,
        end: year.span.end,
        outcome,
        budget: budget.length > 0,
      });
    }

    await repo.upsertAccounts(
      trx,
      [...accounts].map(([konto, a]) => ({ konto, ...a })),
    );
    await repo.addAccountSru(
      trx,
      sru.filter((s) => accounts.has(s.konto)),
    );
    await repo.upsertDimensions(
      trx,
      [...dims].map(([number, d]) => ({ number, ...d, role: roleOf(number, ctx.roles) ?? null })),
    );
    await repo.upsertObjects(trx, [...objects.values()]);
    if (rowCount + balanceCount >= repo.ANALYZE_AFTER_ROWS)
      await repo.analyzeTables(trx, repo.OUTCOME_TABLES);
  }

  const objectCounts = new Map<number, number>();
  for (const o of objects.values())
    objectCounts.set(o.dimension, (objectCounts.get(o.dimension) ?? 0) + 1);
  const summary: SieImportSummary = {
    file: fileName,
    company: { name: header.companyName ?? '', orgnr: header.orgnr?.orgnr ?? null },
    sieType: header.sieType ?? null,
    program: header.program ? `${header.program.name} ${header.program.version}`.trim() : null,
    encoding,
    checksum: state.checksum,
    mode: ctx.mode,
    alreadyImported,
    fiscalYears: summaryYears,
    accounts: accounts.size,
    dimensions: [...dims]
      .sort(([a], [b]) => a - b)
      .map(([number, d]) => ({
        number,
        name: d.name,
        role: roleOf(number, ctx.roles) ?? null,
        objects: objectCounts.get(number) ?? 0,
      })),
    vouchers: voucherCount,
    rows: rowCount,
    balances: balanceCount,
    budgetRows,
    warnings,
    warningsNotListed,
  };
  await repo.updateImportBatch(
    trx,
    importId,
    {
      sha256,
      bytes: byteCount,
      sieType: summary.sieType,
      program: summary.program,
      mode: ctx.mode,
    },
    summary,
  );
  if (alreadyImported) {
    // Nothing of the file is kept twice: drop what this run added.
    await repo.deleteImportRows(trx, importId);
  }
  return summary;
}

async function checkOrganisation(
  trx: Kysely<Database>,
  fileName: string,
  name: string | undefined,
  orgnr: string | undefined,
): Promise<void> {
  const existing = await repo.findOrganisation(trx);
  const normalise = (value: string | null | undefined) => (value ?? '').replace(/\D/g, '');
  if (!existing) {
    if (name || orgnr) await repo.insertOrganisation(trx, name ?? '', orgnr ?? null);
    return;
  }
  const sameOrgnr =
    normalise(existing.orgnr) !== '' && normalise(orgnr) !== ''
      ? normalise(existing.orgnr) === normalise(orgnr)
      : undefined;
  const sameName =
    existing.name !== '' && name
      ? existing.name.trim().toLowerCase() === name.trim().toLowerCase()
      : undefined;
  if (sameOrgnr === false || (sameOrgnr === undefined && sameName === false)) {
    const theirs = [name, orgnr].filter(Boolean).join(', ');
    const ours = [existing.name, existing.orgnr].filter(Boolean).join(', ');
    throw new AppError(
      'OTHER_ORGANISATION',
      `${fileName}: filen gäller ${theirs}, men den här databasen har huvudboken för ${ours}; importera filen till en annan datamapp (--data DIR)`,
    );
  }
  if ((name && existing.name === '') || (orgnr && !existing.orgnr)) {
    await repo.updateOrganisation(
      trx,
      existing.id,
      existing.name || name || '',
      existing.orgnr ?? orgnr ?? null,
    );
  }
}

async function resolveFiscalYear(
  trx: Kysely<Database>,
  fileName: string,
  stored: FiscalYear[],
  span: FiscalYearSpan,
  line: number | undefined,
): Promise<FiscalYear> {
  const same = stored.find((y) => y.start === span.start);
  if (same) {
    if (same.end !== span.end) {
      throw refuse(
        fileName,
        line,
        `räkenskapsåret ${span.start}–${span.end} stämmer inte med det redan inlästa året ${same.start}–${same.end}`,
      );
    }
    return same;
  }
  const overlapping = stored.find((y) => y.start <= span.end && span.start <= y.end);
  if (overlapping) {
    throw refuse(
      fileName,
      line,
      `räkenskapsåret ${span.start}–${span.end} överlappar det redan inlästa året ${overlapping.start}–${overlapping.end}`,
    );
  }
  const created = await repo.insertFiscalYear(trx, span.start, span.end);
  stored.push(created);
  return created;
}

type TypeOf = (konto: string) => AccountType | undefined;

/** #PSALDO and #PBUDGET belong to the year that holds their month (real files mislabel the year number). */
function balanceYear(
  balance: SieBalance,
  years: ReadonlyMap<number, YearState>,
): number | undefined {
  if (balance.period === undefined) return balance.yearIndex;
  const first = `${String(balance.period).slice(0, 4)}-${String(balance.period).slice(4, 6)}-01`;
  for (const [index, year] of years)
    if (first >= year.span.start && first <= year.span.end) return index;
  return undefined;
}

/** Groups balance records by (period, konto) and keeps one breakdown of each (see chooseBreakdown). */
function breakdown(
  records: readonly SieBalance[],
  periodOfRecord: (b: SieBalance) => number,
  roles: Map<DimensionRole, number>,
): repo.BalanceRow[] {
  const groups = new Map<
    string,
    { period: number; konto: string; candidates: { objects: ObjectRef[]; amount: Ore }[] }
  >();
  for (const record of records) {
    const period = periodOfRecord(record);
    const key = `${period}\u0001${record.konto}`;
    const group = groups.get(key) ?? { period, konto: record.konto, candidates: [] };
    group.candidates.push({ objects: record.objects, amount: record.amount });
    groups.set(key, group);
  }
  const rows: repo.BalanceRow[] = [];
  for (const group of groups.values()) {
    for (const part of chooseBreakdown(group.candidates, roles)) {
      rows.push({ period: group.period, konto: group.konto, ...part.columns, amount: part.amount });
    }
  }
  return rows;
}

function periodBreakdown(
  records: readonly SieBalance[],
  roles: Map<DimensionRole, number>,
): repo.BalanceRow[] {
  return breakdown(records, (b) => b.period ?? 0, roles);
}

/** Opening balances of balance accounts (#IB, #OIB) as period 0. */
function openingBalances(
  records: readonly SieBalance[],
  typeOf: TypeOf,
  roles: Map<DimensionRole, number>,
): repo.BalanceRow[] {
  const opening = records.filter(
    (b) => (b.label === 'IB' || b.label === 'OIB') && isBalanceAccount(b.konto, typeOf(b.konto)),
  );
  return breakdown(opening, () => 0, roles);
}

/** The year's movements from #PSALDO, or from #RES and #UB − #IB placed in the year's last month. */
function movements(
  records: readonly SieBalance[],
  source: OutcomeSource,
  span: FiscalYearSpan,
  typeOf: TypeOf,
  roles: Map<DimensionRole, number>,
): repo.BalanceRow[] {
  if (source === 'periods')
    return periodBreakdown(
      records.filter((b) => b.label === 'PSALDO'),
      roles,
    );
  const last = periodOf(span.end);
  const yearly: SieBalance[] = [];
  for (const b of records) {
    const balance = isBalanceAccount(b.konto, typeOf(b.konto));
    if (b.label === 'RES' && !balance) yearly.push(b);
    if (b.label === 'UB' && balance) yearly.push(b);
    if (b.label === 'IB' && balance) yearly.push({ ...b, amount: -b.amount });
  }
  return breakdown(yearly, () => last, roles);
}

/**
 * The voucher sums of a year per period and account, in total and per object of the role
 * columns the declared balances use: summed here, so that a year of a million balances gives
 * the reconciliation thousands of sums, not millions.
 */
function voucherSums(
  sums: repo.SumsReader,
  declared: readonly SieBalance[],
  roles: Map<DimensionRole, number>,
): VoucherSum[] {
  const used = new Set<DimensionRole>();
  for (const b of declared) {
    const [object] = b.objects;
    const role = object && b.objects.length === 1 ? roleOf(object.dimension, roles) : undefined;
    if (role) used.add(role);
  }
  // Summed by (period, konto) and by (period, konto, object) for each role used, from the
  // numbered sums (repo.PeriodBalanceSums.rollUp): no key of the year's own is built or split.
  const out: VoucherSum[] = [];
  for (const role of ['', ...used] as const) {
    const rolled = sums.rollUp({
      konto: (konto) => konto,
      objects: (objects) => (role === '' ? '' : repo.objectOf(objects, role)),
      key: (period, konto, code) => `${period}\t${konto}\t${code}`,
    });
    for (const [key, amount] of rolled.entries()) {
      // The code sits where a key's ansvar does.
      const { period, konto, ansvar: code } = repo.splitBalanceSumKey(key);
      out.push({ period, konto, role, code, amount });
    }
  }
  return out;
}
