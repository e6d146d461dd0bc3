/**
 * SIE 4 import benchmark: parse rate against a floor, import time, peak memory and the
 * `ledger balances --by verksamhet,konto` query, on PGlite and on PostgreSQL.
 *
 *   node bench/import-bench.ts [--rows 1000000,10000000] [--engines pglite,postgres]
 *                              [--shape clustered|uniform|clustered,uniform] [--wait-max SECONDS]
 *                              [--repeat N]
 *   node bench/import-bench.ts --report     (only rewrite docs/benchmarks.md from results.json)
 *
 * --shape chooses the generated ledger (see bench/generate-sie.ts): `clustered` (the default,
 * about 170 000 distinct period balances per million rows) or `uniform` (accounts and ansvar
 * drawn uniformly: about 70 % of the rows are distinct period balances at 1 M rows). Beside each
 * import, DuckDB groups the same raw rows by (verksamhet, konto) (bench/duckdb-baseline.ts): the
 * baseline of the balances query. --wait-max bounds the wait for a quiet machine (default 900 s).
 * --repeat runs each import N times (default 1) and keeps the run of median import time, with
 * every run's time beside it and the highest peak memory of them all: on a machine whose speed
 * varies by a third from one minute to the next, one run says little.
 *
 * Files are generated into bench/out/ (git-ignored) by bench/generate-sie.ts when missing.
 * Each import runs in a child process (bench/import-worker.ts) against a fresh database:
 * PGlite in a new temporary folder, PostgreSQL in a new database `balans_bench_<pid>` on the server
 * of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards.
 *
 * The environment may move the output: BENCH_OUT (folder for files and results.json) and
 * BENCH_DOC (the Markdown file). Each figure records the code it measured (git commit, or the
 * content of .bench-code-version in a snapshot without .git) and whether src/ changed while it
 * ran; before each measurement the run waits (up to 15 minutes) for the machine to be quiet.
 *
 * Results are kept per size in bench/out/results.json, so that sizes measured in separate runs
 * end up side by side in docs/benchmarks.md, which is rewritten at the end of every run. Text
 * between the observation markers in docs/benchmarks.md is kept.
 */
import { spawn } from 'node:child_process';
import {
  codeVersion,
  cpuTimes,
  referenceSeconds,
  describeMachine,
  group,
  machine,
  option,
  postgresAdmin,
  ROOT,
  srcFingerprint,
  table,
  waitForQuiet,
  type Machine,
} from './bench-support.ts';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
} from 'node:fs';
import { lstatSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createReadState, readSieBatches } from '../src/sie/sie-reader.ts';
import type { DuckDbResult } from './duckdb-baseline.ts';
import { SHAPES, type GenerateSummary, type Shape } from './generate-sie.ts';
import type { CreateResult, WorkerResult } from './import-worker.ts';

type Engine = 'pglite' | 'postgres';

/** What code was measured, and how quiet the machine was. */
interface RunConditions {
  code: string;
  /** Set when the files under src/ changed while this was measured. */
  srcChanged?: boolean;
  /** Share of all CPUs busy just before the measurement, and seconds waited for quiet. */
  busyBefore: number;
  waitedSeconds: number;
  /** 1-minute load average at the start and at the end. */
  load: [number, number];
  /** `referenceSeconds` just before the measurement: how fast the machine was then. */
  referenceSeconds?: number;
  /**
   * Share of all CPUs busy during the measurement, this benchmark's own work included (the
   * importing process and, for PostgreSQL, the server): one busy core of two is 0.5.
   */
  busyDuring?: number;
}

type EngineRun =
  | {
      ok: true;
      date: string;
      conditions: RunConditions;
      /** Creating the database and running the migrations, in a process of its own. */
      create: CreateResult;
      result: WorkerResult;
      /** Size of the database after the import (PGlite folder or pg_database_size). */
      databaseBytes: number;
      /** Peak RSS of the whole child process as /usr/bin/time saw it, in bytes. */
      timeMaxRss?: number;
      /** With --repeat: every run's import seconds, in the order run (this one is the median). */
      importRunsSeconds?: number[];
      /** With --repeat: the highest peak RSS (maxRssAfterImport) of all the runs, in bytes. */
      maxRssOfRuns?: number;
      /** With --repeat: the reference work's seconds before each run (`referenceSeconds`). */
      referenceOfRuns?: number[];
    }
  | {
      ok: false;
      date: string;
      conditions: RunConditions;
      error: string;
      wallSeconds: number;
      timeMaxRss?: number;
    };

interface SizeResult {
  /** Absent in results written before shapes: clustered. */
  shape?: Shape;
  rows: number;
  date: string;
  machine: Machine;
  /** For the floor and the parse. */
  conditions: RunConditions;
  file: GenerateSummary;
  floor: { runsSeconds: number[]; medianSeconds: number; lines: number };
  parse: { runsSeconds: number[]; medianSeconds: number; rows: number; warnings: number };
  engines: Partial<Record<Engine, EngineRun>>;
  /** DuckDB grouping the raw rows by (verksamhet, konto): the balances query's baseline. */
  duckdb?: DuckDbResult;
}

type Results = Record<string, SizeResult>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const OUT = path.resolve(process.env['BENCH_OUT'] ?? path.join(ROOT, 'bench', 'out'));
const RESULTS = path.join(OUT, 'results.json');
const DOC = path.resolve(process.env['BENCH_DOC'] ?? path.join(ROOT, 'docs', 'benchmarks.md'));
const WORKER = path.join(ROOT, 'bench', 'import-worker.ts');
const GENERATOR = path.join(ROOT, 'bench', 'generate-sie.ts');
const DUCKDB = path.join(ROOT, 'bench', 'duckdb-baseline.ts');
const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
// Of this run alone: other benchmark runs may share the server.
const BENCH_DATABASE = `balans_bench_${process.pid}`;
const TIME = '/usr/bin/time';
const MIB = 1024 * 1024;

const TARGETS = {
  parseRatio: 3,
  /** Import seconds per million rows: 15 s at 1 M rows, 150 s at 10 M rows. */
  importSecondsPerMillion: 15,
  rss: 1.5 * 1024 * MIB,
  /** Balances by (verksamhet, konto) at 10 M rows within this many times DuckDB's grouping. */
  balancesVsDuckdb: 2,
};

let waitMaxSeconds = 900;
const shapeOf = (s: SizeResult): Shape => s.shape ?? 'clustered';
const resultKey = (shape: Shape, rows: number) => `${shape}:${rows}`;
const shapeOrder = (a: SizeResult, b: SizeResult) =>
  a.rows - b.rows || SHAPES.indexOf(shapeOf(a)) - SHAPES.indexOf(shapeOf(b));

// ---------------------------------------------------------------------------------------------
// Helpers

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

const mib = (bytes: number) => `${group(bytes / MIB)} MiB`;
const secs = (s: number) => `${s.toFixed(s < 10 ? 2 : 1)} s`;
const perSecond = (n: number, s: number) => `${group(n / s)}/s`;

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(full);
    else total += lstatSync(full).size;
  }
  return total;
}

/** Waits until other work leaves the machine quiet (under 15 % busy), at most --wait-max. */
async function quietConditions(): Promise<RunConditions> {
  const { busy, waitedSeconds } = await waitForQuiet({
    maxMs: waitMaxSeconds * 1000,
    pollMs: 5000,
    say: (text) => process.stderr.write(`  ${text}\n`),
  });
  const load = os.loadavg()[0] ?? 0;
  return {
    code: codeVersion(['src']),
    busyBefore: busy,
    waitedSeconds,
    load: [load, load],
    referenceSeconds: referenceSeconds(),
  };
}

/** Measures `work` under recorded conditions. */
async function measured<T>(
  work: () => Promise<T>,
): Promise<{ value: T; conditions: RunConditions }> {
  const conditions = await quietConditions();
  const before = srcFingerprint();
  const cpuBefore = cpuTimes();
  const value = await work();
  const cpuAfter = cpuTimes();
  if (cpuBefore && cpuAfter && cpuAfter.total > cpuBefore.total)
    conditions.busyDuring = (cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total);
  conditions.load[1] = os.loadavg()[0] ?? 0;
  if (srcFingerprint() !== before) {
    conditions.srcChanged = true;
    process.stderr.write('  WARNING: files under src/ changed during this measurement\n');
  }
  return { value, conditions };
}

interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderrTail: string[];
  maxRssKb?: number;
  wallSeconds: number;
}

/** Runs `node script args`, under /usr/bin/time when there is one, passing its stderr on. */
function runNode(script: string, args: string[]): Promise<ChildOutcome> {
  const useTime = existsSync(TIME);
  const command = useTime ? TIME : process.execPath;
  const argv = useTime
    ? ['-f', 'BENCH_MAXRSS_KB %M', process.execPath, script, ...args]
    : [script, ...args];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const tail: string[] = [];
    let maxRssKb: number | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (data: string) => (stdout += data));
    createInterface({ input: child.stderr }).on('line', (line) => {
      const match = /^BENCH_MAXRSS_KB (\d+)$/.exec(line);
      if (match) {
        maxRssKb = Number(match[1]);
        return;
      }
      process.stderr.write(line + '\n');
      tail.push(line);
      if (tail.length > 30) tail.shift();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({
        code,
        signal,
        stdout,
        stderrTail: tail,
        wallSeconds: (performance.now() - started) / 1000,
        ...(maxRssKb === undefined ? {} : { maxRssKb }),
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Measurements

async function ensureFile(rows: number, shape: Shape): Promise<GenerateSummary> {
  const file = path.join(OUT, shape === 'clustered' ? `sie-${rows}.se` : `sie-${shape}-${rows}.se`);
  const meta = `${file}.json`;
  const rowsCsv = `${file}.rows.csv`;
  if (!existsSync(file) || !existsSync(meta) || !existsSync(rowsCsv)) {
    process.stderr.write(
      `generating ${path.relative(ROOT, file)} (${group(rows)} rows, ${shape})\n`,
    );
    const outcome = await runNode(GENERATOR, [file, String(rows), '--shape', shape]);
    if (outcome.code !== 0) throw new Error(`generating ${file} failed (exit ${outcome.code})`);
  }
  // Where the files are now (the summary may have been written from another folder).
  return { ...(JSON.parse(readFileSync(meta, 'utf8')) as GenerateSummary), file, rowsCsv };
}

/** DuckDB grouping the file's raw rows, in a process of its own. */
async function duckdbRun(rowsCsv: string): Promise<DuckDbResult | undefined> {
  const outcome = await runNode(DUCKDB, [rowsCsv]);
  const line = outcome.stdout.split('\n').find((l) => l.startsWith('DUCKDB '));
  if (outcome.code !== 0 || !line) {
    process.stderr.write(`  DuckDB baseline failed (exit ${outcome.code})\n`);
    return undefined;
  }
  return JSON.parse(line.slice('DUCKDB '.length)) as DuckDbResult;
}

/** The floor: read the file and split it into lines, in this process. */
async function floorRun(file: string): Promise<{ seconds: number; lines: number }> {
  const started = performance.now();
  let lines = 0;
  let carry = '';
  // The same chunks as `balans import sie` reads (the stream's default, 64 KiB).
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    const parts = (carry + chunk.toString('latin1')).split('\n');
    carry = parts.pop() ?? '';
    lines += parts.length;
  }
  if (carry !== '') lines += 1;
  return { seconds: (performance.now() - started) / 1000, lines };
}

/** The parser: every record of the file, as the importer reads it. */
async function parseRun(
  file: string,
): Promise<{ seconds: number; rows: number; warnings: number }> {
  const started = performance.now();
  let rows = 0;
  let warnings = 0;
  const source = createReadStream(file) as AsyncIterable<Buffer>;
  for await (const batch of readSieBatches(source, createReadState(), {
    onWarning: () => (warnings += 1),
  })) {
    for (const record of batch) if (record.kind === 'voucher') rows += record.rows.length;
  }
  return { seconds: (performance.now() - started) / 1000, rows, warnings };
}

async function postgresVersion(url: string): Promise<string> {
  return postgresAdmin(url, async (client) => {
    const version = await client.query<{ server_version: string }>('show server_version');
    const buffers = await client.query<{ shared_buffers: string }>('show shared_buffers');
    const sync = await client.query<{ synchronous_commit: string }>('show synchronous_commit');
    return (
      `PostgreSQL ${version.rows[0]?.server_version ?? '?'} (shared_buffers ` +
      `${buffers.rows[0]?.shared_buffers ?? '?'}, synchronous_commit ` +
      `${sync.rows[0]?.synchronous_commit ?? '?'}), same machine, over TCP`
    );
  });
}

async function importRun(engine: Engine, file: string, rows: number): Promise<EngineRun> {
  const { value, conditions } = await measured(() => importOnce(engine, file, rows));
  return { ...value, conditions };
}

/** `repeat` imports; the first failure, or the run of median import time with all the times. */
async function importRuns(
  engine: Engine,
  file: string,
  rows: number,
  repeat: number,
): Promise<EngineRun> {
  const runs: Extract<EngineRun, { ok: true }>[] = [];
  for (let i = 0; i < repeat; i++) {
    const run = await importRun(engine, file, rows);
    if (!run.ok) return run;
    runs.push(run);
    if (repeat > 1)
      process.stderr.write(`  run ${i + 1} of ${repeat}: ${secs(run.result.importSeconds)}\n`);
  }
  const sorted = [...runs].sort((a, b) => a.result.importSeconds - b.result.importSeconds);
  const chosen = sorted[Math.floor((sorted.length - 1) / 2)];
  if (chosen === undefined) throw new Error('--repeat: at least one run');
  if (repeat === 1) return chosen;
  return {
    ...chosen,
    importRunsSeconds: runs.map((r) => r.result.importSeconds),
    maxRssOfRuns: Math.max(...runs.map((r) => r.result.maxRssAfterImport)),
    referenceOfRuns: runs.flatMap((r) =>
      r.conditions.referenceSeconds === undefined ? [] : [r.conditions.referenceSeconds],
    ),
  };
}

async function importOnce(
  engine: Engine,
  file: string,
  rows: number,
): Promise<DistributiveOmit<EngineRun, 'conditions'>> {
  const date = new Date().toISOString();
  const adminUrl = process.env['DATABASE_URL'] ?? DEFAULT_URL;
  let target: string[];
  let cleanup: () => Promise<void>;
  let size: () => number = () => 0;
  if (engine === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'balans-bench-'));
    target = ['--data-dir', dir];
    size = () => folderBytes(dir);
    cleanup = () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    };
  } else {
    await postgresAdmin(adminUrl, async (client) => {
      await client.query(`drop database if exists ${BENCH_DATABASE} with (force)`);
      await client.query(`create database ${BENCH_DATABASE}`);
    });
    const url = new URL(adminUrl);
    url.pathname = `/${BENCH_DATABASE}`;
    target = ['--database-url', url.toString()];
    cleanup = () =>
      postgresAdmin(adminUrl, async (client) => {
        await client.query(`drop database if exists ${BENCH_DATABASE} with (force)`);
      });
  }
  try {
    const creation = await runNode(WORKER, ['--create-only', ...target]);
    const createdLine = creation.stdout.split('\n').find((l) => l.startsWith('CREATED '));
    if (creation.code !== 0 || !createdLine) {
      return {
        ok: false,
        date,
        error: `creating the database failed:\n${creation.stderrTail.join('\n')}`,
        wallSeconds: creation.wallSeconds,
      };
    }
    const create = JSON.parse(createdLine.slice('CREATED '.length)) as CreateResult;
    const outcome = await runNode(WORKER, ['--file', file, '--rows', String(rows), ...target]);
    const timeMaxRss =
      outcome.maxRssKb === undefined ? {} : { timeMaxRss: outcome.maxRssKb * 1024 };
    const line = outcome.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (outcome.code !== 0 || !line) {
      const how = outcome.signal ? `signal ${outcome.signal}` : `exit code ${outcome.code}`;
      return {
        ok: false,
        date,
        error: `the import process ended with ${how}; last output:\n${outcome.stderrTail.join('\n')}`,
        wallSeconds: outcome.wallSeconds,
        ...timeMaxRss,
      };
    }
    const result = JSON.parse(line.slice('RESULT '.length)) as WorkerResult;
    return {
      ok: true,
      date,
      create,
      result,
      databaseBytes: result.databaseBytes ?? size(),
      ...timeMaxRss,
    };
  } finally {
    await cleanup();
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting

const peakRss = (run: EngineRun): number | undefined =>
  run.ok ? (run.maxRssOfRuns ?? run.result.maxRssAfterImport) : run.timeMaxRss;

/** The import time, with the spread of the runs when it is a median. */
function importTime(run: Extract<EngineRun, { ok: true }>): string {
  const runs = run.importRunsSeconds;
  if (runs === undefined || runs.length < 2) return secs(run.result.importSeconds);
  const listed = runs.map((r) => r.toFixed(1)).join(', ');
  const reference = run.referenceOfRuns ?? [];
  const machineSpeed =
    reference.length === 0
      ? ''
      : `; reference work ${Math.min(...reference).toFixed(2)}–${Math.max(...reference).toFixed(2)} s`;
  return `${secs(run.result.importSeconds)} (median of ${runs.length}: ${listed} s${machineSpeed})`;
}

/** Optional in results written before conditions were recorded. */
function describeConditions(c: RunConditions | undefined): string {
  if (!c) return 'Code and machine load not recorded.';
  const parts = [
    `Code: ${c.code}.`,
    `Machine ${Math.round(c.busyBefore * 100)} % busy just before` +
      (c.waitedSeconds >= 2 ? ` (after waiting ${secs(c.waitedSeconds)} for quiet)` : '') +
      `; load average ${c.load[0].toFixed(2)} → ${c.load[1].toFixed(2)}` +
      (c.busyDuring === undefined
        ? '.'
        : `; all CPUs ${Math.round(c.busyDuring * 100)} % busy during it, its own work included.`),
  ];
  if (c.referenceSeconds !== undefined)
    parts.push(`Reference work just before: ${secs(c.referenceSeconds)} (lower: faster machine).`);
  if (c.srcChanged) parts.push('**Files under src/ changed during this measurement.**');
  return parts.join(' ');
}

function targetRows(results: Results): string[][] {
  const rows: string[][] = [];
  const verdict = (ok: boolean) => (ok ? 'met' : '**NOT met**');
  const sizes = Object.values(results).sort(shapeOrder);
  for (const s of sizes) {
    const ratio = s.parse.medianSeconds / s.floor.medianSeconds;
    rows.push([
      `Parse within ${TARGETS.parseRatio}× of the floor, ${group(s.rows)} rows, ${shapeOf(s)}`,
      `${ratio.toFixed(2)}×`,
      verdict(ratio <= TARGETS.parseRatio),
    ]);
  }
  const engines: [Engine, string][] = [
    ['pglite', 'PGlite'],
    ['postgres', 'PostgreSQL'],
  ];
  for (const s of sizes) {
    const limitSeconds = (TARGETS.importSecondsPerMillion * s.rows) / 1_000_000;
    for (const [engine, name] of engines) {
      const run = s.engines[engine];
      const where = `${group(s.rows)} rows, ${shapeOf(s)}, ${name}`;
      const goal = `Import within ${limitSeconds} s and peak RSS under ${mib(TARGETS.rss)}, ${where}`;
      const peak = run ? peakRss(run) : undefined;
      if (!run) rows.push([goal, 'not measured', '–']);
      else if (!run.ok) rows.push([goal, `failed${peak ? `, ${mib(peak)}` : ''}`, '**NOT met**']);
      else {
        const cpu = run.result.importCpuSeconds;
        const peak = peakRss(run) ?? run.result.maxRssAfterImport;
        rows.push([
          goal,
          `${importTime(run)}${cpu === undefined ? '' : `, CPU ${secs(cpu)}`}, ${mib(peak)}`,
          verdict(run.result.importSeconds <= limitSeconds && peak < TARGETS.rss),
        ]);
      }
    }
    if (s.rows < 10_000_000) continue;
    for (const [engine, name] of engines) {
      const run = s.engines[engine];
      const goal = `Balances by verksamhet,konto within ${TARGETS.balancesVsDuckdb}× DuckDB, ${group(s.rows)} rows, ${shapeOf(s)}, ${name}`;
      if (!run) rows.push([goal, 'not measured', '–']);
      else if (!run.ok) rows.push([goal, 'import failed', '**NOT met**']);
      else if (!s.duckdb)
        rows.push([
          goal,
          `${run.result.balances.medianMs.toFixed(0)} ms, DuckDB not measured`,
          '–',
        ]);
      else {
        const ratio = run.result.balances.medianMs / s.duckdb.medianMs;
        rows.push([
          goal,
          `${run.result.balances.medianMs.toFixed(0)} ms vs ${s.duckdb.medianMs.toFixed(0)} ms (${ratio.toFixed(2)}×)`,
          verdict(ratio <= TARGETS.balancesVsDuckdb),
        ]);
      }
    }
  }
  return rows;
}

const OBSERVATIONS_START = '<!-- observations:start -->';
const OBSERVATIONS_END = '<!-- observations:end -->';

function keptObservations(): string {
  if (!existsSync(DOC)) return '';
  const text = readFileSync(DOC, 'utf8');
  const start = text.indexOf(OBSERVATIONS_START);
  const end = text.indexOf(OBSERVATIONS_END);
  if (start < 0 || end < start) return '';
  return text.slice(start + OBSERVATIONS_START.length, end).trim();
}

// The API benchmark (bench/api-bench.ts) writes its own section between these markers: kept as it is.
const API_START = '<!-- api-bench -->';
const API_END = '<!-- /api-bench -->';

function keptApiSection(): string {
  if (!existsSync(DOC)) return '';
  const text = readFileSync(DOC, 'utf8');
  const start = text.indexOf(API_START);
  const end = text.indexOf(API_END);
  if (start < 0 || end < start) return '';
  return text.slice(start, end + API_END.length);
}

function renderDoc(results: Results): string {
  const sizes = Object.values(results).sort(shapeOrder);
  const out: string[] = [];
  out.push('# Benchmarks: SIE 4 import');
  out.push('');
  out.push(
    'Written by `npm run bench` (`node bench/import-bench.ts [--rows 1000000,10000000] ' +
      '[--engines pglite,postgres] [--shape clustered,uniform] [--repeat N]`); the figures ' +
      'below are what was ' +
      'measured, at the date given for each size and shape. Rerun it to update them.',
  );
  out.push('');
  out.push('## What is measured');
  out.push('');
  out.push(
    [
      '- **File**: `bench/generate-sie.ts` writes a deterministic SIE 4E file (CP437, CRLF) shaped ' +
        'like a municipality: 400 Kommun-Bas-like accounts with `#KTYP`, 300 ansvar (dim 1) and 60 ' +
        'verksamheter (dim 2) in seven förvaltningar, `#IB`, `#UB` and `#RES` for year 0, and ' +
        'vouchers over the twelve months of 2024 (supplier invoices against 2440, fees against ' +
        '1930, salaries against 1930; 2–20 rows each). Each ansvar belongs to one or two ' +
        'verksamheter and books on about 40 accounts, so the number of distinct (period, konto, ' +
        'ansvar, verksamhet) stays municipal-like (shape **clustered**, the default). Shape ' +
        '**uniform** (`--shape uniform`) has the verksamheter on dimension 23, one per ansvar, and ' +
        'vouchers of 10 rows whose account (of 400) and ansvar (of 300) are drawn uniformly: the ' +
        'distinct (period, konto, ansvar, verksamhet) are about 70 % of the rows at 1 M rows and ' +
        'near all 1.44 M possible at 10 M rows.',
      '- **Floor**: reading the same file with `fs.createReadStream` (its default 64 KiB chunks, as `balans import sie` reads) and splitting ' +
        'it into lines (`latin1` decode, `split("\\n")`), in the benchmark process. Median of 3 runs ' +
        'after a warm-up read (the file is in the page cache).',
      '- **Parse**: `readSieBatches` (what the import reads) over the same stream, consuming every record (median of 3 runs up to ' +
        '2 M rows, 1 run above). Rows/s counts `#TRANS` rows.',
      '- **Import**: a fresh, empty database (PGlite: a new temporary folder; PostgreSQL: a new ' +
        'database on the server below) is first created and migrated by a child process of its ' +
        'own (“Create”, with that process’s peak RSS). Then a second child opens it (“Open”) and ' +
        'runs `importSie` in one transaction, as `balans import sie` does on an existing ' +
        'database. “Import” runs from the first byte read to the commit. “Rows phase” runs ' +
        'until the last progress report (every 5 000 rows parsed; the voucher rows of a large ' +
        'load are held and written in index order each time about 128 MB have gathered, and ' +
        'at the end); “Finish” is the rest of `importSie` (the last rows, the indexes built ' +
        'again, the period balances in `ledger_balance` and their roll-ups, the reconciliation ' +
        'with `#UB`/`#RES`, accounts and objects); then the commit. With `--repeat N` each ' +
        'import runs N times on a fresh database: the table shows the run of median import ' +
        'time, all the runs’ times and the reference work’s time before each ' +
        '(`referenceSeconds`, a fixed piece of JavaScript: lower is a faster machine), and the ' +
        'highest peak RSS of the runs.',
      '- **Peak RSS**: `process.resourceUsage().maxRSS` of the importing child (which opens the ' +
        'database but does not create it) right after the ' +
        'commit (for PGlite this includes the database itself, which runs in-process; for ' +
        'PostgreSQL the server is a separate process and is not counted). `/usr/bin/time` gives ' +
        "the whole child's peak, including the balance queries, in the last column.",
      '- **Balances**: `ledgerBalances(db, { year: 2024, by: ["verksamhet", "konto"] })` (what ' +
        '`balans ledger balances --by verksamhet,konto` runs), in the same child after the import: ' +
        'median of 5 runs after one warm-up. **DuckDB**: `bench/duckdb-baseline.ts` loads the ' +
        "same file's raw `#TRANS` rows (period, konto, ansvar, verksamhet, öre; written beside the " +
        'file by the generator) into an in-memory DuckDB table, then groups them by (verksamhet, ' +
        'konto) for 2024 with the same filter, `having` and order (median of 5 after a warm-up, ' +
        "DuckDB's default threads: one per core). Both answers' line counts and sums of absolute " +
        'amounts are compared.',
      '- **CPU**: the importing process’s own CPU time (user + system) over the import. The ' +
        'machine is shared with other work; where it was busy, wall-clock times are longer than ' +
        'the work needs and the CPU time is the steadier figure (PostgreSQL’s server process is ' +
        'not included in it).',
    ].join('\n'),
  );
  out.push('');
  out.push('## Machine');
  out.push('');
  const machines = [...new Set(sizes.map((s) => JSON.stringify(s.machine)))];
  if (machines.length === 1 && sizes[0]) out.push(describeMachine(sizes[0].machine));
  else
    for (const s of sizes) {
      out.push(`${group(s.rows)} rows:`);
      out.push('');
      out.push(describeMachine(s.machine));
      out.push('');
    }
  out.push('');
  out.push('## Files and parsing');
  out.push('');
  out.push(
    table(
      [
        'Rows',
        'Shape',
        'Measured',
        'File',
        'Vouchers',
        'Distinct combinations',
        'Floor',
        'Parse',
        'Parse rate',
        'Parse / floor',
      ],
      sizes.map((s) => [
        group(s.rows),
        shapeOf(s),
        s.date.slice(0, 16).replace('T', ' ') + ' UTC',
        mib(s.file.bytes),
        group(s.file.vouchers),
        group(s.file.combinations),
        `${secs(s.floor.medianSeconds)} (${perSecond(s.rows, s.floor.medianSeconds)})`,
        secs(s.parse.medianSeconds),
        perSecond(s.parse.rows, s.parse.medianSeconds),
        `${(s.parse.medianSeconds / s.floor.medianSeconds).toFixed(2)}×`,
      ]),
    ),
  );
  out.push('');
  out.push(
    'Floor and parse rates are in `#TRANS` rows per second (the floor splits all lines: ' +
      `${sizes.map((s) => `${group(s.floor.lines)} at ${group(s.rows)} rows, ${shapeOf(s)}`).join('; ')}).`,
  );
  out.push('');
  for (const s of sizes)
    out.push(
      `- ${group(s.rows)} rows, ${shapeOf(s)}, floor and parse: ${describeConditions(s.conditions)}`,
    );
  out.push('');
  out.push('## Import');
  out.push('');
  const importRows: string[][] = [];
  for (const s of sizes) {
    for (const [engine, run] of Object.entries(s.engines) as [Engine, EngineRun][]) {
      const name = engine === 'pglite' ? 'PGlite' : 'PostgreSQL';
      const timeRss = run.timeMaxRss === undefined ? '–' : mib(run.timeMaxRss);
      if (!run.ok) {
        importRows.push([
          group(s.rows),
          shapeOf(s),
          name,
          '–',
          '–',
          `failed after ${secs(run.wallSeconds)}`,
          '–',
          '–',
          '–',
          '–',
          '–',
          '–',
          '–',
          '–',
          timeRss,
        ]);
        continue;
      }
      const r = run.result;
      importRows.push([
        group(s.rows),
        shapeOf(s),
        name,
        `${secs(run.create.seconds)} (${mib(run.create.maxRss)})`,
        secs(r.openSeconds),
        `**${importTime(run)}**`,
        r.importCpuSeconds === undefined ? '–' : secs(r.importCpuSeconds),
        perSecond(r.rows, r.importSeconds),
        secs(r.rowsSeconds),
        secs(r.finishSeconds),
        secs(r.commitSeconds),
        `**${mib(peakRss(run) ?? r.maxRssAfterImport)}**`,
        `**${r.balances.medianMs.toFixed(0)} ms** (${group(r.balances.lines)} lines)`,
        s.duckdb ? `${s.duckdb.medianMs.toFixed(0)} ms (${group(s.duckdb.lines)} lines)` : '–',
        mib(run.databaseBytes),
        timeRss,
      ]);
    }
  }
  out.push(
    table(
      [
        'Rows',
        'Shape',
        'Engine',
        'Create (peak RSS)',
        'Open',
        'Import',
        'CPU',
        'Rate',
        'Rows phase',
        'Finish',
        'Commit',
        'Peak RSS',
        'Balances',
        'DuckDB',
        'Database',
        'Child peak (time)',
      ],
      importRows,
    ),
  );
  out.push('');
  const details: string[] = [];
  for (const s of sizes) {
    for (const [engine, run] of Object.entries(s.engines) as [Engine, EngineRun][]) {
      const name = `${group(s.rows)} rows, ${shapeOf(s)}, ${engine === 'pglite' ? 'PGlite' : 'PostgreSQL'} (${run.date.slice(0, 16).replace('T', ' ')} UTC)`;
      if (!run.ok) {
        details.push(
          `- ${name}: **failed**. ${describeConditions(run.conditions)}`,
          '',
          '  ```text',
          ...run.error.split('\n').map((l) => `  ${l}`),
          '  ```',
        );
        continue;
      }
      const r = run.result;
      const timeline = r.timeline
        .map((p) => `${group(p.rows / 1000)}k @ ${p.seconds.toFixed(1)} s / ${group(p.rssMb)} MiB`)
        .join(', ');
      details.push(
        `- ${name}: ${group(r.rows)} rows in ${group(r.vouchers)} vouchers, ${r.warnings} warnings; ` +
          `${group(r.counts.ledgerBalances)} rows in \`ledger_balance\`` +
          (r.counts.rollupVerksamhet === undefined
            ? ''
            : `, ${group(r.counts.rollupVerksamhet)} in \`ledger_balance_verksamhet\``) +
          '; balances runs ' +
          `${r.balances.runsMs.map((m) => m.toFixed(0)).join(', ')} ms (warm-up ` +
          `${r.balances.warmUpMs.toFixed(0)} ms); memory at the largest sample: heap ` +
          `${mib(r.peakSample.heapUsed)}, external ${mib(r.peakSample.external)} (array buffers ` +
          `${mib(r.peakSample.arrayBuffers)}). Progress (rows @ time / RSS): ${timeline}. ` +
          describeConditions(run.conditions),
      );
    }
  }
  out.push(...details);
  out.push('');
  out.push('## Targets');
  out.push('');
  out.push(table(['Target', 'Measured', 'Result'], targetRows(results)));
  out.push('');
  out.push('## Observations');
  out.push('');
  out.push(OBSERVATIONS_START);
  const kept = keptObservations();
  if (kept) out.push(kept);
  out.push(OBSERVATIONS_END);
  out.push('');
  const api = keptApiSection();
  if (api) out.push(api, '');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sizes = option(args, '--rows', '1000000,10000000')
    .split(',')
    .map((r) => Number(r.replace(/_/g, '')));
  const engineNames = option(args, '--engines', 'pglite,postgres').split(',');
  for (const rows of sizes)
    if (!Number.isInteger(rows) || rows < 2) throw new Error(`--rows: ${rows} is not a row count`);
  const engines = engineNames.filter((e): e is Engine => e === 'pglite' || e === 'postgres');
  if (engines.length !== engineNames.length)
    throw new Error(`--engines: write pglite, postgres or both (pglite,postgres)`);
  const shapeNames = option(args, '--shape', 'clustered').split(',');
  const shapes = shapeNames.filter((n): n is Shape => SHAPES.includes(n as Shape));
  if (shapes.length !== shapeNames.length)
    throw new Error(`--shape: write ${SHAPES.join(', ')} or both (${SHAPES.join(',')})`);
  waitMaxSeconds = Number(option(args, '--wait-max', String(waitMaxSeconds)));
  const repeat = Number(option(args, '--repeat', '1'));
  if (!Number.isInteger(repeat) || repeat < 1)
    throw new Error(`--repeat: ${repeat} is not a count`);
  mkdirSync(OUT, { recursive: true });
  if (args.includes('--report')) {
    // Only rewrite docs/benchmarks.md from the stored results.
    writeFileSync(DOC, renderDoc(JSON.parse(readFileSync(RESULTS, 'utf8')) as Results));
    return;
  }

  let postgres: string | undefined;
  if (engines.includes('postgres')) {
    const url = process.env['DATABASE_URL'] ?? DEFAULT_URL;
    try {
      postgres = await postgresVersion(url);
    } catch (error) {
      throw new Error(
        `PostgreSQL is not reachable at ${url} (${(error as Error).message}); start it, set ` +
          'DATABASE_URL, or run with --engines pglite',
        { cause: error },
      );
    }
  }

  const load = (): Results => {
    if (!existsSync(RESULTS)) return {};
    const stored = JSON.parse(readFileSync(RESULTS, 'utf8')) as Results;
    // Results written before shapes were keyed by rows alone: the clustered shape.
    const keyed: Results = {};
    for (const [key, value] of Object.entries(stored))
      keyed[key.includes(':') ? key : resultKey('clustered', value.rows)] ??= {
        ...value,
        shape: value.shape ?? 'clustered',
      };
    return keyed;
  };
  const results: Results = load();
  // Merged into what is on disk at each save: another run (another size) may have saved since.
  const mine = new Map<string, { size: SizeResult; parts: Set<Engine | 'size'> }>();
  const save = () => {
    const onDisk = load();
    for (const [key, { size, parts }] of mine) {
      const merged: SizeResult = parts.has('size')
        ? { ...size, engines: { ...onDisk[key]?.engines } }
        : (onDisk[key] ?? size);
      for (const engine of engines)
        if (parts.has(engine) && size.engines[engine])
          merged.engines[engine] = size.engines[engine];
      if (parts.has('size') && size.duckdb) merged.duckdb = size.duckdb;
      onDisk[key] = merged;
    }
    for (const [key, value] of Object.entries(onDisk)) if (!mine.has(key)) results[key] = value;
    writeFileSync(RESULTS, JSON.stringify(onDisk, null, 2) + '\n');
    writeFileSync(DOC, renderDoc(onDisk));
  };

  for (const rows of sizes)
    for (const shape of shapes) {
      const key = resultKey(shape, rows);
      const summary = await ensureFile(rows, shape);
      const file = summary.file;
      process.stderr.write(
        `\n${group(rows)} rows, ${shape}: ${path.relative(ROOT, file)}, ${mib(summary.bytes)}\n`,
      );
      const { value: runs, conditions } = await measured(async () => {
        await floorRun(file); // warm-up: the file into the page cache
        const floors = [];
        for (let i = 0; i < 3; i++) floors.push(await floorRun(file));
        const parses = [];
        for (let i = 0; i < (rows <= 2_000_000 ? 3 : 1); i++) {
          parses.push(await parseRun(file));
          process.stderr.write(`  parse run ${i + 1}: ${secs(parses.at(-1)?.seconds ?? 0)}\n`);
        }
        return { floors, parses };
      });
      const { floors, parses } = runs;
      const parsedRows = parses[0]?.rows ?? 0;
      if (parsedRows !== rows) throw new Error(`parsed ${parsedRows} rows, expected ${rows}`);
      const previous = results[key];
      const size: SizeResult = {
        shape,
        rows,
        date: new Date().toISOString(),
        machine: machine(postgres ?? previous?.machine.postgres),
        conditions,
        file: summary,
        floor: {
          runsSeconds: floors.map((f) => f.seconds),
          medianSeconds: median(floors.map((f) => f.seconds)),
          lines: floors[0]?.lines ?? 0,
        },
        parse: {
          runsSeconds: parses.map((p) => p.seconds),
          medianSeconds: median(parses.map((p) => p.seconds)),
          rows: parsedRows,
          warnings: parses[0]?.warnings ?? 0,
        },
        // Engines not run this time keep their earlier figures (each carries its own date).
        engines: { ...(previous?.engines ?? {}) },
      };
      results[key] = size;
      mine.set(key, { size, parts: new Set(['size']) });
      const duckdb = summary.rowsCsv ? await duckdbRun(summary.rowsCsv) : undefined;
      if (duckdb) {
        size.duckdb = duckdb;
        process.stderr.write(
          `  DuckDB: balances by verksamhet,konto ${duckdb.medianMs.toFixed(0)} ms (${duckdb.lines} lines, ${duckdb.threads} threads)\n`,
        );
      }
      process.stderr.write(
        `  floor ${secs(size.floor.medianSeconds)}, parse ${secs(size.parse.medianSeconds)} ` +
          `(${perSecond(rows, size.parse.medianSeconds)}, ` +
          `${(size.parse.medianSeconds / size.floor.medianSeconds).toFixed(2)}× the floor)\n`,
      );
      save();
      for (const engine of engines) {
        process.stderr.write(`  importing into ${engine}\n`);
        size.engines[engine] = await importRuns(engine, file, rows, repeat);
        mine.get(key)?.parts.add(engine);
        const run = size.engines[engine];
        if (run.ok && duckdb) {
          const same =
            run.result.balances.lines === duckdb.lines &&
            run.result.balances.absTotal === duckdb.total;
          process.stderr.write(
            `  balances ${run.result.balances.medianMs.toFixed(0)} ms, DuckDB ${duckdb.medianMs.toFixed(0)} ms: ` +
              `${same ? 'the same lines and sums' : '**DIFFERENT ANSWERS**'}\n`,
          );
        }
        save();
      }
    }

  const head = ['Rows', 'Shape', 'Engine', 'Import', 'CPU', 'Rate', 'Peak RSS', 'Balances'];
  const lines: string[][] = [];
  for (const s of Object.values(results).sort(shapeOrder)) {
    lines.push([
      group(s.rows),
      shapeOf(s),
      'parse',
      secs(s.parse.medianSeconds),
      '',
      secs(s.parse.medianSeconds),
      perSecond(s.rows, s.parse.medianSeconds),
      '',
      `${(s.parse.medianSeconds / s.floor.medianSeconds).toFixed(2)}× floor`,
    ]);
    for (const [engine, run] of Object.entries(s.engines) as [Engine, EngineRun][]) {
      if (!run.ok) {
        const peak = peakRss(run);
        lines.push([
          group(s.rows),
          shapeOf(s),
          engine,
          'FAILED',
          '',
          '',
          peak ? mib(peak) : '',
          '',
        ]);
        continue;
      }
      const r = run.result;
      lines.push([
        group(s.rows),
        shapeOf(s),
        engine,
        secs(r.importSeconds),
        r.importCpuSeconds === undefined ? '' : secs(r.importCpuSeconds),
        perSecond(r.rows, r.importSeconds),
        mib(r.maxRssAfterImport),
        `${r.balances.medianMs.toFixed(0)} ms` +
          (s.duckdb ? ` (DuckDB ${s.duckdb.medianMs.toFixed(0)} ms)` : ''),
      ]);
    }
  }
  process.stdout.write(
    `\n${table(head, lines)}\n\n${table(['Target', 'Measured', 'Result'], targetRows(results))}\n`,
  );
  process.stdout.write(`\nWritten: ${path.relative(ROOT, DOC)}\n`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`import-bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
