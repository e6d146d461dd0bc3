import { sql, type Kysely } from 'kysely';
import { insertColumns, type BulkColumn } from '../db/bulk.ts';
import type { DbTransaction } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { Ore } from '../shared/money.ts';
import { kontogrupp, type DimensionRole, type ObjectColumns } from './ledger.ts';

type Db = Kysely<Database>;

export interface FiscalYear {
  id: number;
  start: IsoDate;
  end: IsoDate;
  outcomeSource: OutcomeSource | null;
}

/** How fine a year's outcome is; a finer source is never replaced by a coarser one. */
export type OutcomeSource = 'year' | 'periods' | 'vouchers';
export const OUTCOME_RANK: Record<OutcomeSource, number> = { year: 1, periods: 2, vouchers: 3 };

export async function findOrganisation(db: Db) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'orgnr'])
    .orderBy('id')
    .executeTakeFirst();
}

export async function insertOrganisation(
  db: Db,
  name: string,
  orgnr: string | null,
): Promise<void> {
  await db.insertInto('organisation').values({ name, orgnr }).execute();
}

export async function updateOrganisation(
  db: Db,
  id: number,
  name: string,
  orgnr: string | null,
): Promise<void> {
  await db.updateTable('organisation').set({ name, orgnr }).where('id', '=', id).execute();
}

export interface NewImportBatch {
  kind: string;
  fileName: string;
  sha256: string;
  bytes: number;
  sieType: string | null;
  program: string | null;
  mode: string;
}

export async function insertImportBatch(db: Db, batch: NewImportBatch): Promise<number> {
  const row = await db
    .insertInto('import_batch')
    .values({
      kind: batch.kind,
      file_name: batch.fileName,
      file_sha256: batch.sha256,
      file_bytes: batch.bytes,
      sie_type: batch.sieType,
      program: batch.program,
      mode: batch.mode,
      summary: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateImportBatch(
  db: Db,
  id: number,
  batch: Omit<NewImportBatch, 'kind' | 'fileName'>,
  summary: unknown,
): Promise<void> {
  await db
    .updateTable('import_batch')
    .set({
      file_sha256: batch.sha256,
      file_bytes: batch.bytes,
      sie_type: batch.sieType,
      program: batch.program,
      mode: batch.mode,
      summary: JSON.stringify(summary),
    })
    .where('id', '=', id)
    .execute();
}

export async function hasAppendedFile(db: Db, sha256: string, exceptId: number): Promise<boolean> {
  const row = await db
    .selectFrom('import_batch')
    .select('id')
    .where('file_sha256', '=', sha256)
    .where('mode', '=', 'append')
    .where('id', '<>', exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findFiscalYears(db: Db): Promise<FiscalYear[]> {
  const rows = await db
    .selectFrom('fiscal_year')
    .select(['id', 'start_date', 'end_date', 'outcome_source'])
    .orderBy('start_date')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    start: r.start_date,
    end: r.end_date,
    outcomeSource: r.outcome_source as OutcomeSource | null,
  }));
}

export async function findFiscalYearStartingIn(
  db: Db,
  year: number,
): Promise<FiscalYear | undefined> {
  const years = await findFiscalYears(db);
  return years.find((y) => Number(y.start.slice(0, 4)) === year);
}

export async function insertFiscalYear(db: Db, start: IsoDate, end: IsoDate): Promise<FiscalYear> {
  const row = await db
    .insertInto('fiscal_year')
    .values({ start_date: start, end_date: end, outcome_source: null, outcome_import_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, start, end, outcomeSource: null };
}

export async function deleteYearOutcome(db: Db, fiscalYearId: number): Promise<void> {
  await db.deleteFrom('voucher_row').where('fiscal_year_id', '=', fiscalYearId).execute();
  await db.deleteFrom('voucher').where('fiscal_year_id', '=', fiscalYearId).execute();
  await db.deleteFrom('ledger_balance').where('fiscal_year_id', '=', fiscalYearId).execute();
  for (const table of [...ROLLUPS.map((r) => r.table), YEAR_ROLLUP, ANSVAR_ROLLUP])
    await sql`delete from ${sql.table(table)} where fiscal_year_id = ${fiscalYearId}`.execute(db);
}

/** How many rows of a table belong to other fiscal years than this one, counted up to `limit`. */
async function otherYearsRows(
  db: Db,
  table: string,
  fiscalYearId: number,
  limit: number,
): Promise<number> {
  // Two range conditions, so that an index leading with fiscal_year_id answers at once.
  const others = await sql<{ rows: string }>`
    select count(*)::text as rows from (
      (select 1 from ${sql.table(table)} where fiscal_year_id < ${fiscalYearId} limit ${limit})
      union all
      (select 1 from ${sql.table(table)} where fiscal_year_id > ${fiscalYearId} limit ${limit})
    ) other`.execute(db);
  return Number(others.rows[0]?.rows ?? 0);
}

/**
 * Empties a year's outcome for a replace import with TRUNCATE when no other year has rows in
 * the outcome tables (a first import, or a reload of the only year): on PGlite, which runs with
 * `wal_level=minimal` (src/db/database.ts), the rows then loaded by COPY into the truncated
 * tables, and their index entries, are not also written to the WAL — a third less work for each
 * voucher row. Only on the embedded database (one process holds it, so TRUNCATE's lock on the
 * tables keeps no reader waiting) and only inside the import's transaction (a rollback brings
 * the rows back). False when it did nothing: the caller then deletes the year's rows.
 */
export async function truncateOnlyYearOutcome(
  tx: DbTransaction,
  fiscalYearId: number,
): Promise<boolean> {
  if (tx.engine !== 'pglite') return false;
  const tables = [
    'voucher_row',
    'voucher',
    'ledger_balance',
    ...ROLLUPS.map((r) => r.table),
    YEAR_ROLLUP,
    ANSVAR_ROLLUP,
  ];
  for (const table of tables) {
    if ((await otherYearsRows(tx.db, table, fiscalYearId, 1)) > 0) return false;
  }
  await sql`truncate ${sql.join(tables.map((t) => sql.table(t)))}`.execute(tx.db);
  return true;
}

export async function setYearOutcome(
  db: Db,
  fiscalYearId: number,
  source: OutcomeSource,
  importId: number,
): Promise<void> {
  await db
    .updateTable('fiscal_year')
    .set({ outcome_source: source, outcome_import_id: importId })
    .where('id', '=', fiscalYearId)
    .execute();
}

/** One value in PostgreSQL's COPY text format: \N for null, and \ tab newline CR escaped. */
export function copyValue(value: string | number | bigint | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return value.toString();
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] ?? c)
    : value;
}

const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

export const VOUCHER_COLUMNS = [
  'import_id',
  'voucher_no',
  'fiscal_year_id',
  'series',
  'number',
  'date',
  'text',
  'reg_date',
  'sign',
  'line',
] as const;

/** Period to objekt in the order of a `balanceSumKey`, which the import puts in each row's line. */
export const VOUCHER_ROW_COLUMNS = [
  'import_id', 'voucher_no', 'row_no', 'fiscal_year_id', 'kind', 'period', 'konto', 'ansvar',
  'verksamhet', 'projekt', 'objekt', 'amount_ore', 'trans_date', 'text', 'quantity', 'sign', 'line',
] as const; // prettier-ignore

/** Loads vouchers and their rows, given as COPY lines in the column orders above. */
export async function copyVouchers(
  tx: DbTransaction,
  vouchers: readonly string[],
  rows: readonly string[],
): Promise<void> {
  if (vouchers.length > 0)
    await tx.copyInto('voucher', VOUCHER_COLUMNS, vouchers.join('\n') + '\n');
  if (rows.length > 0)
    await tx.copyInto('voucher_row', VOUCHER_ROW_COLUMNS, rows.join('\n') + '\n');
}

/** About the bytes of voucher rows held for one ordered load (`HeldVoucherRows`): 1.5 M rows. */
const HELD_ROW_BYTES = 128 * 2 ** 20;
const HELD_BLOCK_BYTES = 16 * 2 ** 20;
/** Lines encoded to UTF-8 at a time (one call instead of one a line). */
const HELD_BATCH = 4_096;
const COPY_CHUNK_BYTES = 4 * 2 ** 20;

/**
 * Voucher rows of a large load (one whose indexes are suspended: `suspendIndexes`) held as UTF-8
 * COPY lines and loaded in the order of the drill-down index (fiscal year, konto, ansvar), so
 * that the index is then built over rows already in order: PostgreSQL's sort only checks them.
 * On PGlite the index over 1 M voucher rows took 1.1 s instead of 2.9 s, and the rows of one
 * account now lie together on disk for the drill-down. About `HELD_ROW_BYTES` at most are held:
 * `add` says when to `load` them, so a larger file is loaded in several ordered runs. The lines
 * are kept as bytes in large blocks, reused from run to run, not as a million strings for the
 * garbage collector to walk.
 */
export class HeldVoucherRows {
  /** Blocks of encoded lines; the first `inUse` hold this run's (the others wait for reuse). */
  private readonly blocks: Buffer[] = [];
  private inUse = 0;
  private used = 0;
  /** Lines added but not yet encoded. */
  private pending: string[] = [];
  /** Per row: its block, the offset and length of its line (with its newline). */
  private place: Int32Array = new Int32Array(3 * 65_536);
  /** Per row: the numbers of its year, konto and ansvar. */
  private parts: Int32Array = new Int32Array(3 * 65_536);
  private count = 0;
  private encoded = 0;
  private characters = 0;
  private years = numbering<number>();
  private kontos = numbering<string>();
  private ansvar = numbering<string>();
  private readonly limit: number;

  constructor(limit = HELD_ROW_BYTES) {
    this.limit = limit;
  }

  /** Holds a row's COPY line (konto and ansvar in COPY form); true when `load` should run. */
  add(line: string, fiscalYearId: number, konto: string, ansvar: string): boolean {
    if (3 * this.count >= this.parts.length) {
      this.parts = grown(this.parts);
      this.place = grown(this.place);
    }
    const at = 3 * this.count;
    this.parts[at] = this.years.id(fiscalYearId);
    this.parts[at + 1] = this.kontos.id(konto);
    this.parts[at + 2] = this.ansvar.id(ansvar);
    this.count += 1;
    this.characters += line.length + 1;
    if (this.pending.push(line) >= HELD_BATCH) this.encode();
    return this.characters >= this.limit;
  }

  /** The pending lines into the last block, in one write. */
  private encode(): void {
    const lines = this.pending;
    if (lines.length === 0) return;
    const text = lines.join('\n') + '\n';
    let block = this.blocks[this.inUse - 1];
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (block === undefined || this.used + text.length * 3 > block.length) {
      // The next block, a run's earlier one again if large enough: memory stays at one run's.
      block = this.blocks[this.inUse];
      if (block === undefined || block.length < text.length * 3) {
        block = Buffer.allocUnsafe(Math.max(HELD_BLOCK_BYTES, text.length * 3));
        this.blocks[this.inUse] = block;
      }
      this.inUse += 1;
      this.used = 0;
    }
    const written = block.write(text, this.used, 'utf8');
    // As many bytes as code units: every character is ASCII, one byte each.
    const ascii = written === text.length;
    let offset = this.used;
    for (const [i, line] of lines.entries()) {
      const length = (ascii ? line.length : Buffer.byteLength(line, 'utf8')) + 1;
      const at = 3 * (this.encoded + i);
      this.place[at] = this.inUse - 1;
      this.place[at + 1] = offset;
      this.place[at + 2] = length;
      offset += length;
    }
    this.used += written;
    this.encoded += lines.length;
    this.pending = [];
  }

  /** Loads the rows held, in index order, and lets them go. */
  async load(tx: DbTransaction): Promise<void> {
    this.encode();
    const count = this.count;
    if (count === 0) return;
    const parts = this.parts;
    const order = orderByNames(count, [
      byName(this.years.names, byNumber, (row) => parts[3 * row] ?? 0),
      byName(this.kontos.names, compareCodeUnits, (row) => parts[3 * row + 1] ?? 0),
      byName(this.ansvar.names, compareCodeUnits, (row) => parts[3 * row + 2] ?? 0),
    ]);
    let chunk = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
    let at = 0;
    for (const row of order) {
      const block = this.blocks[this.place[3 * row] ?? 0];
      const start = this.place[3 * row + 1] ?? 0;
      const length = this.place[3 * row + 2] ?? 0;
      if (at + length > chunk.length) {
        if (at > 0) await tx.copyInto('voucher_row', VOUCHER_ROW_COLUMNS, chunk.subarray(0, at));
        at = 0;
        if (length > chunk.length) chunk = Buffer.allocUnsafe(length);
      }
      block?.copy(chunk, at, start, start + length);
      at += length;
    }
    if (at > 0) await tx.copyInto('voucher_row', VOUCHER_ROW_COLUMNS, chunk.subarray(0, at));
    this.inUse = 0;
    this.used = 0;
    this.count = 0;
    this.encoded = 0;
    this.characters = 0;
    this.years = numbering<number>();
    this.kontos = numbering<string>();
    this.ansvar = numbering<string>();
  }
}

/** A typed array twice as long, holding the same values first. */
function grown(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

/** Names numbered 0, 1, … as they first come. */
function numbering<T>() {
  const names: T[] = [];
  const ids = new Map<T, number>();
  return {
    names,
    id(name: T): number {
      let id = ids.get(name);
      if (id === undefined) {
        id = names.push(name) - 1;
        ids.set(name, id);
      }
      return id;
    },
  };
}

export interface BalanceRow extends ObjectColumns {
  period: number;
  konto: string;
  amount: Ore;
}

const BALANCE_COLUMNS: BulkColumn[] = [
  { name: 'period', type: 'integer' },
  { name: 'konto', type: 'text' },
  { name: 'ansvar', type: 'text' },
  { name: 'verksamhet', type: 'text' },
  { name: 'projekt', type: 'text' },
  { name: 'objekt', type: 'text' },
  { name: 'amount_ore', type: 'bigint' },
];

function balanceArrays(rows: readonly BalanceRow[]) {
  return [
    rows.map((r) => r.period), rows.map((r) => r.konto), rows.map((r) => r.ansvar),
    rows.map((r) => r.verksamhet), rows.map((r) => r.projekt), rows.map((r) => r.objekt),
    rows.map((r) => r.amount),
  ]; // prettier-ignore
}

/**
 * Roll-ups of `ledger_balance` (migration 2026-11-25T00-00) to (period, konto, verksamhet): every
 * write of `ledger_balance` in this file writes them too, in the same transaction, so that
 * balances by verksamhet read a small table. (None by ansvar: an ansvar usually books on one
 * verksamhet, so it would be nearly as large as `ledger_balance`, and each row loaded costs the
 * import about as much as a voucher row.)
 */
const ROLLUPS = [{ table: 'ledger_balance_verksamhet', column: 'verksamhet' }] as const;

/**
 * The year's movements (periods 1–12, opening balances left out) per (konto, verksamhet)
 * (migration 2026-12-01T03-10): a few ten thousand rows however the ledger is booked, for
 * balances by verksamhet and konto over a whole year. Written with the roll-ups above.
 */
export const YEAR_ROLLUP = 'ledger_balance_year_verksamhet';

/**
 * The outcome per (period, ansvar, kontogrupp) (migration 2026-12-01T05-10): the forecasts' month
 * sums per ansvar read it for the account groups they count whole (forecast.repository.ts
 * `monthSums`). Written with the roll-ups above.
 */
export const ANSVAR_ROLLUP = 'ledger_balance_ansvar';

/** The object columns in a `balanceSumKey`, after its period and konto. */
const OBJECT_FIELDS: readonly (keyof ObjectColumns)[] = [
  'ansvar',
  'verksamhet',
  'projekt',
  'objekt',
];

/** One column's code (in COPY text form) of the objects part of a `balanceSumKey`. */
export function objectOf(objects: string, column: keyof ObjectColumns): string {
  return objects.split('\t')[OBJECT_FIELDS.indexOf(column)] ?? '';
}

/**
 * Sums of öre per key, kept in memory while the rows of a file pass (a year's period balances,
 * and the roll-ups summed from them).
 *
 * Exact without a bigint per addition: a sum is a `number` while it is a safe integer. Every
 * amount added is an integer number of öre, converted only when it is itself a safe integer
 * (|amount| < 2^53; the reader bounds amounts to 10^15), and the sum of two safe integers is
 * computed exactly whenever the exact result is a safe integer too: no fraction ever appears,
 * so nothing passes through a float fraction. When a sum would leave the safe range (the double
 * result is then not a safe integer, since rounding cannot bring an exact result beyond 2^53
 * back inside it) that key continues in `bigint` from its last exact value. The millions of
 * additions of an import thus allocate nothing on the heap for amounts that fit a small
 * integer, where a `bigint` sum allocated on each.
 */
/** What the readers of a table of sums see (BalanceSums, PeriodBalanceSums). */
export interface SumsReader {
  readonly size: number;
  /** Every key and its sum as `bigint`. */
  entries(): IterableIterator<[string, Ore]>;
  /**
   * Every key and its sum as decimal text (a safe integer prints all its digits, without
   * exponent or fraction): for COPY lines, without a `bigint` per sum.
   */
  texts(): IterableIterator<[string, string]>;
  /** The keys whose sums went beyond 2^53 (the only ones that can exceed a ledger's bound). */
  large(): ReadonlyMap<string, Ore>;
  /** Every sum: safe integers as `number` to `safe`, the others as `bigint` to `big`. */
  each(safe: (key: string, n: number) => void, big: (key: string, amount: bigint) => void): void;
  /** The sums by a coarser key (keys as `balanceSumKey`). */
  rollUp(rule: RollUp): BalanceSums;
}

/**
 * How a year's period balances roll up to a coarser key (`rollUp`): a part of the account and a
 * part of the objects (each in COPY text form, as in `balanceSumKey`), each computed once per
 * distinct account and objects, then the key from the period and the two parts (undefined:
 * left out).
 */
export interface RollUp {
  konto: (konto: string) => string;
  objects: (objects: string) => string;
  key: (period: string, konto: string, objects: string) => string | undefined;
  /**
   * Which part follows the period in the key, for sums read in the key's order (as a primary key
   * is built fastest: see `PeriodBalanceSums.texts`), which `PeriodBalanceSums.rollUp` keeps;
   * none: in the order they came.
   */
  order?: 'konto' | 'objects';
}

/** `rollUp` over any sums keyed as `balanceSumKey`: the key split at its first two tabs. */
function rollUpKeys(from: SumsReader, rule: RollUp): BalanceSums {
  const kontoParts = new Map<string, string>();
  const objectParts = new Map<string, string>();
  const keyOf = (key: string) => {
    const first = key.indexOf('\t');
    const second = key.indexOf('\t', first + 1);
    const konto = key.slice(first + 1, second);
    const objects = key.slice(second + 1);
    let k = kontoParts.get(konto);
    if (k === undefined) kontoParts.set(konto, (k = rule.konto(konto)));
    let o = objectParts.get(objects);
    if (o === undefined) objectParts.set(objects, (o = rule.objects(objects)));
    return rule.key(key.slice(0, first), k, o);
  };
  const to = new BalanceSums();
  to.addFrom(from, keyOf);
  return to;
}

export class BalanceSums implements SumsReader {
  private readonly small = new Map<string, number>();
  private readonly big = new Map<string, bigint>();

  add(key: string, amount: Ore): void {
    const n = Number(amount);
    if (Number.isSafeInteger(n)) this.addSafe(key, n);
    else this.addLarge(key, amount);
  }

  /** Adds every sum of `from` under the key that `keyOf` gives it (none: left out). */
  addFrom(from: SumsReader, keyOf: (key: string) => string | undefined): void {
    from.each(
      (key, n) => {
        const to = keyOf(key);
        if (to !== undefined) this.addSafe(to, n);
      },
      (key, amount) => {
        const to = keyOf(key);
        if (to !== undefined) this.addLarge(to, amount);
      },
    );
  }

  each(safe: (key: string, n: number) => void, big: (key: string, amount: bigint) => void): void {
    for (const [key, n] of this.small) safe(key, n);
    for (const [key, amount] of this.big) big(key, amount);
  }

  /** The sums by a coarser key (keys as `balanceSumKey`). */
  rollUp(rule: RollUp): BalanceSums {
    return rollUpKeys(this, rule);
  }

  /** `n` is a safe integer. */
  addSafe(key: string, n: number): void {
    if (this.big.size > 0 && this.big.has(key)) {
      this.addLarge(key, BigInt(n));
      return;
    }
    const before = this.small.get(key) ?? 0;
    const sum = before + n;
    if (Number.isSafeInteger(sum)) this.small.set(key, sum);
    // Beyond 2^53: this key goes on in bigint, from the exact sum before this amount.
    else this.addLarge(key, BigInt(n));
  }

  private addLarge(key: string, amount: bigint): void {
    const before = this.big.get(key) ?? BigInt(this.small.get(key) ?? 0);
    this.small.delete(key);
    this.big.set(key, before + amount);
  }

  get size(): number {
    return this.small.size + this.big.size;
  }

  *entries(): IterableIterator<[string, Ore]> {
    for (const [key, sum] of this.small) yield [key, BigInt(sum)];
    yield* this.big;
  }

  *texts(): IterableIterator<[string, string]> {
    for (const [key, sum] of this.small) yield [key, String(sum)];
    for (const [key, sum] of this.big) yield [key, sum.toString()];
  }

  large(): ReadonlyMap<string, Ore> {
    return this.big;
  }
}

const PERIOD_BITS = 5; // periods of one fiscal year (at most 18 months, and period 0)
const MAX_PACKED_KONTO = 2 ** (31 - PERIOD_BITS);

/**
 * A year's period balances while the rows of a file pass: the sums of `BalanceSums`, keyed by
 * (period, konto, objects) without a string key per row. Periods, accounts and object
 * combinations are numbered as they first come (a few hundred or thousand of each), and a sum
 * is found by those numbers in an open-addressing table of typed arrays: a million rows into
 * 700 000 sums cost no Map of 700 000 strings (which took seconds to hash, grow and collect).
 * Sums are safe integers as in `BalanceSums`; a key that leaves that range, or whose numbers do
 * not fit the table, goes on in a `BalanceSums` beside it (`rest`). Read in the order the keys
 * first came.
 */
export class PeriodBalanceSums implements SumsReader {
  private readonly periods: number[] = [];
  private readonly periodIds = new Map<number, number>();
  private readonly kontos: string[] = [];
  private readonly kontoIds = new Map<string, number>();
  private readonly combos: string[] = [];
  private readonly comboIds = new Map<string, number>();
  /** Entry number + 1 per slot; 0 is empty. */
  private slots = new Int32Array(1 << 16);
  /** Per entry, in the order they came: objects' number, konto's number × 32 + period's, sum. */
  private combo = new Int32Array(1 << 15);
  private kontoPeriod = new Int32Array(1 << 15);
  /** NaN once the entry's sum went on in `rest`. */
  private sums = new Float64Array(1 << 15);
  private count = 0;
  private moved = 0;
  private readonly rest = new BalanceSums();

  /**
   * Adds an amount to the balance of a period, an account and objects, the account and the
   * objects in COPY text form as in `balanceSumKey` (objects: ansvar, verksamhet, projekt and
   * objekt joined by tabs).
   */
  add(period: number, konto: string, objects: string, amount: Ore): void {
    let p = this.periodIds.get(period);
    if (p === undefined) {
      p = this.periods.push(period) - 1;
      this.periodIds.set(period, p);
    }
    let k = this.kontoIds.get(konto);
    if (k === undefined) {
      k = this.kontos.push(konto) - 1;
      this.kontoIds.set(konto, k);
    }
    let c = this.comboIds.get(objects);
    if (c === undefined) {
      c = this.combos.push(objects) - 1;
      this.comboIds.set(objects, c);
    }
    const n = Number(amount);
    if (p >= 1 << PERIOD_BITS || k >= MAX_PACKED_KONTO) {
      this.rest.add(`${period}\t${konto}\t${objects}`, amount);
      return;
    }
    const kp = (k << PERIOD_BITS) | p;
    const entry = this.find(c, kp);
    const before = this.sums[entry] ?? 0;
    const sum = before + n;
    if (Number.isSafeInteger(n) && Number.isSafeInteger(sum)) {
      this.sums[entry] = sum;
      return;
    }
    // Beyond 2^53 (or already moved: NaN is not a safe integer): the key goes on in bigint.
    const key = `${period}\t${konto}\t${objects}`;
    if (!Number.isNaN(before)) {
      this.rest.addSafe(key, before);
      this.sums[entry] = Number.NaN;
      this.moved += 1;
    }
    this.rest.add(key, amount);
  }

  /** The entry of (objects, konto and period), added with sum 0 when new. */
  private find(c: number, kp: number): number {
    const mask = this.slots.length - 1;
    let slot = this.hash(c, kp) & mask;
    for (;;) {
      const held = this.slots[slot] ?? 0;
      if (held === 0) break;
      if (this.combo[held - 1] === c && this.kontoPeriod[held - 1] === kp) return held - 1;
      slot = (slot + 1) & mask;
    }
    const entry = this.count++;
    if (entry >= this.sums.length) this.growEntries();
    this.combo[entry] = c;
    this.kontoPeriod[entry] = kp;
    this.sums[entry] = 0;
    // At most half full: a rehash places the new entry with the others.
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.slots[slot] = entry + 1;
    return entry;
  }

  private hash(c: number, kp: number): number {
    let h = Math.imul(c, 0x9e3779b1) ^ Math.imul(kp, 0x85ebca77);
    h ^= h >>> 15;
    return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 13);
  }

  private growEntries(): void {
    const length = this.sums.length * 2;
    const combo = new Int32Array(length);
    combo.set(this.combo);
    this.combo = combo;
    const kontoPeriod = new Int32Array(length);
    kontoPeriod.set(this.kontoPeriod);
    this.kontoPeriod = kontoPeriod;
    const sums = new Float64Array(length);
    sums.set(this.sums);
    this.sums = sums;
  }

  /** A table of `size` slots holding every entry so far (the new one included). */
  private rehash(size: number): void {
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hash(this.combo[entry] ?? 0, this.kontoPeriod[entry] ?? 0) & mask;
      while ((slots[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }

  private keyOf(entry: number): string {
    const kp = this.kontoPeriod[entry] ?? 0;
    const period = this.periods[kp & ((1 << PERIOD_BITS) - 1)];
    return `${period}\t${this.kontos[kp >>> PERIOD_BITS]}\t${this.combos[this.combo[entry] ?? 0]}`;
  }

  get size(): number {
    return this.count - this.moved + this.rest.size;
  }

  each(safe: (key: string, n: number) => void, big: (key: string, amount: bigint) => void): void {
    for (let entry = 0; entry < this.count; entry++) {
      const sum = this.sums[entry] ?? 0;
      if (!Number.isNaN(sum)) safe(this.keyOf(entry), sum);
    }
    this.rest.each(safe, big);
  }

  /**
   * The sums by a coarser key: the parts come once per numbered account and objects, so no key of
   * the year's own is built or split (the same sums as `rollUpKeys` over `each`).
   */
  rollUp(rule: RollUp): BalanceSums {
    // The parts numbered, and each entry summed under a number made of its period's, its
    // account part's and its objects part's: strings only for the roll-up's own keys.
    const kontoParts = numbering<string>();
    const kontoPart = this.kontos.map((k) => kontoParts.id(rule.konto(k)));
    const objectParts = numbering<string>();
    const objectPart = this.combos.map((c) => objectParts.id(rule.objects(c)));
    const kontoNames = kontoParts.names;
    const objectNames = objectParts.names;
    const periodCount = 1 << PERIOD_BITS;
    const kontoCount = Math.max(kontoNames.length, 1);
    if (periodCount * kontoCount * Math.max(objectNames.length, 1) > Number.MAX_SAFE_INTEGER)
      return rollUpKeys(this, rule); // parts too many to number in a double
    const small = new Map<number, number>();
    const big = new Map<number, bigint>();
    for (let entry = 0; entry < this.count; entry++) {
      const sum = this.sums[entry] ?? 0;
      if (Number.isNaN(sum)) continue;
      const kp = this.kontoPeriod[entry] ?? 0;
      const k = kontoPart[kp >>> PERIOD_BITS] ?? 0;
      const o = objectPart[this.combo[entry] ?? 0] ?? 0;
      const id = (kp & (periodCount - 1)) + periodCount * (k + kontoCount * o);
      const held = big.size === 0 ? undefined : big.get(id);
      if (held !== undefined) {
        big.set(id, held + BigInt(sum));
        continue;
      }
      const before = small.get(id) ?? 0;
      const after = before + sum;
      if (Number.isSafeInteger(after)) small.set(id, after);
      else {
        // Beyond 2^53: this key goes on in bigint from its exact parts.
        small.delete(id);
        big.set(id, BigInt(before) + BigInt(sum));
      }
    }
    // An id's numbers of period, account part and objects part.
    const partsOf = (id: number) => {
      const p = id % periodCount;
      const rest = (id - p) / periodCount;
      const k = rest % kontoCount;
      return { p, k, o: (rest - k) / kontoCount };
    };
    // The ids in the order of the roll-up's key (period, then its parts as the rule orders them).
    const ordered = (ids: Iterable<number>): number[] => {
      const list = [...ids];
      const parts = list.map(partsOf);
      const byParts = [
        byName(kontoNames, compareCodeUnits, (n) => parts[n]?.k ?? 0),
        byName(objectNames, compareCodeUnits, (n) => parts[n]?.o ?? 0),
      ];
      const order = orderByNames(list.length, [
        byName(this.periods, byNumber, (n) => parts[n]?.p ?? 0),
        ...(rule.order === 'objects' ? byParts.reverse() : byParts),
      ]);
      return Array.from(order, (n) => list[n] ?? 0);
    };
    const to = new BalanceSums();
    const keyOf = (id: number) => {
      const { p, k, o } = partsOf(id);
      return rule.key(String(this.periods[p] ?? ''), kontoNames[k] ?? '', objectNames[o] ?? '');
    };
    for (const id of rule.order === undefined ? small.keys() : ordered(small.keys())) {
      const key = keyOf(id);
      if (key !== undefined) to.addSafe(key, small.get(id) ?? 0);
    }
    for (const [id, sum] of big) {
      const key = keyOf(id);
      if (key !== undefined) to.add(key, sum);
    }
    to.addFrom(rollUpKeys(this.rest, rule), (key) => key);
    return to;
  }

  *entries(): IterableIterator<[string, Ore]> {
    for (let entry = 0; entry < this.count; entry++) {
      const sum = this.sums[entry] ?? 0;
      if (!Number.isNaN(sum)) yield [this.keyOf(entry), BigInt(sum)];
    }
    yield* this.rest.entries();
  }

  /**
   * In the order of `ledger_balance`'s primary key (period, then konto and objects as text), so
   * that the key is built over rows already in order: PostgreSQL's sort then only checks them
   * (on PGlite, 720 000 balances took 1.3 s instead of 2.9 s). The few keys kept in `rest` come
   * last, unordered.
   */
  *texts(): IterableIterator<[string, string]> {
    for (const entry of this.keyOrder()) {
      const sum = this.sums[entry] ?? 0;
      if (!Number.isNaN(sum)) yield [this.keyOf(entry), String(sum)];
    }
    yield* this.rest.texts();
  }

  /** The entry numbers ordered by period, konto and objects. */
  private keyOrder(): Int32Array {
    const mask = (1 << PERIOD_BITS) - 1;
    const kp = this.kontoPeriod;
    return orderByNames(this.count, [
      byName(this.periods, byNumber, (e) => (kp[e] ?? 0) & mask),
      byName(this.kontos, compareCodeUnits, (e) => (kp[e] ?? 0) >>> PERIOD_BITS),
      byName(this.combos, compareCodeUnits, (e) => this.combo[e] ?? 0),
    ]);
  }

  large(): ReadonlyMap<string, Ore> {
    return this.rest.large();
  }
}

/**
 * Strings by UTF-16 code units: the order of PostgreSQL's C collation (UTF-8 bytes) for every
 * character outside the surrogate pairs.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const byNumber = (a: number, b: number) => a - b;

/** A key of `orderByNames`: each name's place in the sorted names, and a number's name. */
interface NamedKey {
  rank: Int32Array;
  idOf: (n: number) => number;
}

/** The key by the names `idOf` gives (their numbers in `names`), sorted by `compare`. */
function byName<T>(
  names: readonly T[],
  compare: (a: T, b: T) => number,
  idOf: (n: number) => number,
): NamedKey {
  const sorted = names.map((_, i) => i).sort((a, b) => compare(names[a] as T, names[b] as T));
  const rank = new Int32Array(names.length);
  sorted.forEach((name, place) => (rank[name] = place));
  return { rank, idOf };
}

/** `orderBy` with keys that are numbered names, each ordered by its names (`byName`). */
function orderByNames(count: number, keys: readonly NamedKey[]): Int32Array {
  return orderBy(
    count,
    keys.map(({ rank, idOf }) => {
      const of = new Int32Array(count);
      for (let n = 0; n < count; n++) of[n] = rank[idOf(n)] ?? 0;
      return { of, size: rank.length };
    }),
  );
}

/**
 * The numbers 0…count − 1 ordered by keys, the most significant first: for each key, `of[n]` is
 * n's key, in 0…size − 1. Stable counting sorts from the last key to the first: linear, without
 * a comparison.
 */
export function orderBy(
  count: number,
  keys: readonly { of: Int32Array; size: number }[],
): Int32Array {
  let order: Int32Array = new Int32Array(count);
  for (let n = 0; n < count; n++) order[n] = n;
  for (let k = keys.length - 1; k >= 0; k--) {
    const key = keys[k];
    if (key === undefined || key.size <= 1) continue;
    // starts[v]: where the next number of key value v goes (first counted, shifted by one).
    const starts = new Int32Array(key.size + 1);
    for (let n = 0; n < count; n++) {
      const v = (key.of[n] ?? 0) + 1;
      starts[v] = (starts[v] ?? 0) + 1;
    }
    for (let v = 1; v <= key.size; v++) starts[v] = (starts[v] ?? 0) + (starts[v - 1] ?? 0);
    const sorted = new Int32Array(count);
    for (const n of order) {
      const v = key.of[n] ?? 0;
      const at = starts[v] ?? 0;
      sorted[at] = n;
      starts[v] = at + 1;
    }
    order = sorted;
  }
  return order;
}

/**
 * The key of a period balance in a year's `BalanceSums`: the period, then konto, ansvar,
 * verksamhet, projekt and objekt each in COPY text form (`copyValue`), joined by tabs — so
 * that a key is already the middle of its `ledger_balance` COPY line.
 */
export function balanceSumKey(period: number, konto: string, c: ObjectColumns): string {
  const v = copyValue;
  return `${period}\t${v(konto)}\t${v(c.ansvar)}\t${v(c.verksamhet)}\t${v(c.projekt)}\t${v(c.objekt)}`;
}

/** A value of COPY text form back (the inverse of `copyValue` for a non-null value). */
function fromCopyValue(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\([\\tnr])/g, (_, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : '\\',
  );
}

/** The fields of a `balanceSumKey`. */
export function splitBalanceSumKey(key: string): { period: number; konto: string } & ObjectColumns {
  const [period = '', konto = '', ansvar = '', verksamhet = '', projekt = '', objekt = ''] =
    key.split('\t');
  return {
    period: Number(period),
    konto: fromCopyValue(konto),
    ansvar: fromCopyValue(ansvar),
    verksamhet: fromCopyValue(verksamhet),
    projekt: fromCopyValue(projekt),
    objekt: fromCopyValue(objekt),
  };
}

const BALANCE_COPY_COLUMNS = [
  'fiscal_year_id', 'period', 'konto', 'ansvar', 'verksamhet', 'projekt', 'objekt', 'amount_ore',
] as const; // prettier-ignore

// COPY in pieces: the text of a million balances at once would double the import's peak memory.
const COPY_CHUNK = 50_000;

/**
 * Loads a year's balances and their roll-ups with COPY, straight from the sums kept while
 * parsing; the year must hold none of these keys yet (its balances were emptied, or it is new).
 */
export async function copyBalanceSums(
  tx: DbTransaction,
  fiscalYearId: number,
  sums: SumsReader,
): Promise<void> {
  const indexes = await suspendIndexes(
    tx,
    ['ledger_balance', ...ROLLUPS.map((r) => r.table), YEAR_ROLLUP, ANSVAR_ROLLUP],
    { fiscalYearId, expectedRows: sums.size },
  );
  const copy = chunkedCopy(tx, 'ledger_balance', BALANCE_COPY_COLUMNS);
  // A key is already the line's middle (balanceSumKey).
  for (const [key, amount] of sums.texts())
    if (copy.add(`${fiscalYearId}\t${key}\t${amount}`)) await copy.send();
  await copy.send();
  // One roll-up at a time: on a uniform ledger each can be as large as the sums themselves.
  for (const { table, column } of ROLLUPS) {
    const rollup = sums.rollUp({
      konto: (konto) => konto,
      objects: (objects) => objectOf(objects, column),
      key: (period, konto, code) => `${period}\t${konto}\t${code}`,
      order: 'konto',
    });
    // The year's roll-up (by verksamhet) from this one, much smaller: periods after 0, no period.
    const year = new BalanceSums();
    year.addFrom(rollup, (key) => {
      const tab = key.indexOf('\t');
      return key.slice(0, tab) === '0' ? undefined : key.slice(tab + 1);
    });
    const yearCopy = chunkedCopy(tx, YEAR_ROLLUP, [
      'fiscal_year_id',
      'konto',
      column,
      'amount_ore',
    ]);
    for (const [key, amount] of year.texts())
      if (yearCopy.add(`${fiscalYearId}\t${key}\t${amount}`)) await yearCopy.send();
    await yearCopy.send();
    const rollupCopy = chunkedCopy(tx, table, [
      'fiscal_year_id',
      'period',
      'konto',
      column,
      'amount_ore',
    ]);
    for (const [key, amount] of rollup.texts())
      if (rollupCopy.add(`${fiscalYearId}\t${key}\t${amount}`)) await rollupCopy.send();
    await rollupCopy.send();
  }
  // By ansvar and kontogrupp (a key's fields: period, konto, ansvar, …).
  const byAnsvar = sums.rollUp({
    konto: (konto) => copyValue(kontogrupp(fromCopyValue(konto))),
    objects: (objects) => objectOf(objects, 'ansvar'),
    key: (period, grupp, ansvar) => `${period}\t${ansvar}\t${grupp}`,
    order: 'objects',
  });
  const ansvarCopy = chunkedCopy(tx, ANSVAR_ROLLUP, [
    'fiscal_year_id',
    'period',
    'ansvar',
    'kontogrupp',
    'amount_ore',
  ]);
  for (const [key, amount] of byAnsvar.texts())
    if (ansvarCopy.add(`${fiscalYearId}\t${key}\t${amount}`)) await ansvarCopy.send();
  await ansvarCopy.send();
  await indexes.restore();
}

/**
 * COPY lines sent in pieces of COPY_CHUNK: `add` each line, and `send` when it says the piece
 * is full and once at the end. (`add` does not await: an await per line of a million costs
 * seconds of microtasks and garbage.)
 */
function chunkedCopy(tx: DbTransaction, table: string, columns: readonly string[]) {
  let lines: string[] = [];
  const send = async () => {
    if (lines.length === 0) return;
    const text = lines.join('\n') + '\n';
    lines = [];
    await tx.copyInto(table, columns, text);
  };
  /** Adds a line; true when the piece is full and should be sent. */
  const add = (line: string): boolean => {
    lines.push(line);
    return lines.length >= COPY_CHUNK;
  };
  return { add, send };
}

/** A key column of a roll-up, and how a balance row gives its value. */
interface RollupColumn extends BulkColumn {
  of: (row: BalanceRow) => string | number;
}

const PERIOD: RollupColumn = { name: 'period', type: 'integer', of: (r) => r.period };
const KONTO: RollupColumn = { name: 'konto', type: 'text', of: (r) => r.konto };

/**
 * Adds balance rows to a year's roll-up keyed by `key` (after fiscal_year_id): summed per key
 * first, one upsert row per key; `include` leaves rows out.
 */
async function addToRollup(
  db: Db,
  fiscalYearId: number,
  table: string,
  key: readonly RollupColumn[],
  rows: readonly BalanceRow[],
  include: (row: BalanceRow) => boolean = () => true,
): Promise<void> {
  const sums = new Map<string, { values: (string | number)[]; amount: Ore }>();
  for (const row of rows) {
    if (!include(row)) continue;
    const values = key.map((column) => column.of(row));
    const id = values.join('\u0001');
    const sum = sums.get(id);
    if (sum) sum.amount += row.amount;
    else sums.set(id, { values, amount: row.amount });
  }
  const list = [...sums.values()];
  await insertColumns(
    db,
    table,
    [
      { name: 'fiscal_year_id', type: 'integer' },
      ...key.map(({ name, type }) => ({ name, type })),
      { name: 'amount_ore', type: 'bigint' },
    ],
    [
      list.map(() => fiscalYearId),
      ...key.map((_, i) => list.map((r) => r.values[i] ?? '')),
      list.map((r) => r.amount),
    ],
    `on conflict (fiscal_year_id, ${key.map((c) => c.name).join(', ')})
     do update set amount_ore = ${table}.amount_ore + excluded.amount_ore`,
  );
}

/** Adds rows to every roll-up of the year (periods after 0 only to the year's own). */
async function addRollups(
  db: Db,
  fiscalYearId: number,
  rows: readonly BalanceRow[],
): Promise<void> {
  for (const { table, column } of ROLLUPS) {
    const code: RollupColumn = { name: column, type: 'text', of: (r) => r[column] };
    await addToRollup(db, fiscalYearId, table, [PERIOD, KONTO, code], rows);
    await addToRollup(db, fiscalYearId, YEAR_ROLLUP, [KONTO, code], rows, (r) => r.period !== 0);
  }
  await addToRollup(
    db,
    fiscalYearId,
    ANSVAR_ROLLUP,
    [
      PERIOD,
      { name: 'ansvar', type: 'text', of: (r) => r.ansvar },
      { name: 'kontogrupp', type: 'text', of: (r) => kontogrupp(r.konto) },
    ],
    rows,
  );
}

export async function addLedgerBalances(
  db: Db,
  fiscalYearId: number,
  rows: readonly BalanceRow[],
): Promise<void> {
  await insertColumns(
    db,
    'ledger_balance',
    [{ name: 'fiscal_year_id', type: 'integer' }, ...BALANCE_COLUMNS],
    [rows.map(() => fiscalYearId), ...balanceArrays(rows)],
    `on conflict (fiscal_year_id, period, konto, ansvar, verksamhet, projekt, objekt)
     do update set amount_ore = ledger_balance.amount_ore + excluded.amount_ore`,
  );
  await addRollups(db, fiscalYearId, rows);
}

/** Creates a budget version of the year, or empties the one of that name; returns its id. The year's first version becomes current. */
export async function resetBudgetVersion(
  db: Db,
  fiscalYearId: number,
  name: string,
  source: string,
  importId: number | null,
): Promise<number> {
  const existing = await db
    .selectFrom('budget_version')
    .select('id')
    .where('fiscal_year_id', '=', fiscalYearId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (existing) {
    await db.deleteFrom('budget_balance').where('budget_version_id', '=', existing.id).execute();
    await db
      .updateTable('budget_version')
      .set({ source, import_id: importId })
      .where('id', '=', existing.id)
      .execute();
    return existing.id;
  }
  const current = await db
    .selectFrom('budget_version')
    .select('id')
    .where('fiscal_year_id', '=', fiscalYearId)
    .where('is_current', '=', true)
    .executeTakeFirst();
  const row = await db
    .insertInto('budget_version')
    .values({
      fiscal_year_id: fiscalYearId,
      name,
      is_current: current === undefined,
      source,
      import_id: importId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addBudgetBalances(
  db: Db,
  versionId: number,
  rows: readonly BalanceRow[],
): Promise<void> {
  await insertColumns(
    db,
    'budget_balance',
    [{ name: 'budget_version_id', type: 'integer' }, ...BALANCE_COLUMNS],
    [rows.map(() => versionId), ...balanceArrays(rows)],
    `on conflict (budget_version_id, period, konto, ansvar, verksamhet, projekt, objekt)
     do update set amount_ore = budget_balance.amount_ore + excluded.amount_ore`,
  );
  if (rows.length >= ANALYZE_AFTER_ROWS) await analyzeTables(db, ['budget_balance']);
}

/** A load of at least this many rows has the planner's statistics of its tables renewed. */
export const ANALYZE_AFTER_ROWS = 10_000;

/**
 * Renews the planner's statistics of tables after a large load, in the load's transaction.
 * PGlite runs no autovacuum, so without this its planner would never learn how large the
 * tables have grown, and PostgreSQL's would learn only some time after the commit: with the
 * estimates of an empty table, the forecasts' month sums over 720 000 period balances were
 * grouped by an external sort in 990 ms, and by a hash in 460 ms once analysed (PGlite).
 */
export async function analyzeTables(db: Db, tables: readonly string[]): Promise<void> {
  // A sample of 6 000 rows a table instead of 30 000: enough to see how large the tables and
  // their groups are, in a fifth of the time.
  await sql`set local default_statistics_target = 20`.execute(db);
  for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(db);
  await sql`reset default_statistics_target`.execute(db);
}

/**
 * The tables of outcome the reports and forecasts group (for `analyzeTables` after an import).
 * Not the voucher rows: the drill-down finds them by equality on its index whatever the
 * statistics say, and sampling ten million rows would cost the import seconds.
 */
export const OUTCOME_TABLES = [
  'ledger_balance',
  ...ROLLUPS.map((r) => r.table),
  YEAR_ROLLUP,
  ANSVAR_ROLLUP,
] as const;

export async function replaceBudget(
  db: Db,
  fiscalYearId: number,
  name: string,
  importId: number,
  rows: readonly BalanceRow[],
): Promise<number> {
  const versionId = await resetBudgetVersion(db, fiscalYearId, name, 'sie', importId);
  await addBudgetBalances(db, versionId, rows);
  return versionId;
}

export async function upsertAccounts(
  db: Db,
  accounts: readonly { konto: string; name: string; type: string | null; unit: string | null }[],
): Promise<void> {
  if (accounts.length === 0) return;
  await insertColumns(
    db,
    'account',
    [
      { name: 'konto', type: 'text' },
      { name: 'name', type: 'text' },
      { name: 'type', type: 'text' },
      { name: 'unit', type: 'text' },
    ],
    [
      accounts.map((a) => a.konto),
      accounts.map((a) => a.name),
      accounts.map((a) => a.type),
      accounts.map((a) => a.unit),
    ],
    // A name from the file wins; an account only used (name '') keeps the name it has.
    `on conflict (konto) do update set
       name = case when excluded.name <> '' then excluded.name else account.name end,
       type = coalesce(excluded.type, account.type),
       unit = coalesce(excluded.unit, account.unit)`,
  );
}

export async function addAccountSru(
  db: Db,
  pairs: readonly { konto: string; sru: string }[],
): Promise<void> {
  await insertColumns(
    db,
    'account_sru',
    [
      { name: 'konto', type: 'text' },
      { name: 'sru', type: 'text' },
    ],
    [pairs.map((p) => p.konto), pairs.map((p) => p.sru)],
    'on conflict do nothing',
  );
}

export async function storedRoles(db: Db): Promise<Map<DimensionRole, number>> {
  const rows = await db
    .selectFrom('dimension')
    .select(['number', 'role'])
    .where('role', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.role as DimensionRole, r.number]));
}

export async function upsertDimensions(
  db: Db,
  dims: readonly {
    number: number;
    name: string;
    parent: number | null;
    role: DimensionRole | null;
  }[],
): Promise<void> {
  if (dims.length === 0) return;
  // A role moves to the dimension that now plays it; with no roles there is nothing to move.
  const roles = dims.flatMap((d) => (d.role ? [d.role] : []));
  if (roles.length > 0)
    await db.updateTable('dimension').set({ role: null }).where('role', 'in', roles).execute();
  for (const dim of dims) {
    await db
      .insertInto('dimension')
      .values({ number: dim.number, name: dim.name, parent_number: dim.parent, role: dim.role })
      .onConflict((oc) =>
        oc.column('number').doUpdateSet({
          name: sql`case when excluded.name <> '' then excluded.name else dimension.name end`,
          parent_number: sql`coalesce(excluded.parent_number, dimension.parent_number)`,
          role: sql`excluded.role`,
        }),
      )
      .execute();
  }
}

export async function upsertObjects(
  db: Db,
  objects: readonly { dimension: number; code: string; name: string }[],
): Promise<void> {
  if (objects.length === 0) return;
  await insertColumns(
    db,
    'dimension_object',
    [
      { name: 'dimension_number', type: 'integer' },
      { name: 'code', type: 'text' },
      { name: 'name', type: 'text' },
    ],
    [objects.map((o) => o.dimension), objects.map((o) => o.code), objects.map((o) => o.name)],
    `on conflict (dimension_number, code) do update set
       name = case when excluded.name <> '' then excluded.name else dimension_object.name end`,
  );
}

export interface LedgerCounts {
  accounts: number;
  vouchers: number;
  rows: number;
}

export type BalanceGroup = 'konto' | 'ansvar' | 'verksamhet' | 'projekt' | 'period';

export interface BalanceQuery {
  fiscalYearId: number;
  by: readonly BalanceGroup[];
  /** Budget version to read; outcome when undefined. */
  budgetVersionId?: number;
  /** Only these ansvar; all when undefined. */
  ansvar?: readonly string[];
}

/**
 * The smallest table of a year's outcome that holds these columns: the roll-up when the columns
 * are among period, konto and verksamhet, else `ledger_balance`.
 */
export function outcomeTable(columns: readonly string[]): string {
  for (const { table, column } of ROLLUPS)
    if (columns.every((c) => c === 'period' || c === 'konto' || c === column)) return table;
  return 'ledger_balance';
}

/** Net amount per group for a year (periods 1–12: opening balances are not part of the year). */
export async function sumBalances(
  db: Db,
  query: BalanceQuery,
): Promise<{ keys: string[]; amount: Ore }[]> {
  const by = query.by.map((g) => sql.ref(g));
  const outcome = outcomeTable(query.ansvar === undefined ? query.by : [...query.by, 'ansvar']);
  // The whole year by konto and/or verksamhet, for everyone (no ansvar to keep): its roll-up,
  // which holds only the periods after 0.
  const wholeYear =
    query.budgetVersionId === undefined &&
    query.ansvar === undefined &&
    query.by.every((g) => g === 'konto' || g === 'verksamhet');
  const source =
    query.budgetVersionId !== undefined
      ? sql`budget_balance where budget_version_id = ${query.budgetVersionId} and period > 0`
      : wholeYear
        ? sql`${sql.table(YEAR_ROLLUP)} where fiscal_year_id = ${query.fiscalYearId}`
        : sql`${sql.table(outcome)} where fiscal_year_id = ${query.fiscalYearId} and period > 0`;
  // The lines come as one JSON array of [keys…, amount as text]: tens of thousands of result rows
  // took PGlite several times as long to hand over as the query took (amounts stay exact text).
  const result = await sql<{ lines: unknown[][] }>`
    select coalesce(
      json_agg(json_build_array(${sql.join(by)}, amount::text) order by ${sql.join(by)}),
      '[]'::json) as lines
    from (
      select ${sql.join(by)}, sum(amount_ore) as amount
      from ${source} ${query.ansvar === undefined ? sql`` : sql`and ansvar = any(${[...query.ansvar]}::text[])`}
      group by ${sql.join(by)}
      having sum(amount_ore) <> 0
    ) as sums`.execute(db);
  const width = query.by.length;
  return (result.rows[0]?.lines ?? []).map((line) => ({
    keys: line.slice(0, width).map((key) => String(key)),
    amount: BigInt(String(line[width])),
  }));
}

/** A budget version of a fiscal year by name, or the year's current one when no name is given. */
export async function findBudgetVersion(db: Db, fiscalYearId: number, name?: string) {
  const query = db
    .selectFrom('budget_version')
    .select(['id', 'name'])
    .where('fiscal_year_id', '=', fiscalYearId);
  return (
    name === undefined ? query.where('is_current', '=', true) : query.where('name', '=', name)
  ).executeTakeFirst();
}

/** Indexes of bulk tables dropped for a load, and how to build them again. */
export interface SuspendedIndexes {
  /** Whether any index was dropped (the load is large beside what the tables keep). */
  readonly suspended: boolean;
  /** Builds every dropped index and constraint again (before the commit). */
  restore(): Promise<void>;
}

const NOTHING_SUSPENDED: SuspendedIndexes = { suspended: false, restore: () => Promise.resolve() };

/**
 * Drops the indexes of bulk tables (primary keys included) for a load that is large beside what
 * the tables keep of other years, and builds them afresh after it: a million rows inserted one
 * by one keep a B-tree in order row by row, each on a random page for the drill-down index and
 * the balances' key, while building it after the load sorts once. On PGlite, 1 M voucher rows
 * loaded in 8.0 s with their indexes and in 1.9 + 3.4 s without them and then rebuilt; 720 000
 * balances in 4.2 s against 0.8 + 1.5 s. Only inside the load's transaction: a rollback brings
 * the indexes back. On PostgreSQL the transaction then holds the tables' exclusive lock until it
 * commits, so a reader of them waits (up to `lock_timeout`, then is told an import is running:
 * src/db/database.ts `busyError`); on PGlite one connection serves everyone, so nothing changes.
 * `expectedRows` is how many rows the load will add to `tables[0]`; nothing is dropped when
 * other fiscal years hold more rows than that there.
 */
export async function suspendIndexes(
  tx: DbTransaction,
  tables: readonly [string, ...string[]],
  load: { fiscalYearId: number; expectedRows: number | undefined },
): Promise<SuspendedIndexes> {
  const { fiscalYearId, expectedRows } = load;
  if (expectedRows === undefined) return NOTHING_SUSPENDED;
  const limit = Math.ceil(expectedRows) + 1;
  if ((await otherYearsRows(tx.db, tables[0], fiscalYearId, limit)) > expectedRows)
    return NOTHING_SUSPENDED;
  // The load waits for readers that started before it, however long.
  if (tx.engine === 'postgres') await sql`set local lock_timeout = 0`.execute(tx.db);
  // Constraints first (a primary key owns its index), then the other indexes, as their own SQL.
  const found = await sql<{
    table_name: string;
    constraint_name: string | null;
    index_name: string;
    definition: string;
  }>`
    select t.relname as table_name, con.conname as constraint_name, i.relname as index_name,
           case when con.oid is null then pg_get_indexdef(i.oid)
                else pg_get_constraintdef(con.oid) end as definition
      from pg_index x
      join pg_class t on t.oid = x.indrelid
      join pg_class i on i.oid = x.indexrelid
      join pg_namespace n on n.oid = t.relnamespace
      left join pg_constraint con on con.conindid = i.oid and con.conrelid = t.oid
     where n.nspname = current_schema() and t.relname in (${sql.join(tables)})
     order by t.relname, i.relname`.execute(tx.db);
  for (const index of found.rows) {
    if (index.constraint_name !== null)
      await sql`alter table ${sql.table(index.table_name)} drop constraint ${sql.ref(index.constraint_name)}`.execute(
        tx.db,
      );
    else await sql`drop index ${sql.ref(index.index_name)}`.execute(tx.db);
  }
  return {
    suspended: true,
    async restore() {
      await sql`set local maintenance_work_mem = '64MB'`.execute(tx.db);
      for (const index of found.rows) {
        if (index.constraint_name !== null)
          await sql`alter table ${sql.table(index.table_name)} add constraint ${sql.ref(index.constraint_name)} ${sql.raw(index.definition)}`.execute(
            tx.db,
          );
        else await sql.raw(index.definition).execute(tx.db);
      }
      await sql`reset maintenance_work_mem`.execute(tx.db);
    },
  };
}

/** Removes what one import wrote (used when the same transaction file comes twice). */
export async function deleteImportRows(db: Db, importId: number): Promise<void> {
  await db.deleteFrom('voucher_row').where('import_id', '=', importId).execute();
  await db.deleteFrom('voucher').where('import_id', '=', importId).execute();
}

/** Per fiscal year: the last period with outcome, and whether a current budget exists. */
export async function yearFacts(
  db: Db,
): Promise<Map<number, { lastPeriod: number | null; hasBudget: boolean }>> {
  const last = await db
    .selectFrom('ledger_balance')
    .select(['fiscal_year_id', (eb) => eb.fn.max('period').as('last')])
    .where('period', '>', 0)
    .groupBy('fiscal_year_id')
    .execute();
  const budgets = await db
    .selectFrom('budget_version')
    .select('fiscal_year_id')
    .where('is_current', '=', true)
    .execute();
  const facts = new Map<number, { lastPeriod: number | null; hasBudget: boolean }>();
  for (const row of last) facts.set(row.fiscal_year_id, { lastPeriod: row.last, hasBudget: false });
  for (const row of budgets) {
    const fact = facts.get(row.fiscal_year_id) ?? { lastPeriod: null, hasBudget: false };
    facts.set(row.fiscal_year_id, { ...fact, hasBudget: true });
  }
  return facts;
}
