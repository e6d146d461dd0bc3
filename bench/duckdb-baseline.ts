/**
 * The baseline for `ledger balances --by verksamhet,konto`: DuckDB grouping the raw voucher rows
 * of a generated file (OUT.rows.csv, written by bench/generate-sie.ts) by (verksamhet, konto) for
 * the year, as Balans's query does over its period balances (periods of 2024, zero sums left out,
 * ordered). Run by bench/import-bench.ts in a process of its own:
 *
 *   node bench/duckdb-baseline.ts ROWS.csv
 *
 * The rows are loaded into an in-memory table first (not timed); then one warm-up and five timed
 * runs of the query. Prints one line `DUCKDB {json}` on stdout.
 */
import { DuckDBInstance } from '@duckdb/node-api';

export interface DuckDbResult {
  loadSeconds: number;
  rows: number;
  threads: number;
  warmUpMs: number;
  runsMs: number[];
  medianMs: number;
  lines: number;
  /** The sum of the lines' absolute amounts, in öre, as text: to compare with Balans's answer. */
  total: string;
  duckdb: string;
}

const QUERY = `
  select verksamhet, konto, sum(amount_ore) as amount
  from voucher_row
  where period between 202401 and 202412
  group by verksamhet, konto
  having sum(amount_ore) <> 0
  order by verksamhet, konto`;

async function main(): Promise<void> {
  const csv = process.argv[2];
  if (!csv) throw new Error('usage: node bench/duckdb-baseline.ts ROWS.csv');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const started = performance.now();
  await connection.run(
    `create table voucher_row as select * from read_csv('${csv.replace(/'/g, "''")}', header = true,
       columns = {'period': 'INTEGER', 'konto': 'VARCHAR', 'ansvar': 'VARCHAR', 'verksamhet': 'VARCHAR', 'amount_ore': 'BIGINT'})`,
  );
  const loadSeconds = (performance.now() - started) / 1000;
  const count = await connection.runAndReadAll('select count(*) from voucher_row');
  const threads = await connection.runAndReadAll("select current_setting('threads')");
  const version = await connection.runAndReadAll('select version()');
  let t = performance.now();
  const first = await connection.runAndReadAll(QUERY);
  const warmUpMs = performance.now() - t;
  const runsMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    await connection.runAndReadAll(QUERY);
    runsMs.push(performance.now() - t);
  }
  let total = 0n;
  for (const row of first.getRows()) {
    const amount = BigInt(String(row[2]));
    total += amount < 0n ? -amount : amount;
  }
  const result: DuckDbResult = {
    loadSeconds,
    rows: Number(count.getRows()[0]?.[0] ?? 0),
    threads: Number(threads.getRows()[0]?.[0] ?? 0),
    warmUpMs,
    runsMs,
    medianMs: [...runsMs].sort((a, b) => a - b)[2] ?? 0,
    lines: first.currentRowCount,
    total: total.toString(),
    duckdb: String(version.getRows()[0]?.[0] ?? ''),
  };
  connection.closeSync();
  instance.closeSync();
  process.stdout.write(`DUCKDB ${JSON.stringify(result)}\n`);
}

if (import.meta.main) await main();
