/**
 * One import, in a process of its own so that its peak memory is the import's: run by
 * bench/import-bench.ts, not by hand.
 *
 *   node bench/import-worker.ts --create-only (--data-dir DIR | --database-url URL)
 *   node bench/import-worker.ts --file F --rows N (--data-dir DIR | --database-url URL)
 *
 * The first creates the database (PGlite: initdb in the folder) and runs the migrations, so that
 * the second measures the import alone, as `balans import sie` on an existing database: it opens
 * the database, imports the file in one transaction, then times
 * `ledgerBalances(db, { year: 2024, by: ['verksamhet', 'konto'] })` (one warm-up, five runs).
 * Progress goes to stderr; the result is one line `RESULT {json}` (or `CREATED {json}`) on stdout.
 */
import { createReadStream, statSync } from 'node:fs';
import { sql } from 'kysely';
import { openDatabase, type BalansDb, type OpenOptions } from '../src/db/database.ts';
import { ledgerBalances } from '../src/ledger/ledger.service.ts';
import { importSie } from '../src/ledger/sie-import.service.ts';

export interface MemorySample {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface TimelinePoint {
  rows: number;
  seconds: number;
  rssMb: number;
}

export interface CreateResult {
  seconds: number;
  /** process.resourceUsage().maxRSS of the creating process, in bytes. */
  maxRss: number;
}

export interface WorkerResult {
  engine: 'pglite' | 'postgres';
  /** Opening the (created and migrated) database. */
  openSeconds: number;
  /** RSS right after opening, and process.resourceUsage().maxRSS by then, in bytes. */
  afterOpen: { rss: number; maxRss: number };
  /** The import transaction, from the first byte read to the commit. */
  importSeconds: number;
  /**
   * CPU time of this process (user + system) over the import: on a machine shared with other
   * work, a figure that waiting for a core does not inflate (PostgreSQL's own work not included).
   */
  importCpuSeconds?: number;
  /** Until the last progress report (every 5 000 rows parsed; see importSie's onProgress). */
  rowsSeconds: number;
  /** From the last progress report until importSie returned (last flush, balances, checks). */
  finishSeconds: number;
  /** From importSie's return until the commit was done. */
  commitSeconds: number;
  rows: number;
  vouchers: number;
  warnings: number;
  /** process.resourceUsage().maxRSS right after the commit, in bytes. */
  maxRssAfterImport: number;
  /** The largest of the samples taken every 100 ms during the import (the event loop may be busy). */
  peakSample: MemorySample;
  timeline: TimelinePoint[];
  balances: {
    runsMs: number[];
    medianMs: number;
    warmUpMs: number;
    lines: number;
    /** The sum of the lines' absolute amounts, in öre, as text (compared with DuckDB's). */
    absTotal?: string;
  };
  counts: { voucherRows: number; ledgerBalances: number; rollupVerksamhet?: number };
  /** pg_database_size, for PostgreSQL (PGlite's folder is measured by the caller). */
  databaseBytes?: number;
  /** process.resourceUsage().maxRSS at the end, in bytes (includes the balances queries). */
  maxRssAtEnd: number;
}

function argument(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

type ImportTarget = Parameters<typeof importSie>[0];

/**
 * Runs the import in one transaction as the CLI does: through the handle's own `transaction`
 * where the database layer has one (the COPY-capable API), else through Kysely's.
 */
function inTransaction<T>(handle: BalansDb, work: (trx: ImportTarget) => Promise<T>): Promise<T> {
  const own = handle as unknown as {
    transaction?: (work: (trx: ImportTarget) => Promise<T>) => Promise<T>;
  };
  if (typeof own.transaction === 'function') return own.transaction(work);
  return handle.db.transaction().execute((trx) => work(trx as unknown as ImportTarget));
}

const seconds = (from: number, to = performance.now()) => (to - from) / 1000;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = argument(args, '--file');
  const expectedRows = Number(argument(args, '--rows') ?? '0');
  const dataDir = argument(args, '--data-dir');
  const databaseUrl = argument(args, '--database-url');
  const createOnly = args.includes('--create-only');
  if ((!file && !createOnly) || (!dataDir && !databaseUrl)) {
    throw new Error(
      'usage: node bench/import-worker.ts (--create-only | --file F --rows N) (--data-dir D | --database-url U)',
    );
  }
  const options: OpenOptions = databaseUrl
    ? { engine: 'postgres', databaseUrl }
    : { engine: 'pglite', dataDir: dataDir ?? '' };
  if (createOnly || !file) {
    const started = performance.now();
    const created = await openDatabase(options);
    await created.close();
    const result: CreateResult = {
      seconds: seconds(started),
      maxRss: process.resourceUsage().maxRSS * 1024,
    };
    process.stdout.write(`CREATED ${JSON.stringify(result)}\n`);
    return;
  }
  const log = (text: string) => process.stderr.write(`  [${options.engine}] ${text}\n`);

  let peak: MemorySample = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peak.rss)
      peak = {
        rss: m.rss,
        heapUsed: m.heapUsed,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
      };
  };
  const sampler = setInterval(sample, 100);

  const opened = performance.now();
  const handle = await openDatabase(options);
  const openSeconds = seconds(opened);
  const afterOpen = {
    rss: process.memoryUsage.rss(),
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
  log(
    `opened in ${openSeconds.toFixed(2)} s, rss ${mb(afterOpen.rss)} MB (max so far ${mb(afterOpen.maxRss)} MB)`,
  );

  const size = statSync(file).size;
  const timeline: TimelinePoint[] = [];
  const step = Math.max(20_000, Math.round(expectedRows / 10));
  let nextPoint = step;
  let lastProgress = 0;
  let returned = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const summary = await inTransaction(handle, async (trx) => {
    const result = await importSie(
      trx,
      { fileName: file, bytes: createReadStream(file), size },
      {
        onProgress: ({ rows }) => {
          lastProgress = performance.now();
          sample();
          if (rows >= nextPoint) {
            nextPoint += step;
            const point = { rows, seconds: seconds(started), rssMb: mb(process.memoryUsage.rss()) };
            timeline.push(point);
            log(`${rows} rows at ${point.seconds.toFixed(1)} s, rss ${point.rssMb} MB`);
          }
        },
      },
    );
    returned = performance.now();
    return result;
  });
  const committed = performance.now();
  const cpu = process.cpuUsage(cpuStarted);
  sample();
  const maxRssAfterImport = process.resourceUsage().maxRSS * 1024;
  if (lastProgress === 0) lastProgress = started;
  log(
    `imported ${summary.rows} rows in ${seconds(started, committed).toFixed(2)} s ` +
      `(rows ${seconds(started, lastProgress).toFixed(2)} s, finish ${seconds(lastProgress, returned).toFixed(2)} s, ` +
      `commit ${seconds(returned, committed).toFixed(2)} s), max rss ${mb(maxRssAfterImport)} MB`,
  );

  const counts = {
    voucherRows: Number(
      (await sql<{ n: bigint }>`select count(*) as n from voucher_row`.execute(handle.db)).rows[0]
        ?.n ?? 0,
    ),
    ledgerBalances: Number(
      (await sql<{ n: bigint }>`select count(*) as n from ledger_balance`.execute(handle.db))
        .rows[0]?.n ?? 0,
    ),
    rollupVerksamhet: Number(
      (
        await sql<{
          n: bigint;
        }>`select count(*) as n from ledger_balance_verksamhet`.execute(handle.db)
      ).rows[0]?.n ?? 0,
    ),
  };

  const query = () => ledgerBalances(handle.db, { year: 2024, by: ['verksamhet', 'konto'] });
  let t = performance.now();
  const first = await query();
  const warmUpMs = performance.now() - t;
  const runsMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    await query();
    runsMs.push(performance.now() - t);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  let absTotal = 0n;
  for (const line of first) absTotal += line.amount < 0n ? -line.amount : line.amount;
  const balances = {
    runsMs,
    medianMs: sorted[2] ?? 0,
    warmUpMs,
    lines: first.length,
    absTotal: absTotal.toString(),
  };
  log(
    `balances by verksamhet,konto: ${first.length} lines, median ${balances.medianMs.toFixed(1)} ms`,
  );

  let databaseBytes: number | undefined;
  if (options.engine === 'postgres') {
    const row = (
      await sql<{
        n: bigint;
      }>`select pg_database_size(current_database()) as n`.execute(handle.db)
    ).rows[0];
    databaseBytes = Number(row?.n ?? 0);
  }
  await handle.close();
  clearInterval(sampler);

  const result: WorkerResult = {
    engine: options.engine,
    openSeconds,
    afterOpen,
    importSeconds: seconds(started, committed),
    importCpuSeconds: (cpu.user + cpu.system) / 1e6,
    rowsSeconds: seconds(started, lastProgress),
    finishSeconds: seconds(lastProgress, returned),
    commitSeconds: seconds(returned, committed),
    rows: summary.rows,
    vouchers: summary.vouchers,
    warnings: summary.warnings.length + summary.warningsNotListed,
    maxRssAfterImport,
    peakSample: peak,
    timeline,
    balances,
    counts,
    ...(databaseBytes === undefined ? {} : { databaseBytes }),
    maxRssAtEnd: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

if (import.meta.main) await main();
