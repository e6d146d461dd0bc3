/**
 * The forecast proposals at scale: `prognos forslag` (every ansvar, one method) on a ledger of
 * many rows, on PGlite and PostgreSQL.
 *
 *   node bench/forecast-bench.ts [--rows 1000000,10000000] [--engines pglite,postgres]
 *     [--shape uniform|clustered] [--month 6] [--dir bench/out]
 *
 * For each size and engine: the generated SIE file (bench/generate-sie.ts: 300 ansvar, 400
 * accounts, twelve months; made when missing) is imported into a fresh database as `balans import
 * sie` does; a current budget is made from the outcome as municipalities budget (per ansvar,
 * verksamhet and month on one account of each account group, the group's outcome + 2 %); then the
 * first proposals after the import are timed (cold: they read the period balances), and each
 * method's proposals for every ansvar after month M: one warm-up, then the median of five runs
 * (warm: the month sums are remembered until the figures change). The figures are printed and written to
 * docs/benchmarks.md between the forecast markers.
 */
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  createReadStream,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type BalansDb } from '../src/db/database.ts';
import { FORECAST_METHODS, type ForecastMethod } from '../src/forecast/forecast.ts';
import { proposalsByAnsvar } from '../src/forecast/forecast.service.ts';
import { importSie } from '../src/ledger/sie-import.service.ts';
import {
  codeVersion,
  describeMachine,
  group,
  machine,
  option,
  postgresAdmin,
  ROOT,
  table,
} from './bench-support.ts';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'balans_forecast_bench';
const GENERATOR = path.join(ROOT, 'bench', 'generate-sie.ts');
const START = '<!-- forecast:start -->';
const END = '<!-- forecast:end -->';

interface Run {
  rows: number;
  shape: string;
  engine: 'pglite' | 'postgres';
  ansvar: number;
  balances: number;
  budgetRows: number;
  /** Milliseconds of the first proposals after the import (nothing remembered yet). */
  cold: number;
  importSeconds: number;
  /** Median milliseconds per method. */
  methods: Record<ForecastMethod, number>;
  runs: Record<ForecastMethod, number[]>;
}

function ensureFile(dir: string, rows: number, shape: string): string {
  const file = path.join(dir, shape === 'clustered' ? `sie-${rows}.se` : `sie-${shape}-${rows}.se`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${file}\n`);
    execFileSync(process.execPath, [GENERATOR, file, String(rows), '--shape', shape], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return file;
}

async function open(
  engine: 'pglite' | 'postgres',
): Promise<{ handle: BalansDb; cleanup: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'balans-forecast-bench-'));
    const handle = await openDatabase({ engine: 'pglite', dataDir: dir });
    return {
      handle,
      cleanup: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = process.env['DATABASE_URL'] ?? DEFAULT_URL;
  await postgresAdmin(admin, async (client) => {
    await client.query(`drop database if exists ${DATABASE} with (force)`);
    await client.query(`create database ${DATABASE}`);
  });
  const url = new URL(admin);
  url.pathname = `/${DATABASE}`;
  const handle = await openDatabase({ engine: 'postgres', databaseUrl: url.toString() });
  return {
    handle,
    cleanup: async () => {
      await handle.close();
      await postgresAdmin(admin, (client) =>
        client.query(`drop database if exists ${DATABASE} with (force)`),
      );
    },
  };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function measure(
  file: string,
  rows: number,
  shape: string,
  engine: 'pglite' | 'postgres',
  month: number,
): Promise<Run> {
  const { handle, cleanup } = await open(engine);
  try {
    const started = performance.now();
    await handle.transaction((tx) =>
      importSie(tx, { fileName: path.basename(file), bytes: createReadStream(file) }),
    );
    const importSeconds = (performance.now() - started) / 1000;
    // A current budget as municipalities make them (bench set-up only): per ansvar, verksamhet and
    // month on one account of each account group (the first two digits), the group's outcome + 2 %.
    await handle.transaction(async (tx) => {
      await sql`insert into budget_version (fiscal_year_id, name, is_current, source)
        select id, 'bench', true, 'bench' from fiscal_year`.execute(tx.db);
      await sql`insert into budget_balance (budget_version_id, period, konto, ansvar, verksamhet, projekt, objekt, amount_ore)
        select v.id, b.period, min(b.konto), b.ansvar, b.verksamhet, '', '', sum(b.amount_ore) * 102 / 100
        from ledger_balance b join budget_version v on v.fiscal_year_id = b.fiscal_year_id
        where b.period % 100 between 1 and 12
        group by v.id, b.period, substr(b.konto, 1, 2), b.ansvar, b.verksamhet`.execute(tx.db);
    });
    const counts = await sql<{ ansvar: string; balances: string; budget: string }>`
      select count(distinct ansvar)::text as ansvar, count(*)::text as balances,
        (select count(*) from budget_balance)::text as budget from ledger_balance`.execute(
      handle.db,
    );
    // The first proposals after the import read the period balances; later ones (any method, any
    // user) find their sums remembered until the figures change.
    const coldStart = performance.now();
    await proposalsByAnsvar(handle.db, { year: 2024, month, method: 'utfall-plus-budget' });
    const cold = performance.now() - coldStart;
    const runs = {} as Record<ForecastMethod, number[]>;
    const methods = {} as Record<ForecastMethod, number>;
    for (const method of FORECAST_METHODS) {
      await proposalsByAnsvar(handle.db, { year: 2024, month, method });
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await proposalsByAnsvar(handle.db, { year: 2024, month, method });
        times.push(performance.now() - t);
      }
      runs[method] = times.map((t) => Math.round(t));
      methods[method] = median(times);
    }
    return {
      rows,
      shape,
      engine,
      ansvar: Number(counts.rows[0]?.ansvar ?? 0),
      budgetRows: Number(counts.rows[0]?.budget ?? 0),
      cold,
      balances: Number(counts.rows[0]?.balances ?? 0),
      importSeconds,
      methods,
      runs,
    };
  } finally {
    await cleanup();
  }
}

function write(runs: readonly Run[], month: number, postgres: string | undefined): void {
  const doc = path.join(ROOT, 'docs', 'benchmarks.md');
  const text = readFileSync(doc, 'utf8');
  const body = [
    START,
    '',
    '## Forecast proposals',
    '',
    `Written by \`node bench/forecast-bench.ts\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: \`prognos forslag\` for every ansvar after month ${month}, on a ledger of the generated file's rows with a current budget per ansvar, verksamhet and month on one account of each account group (the group's outcome + 2 %). “First (cold)” is the first proposals after the import, which read the period balances; the methods' figures are then the median of five runs after a warm-up, when the month sums are remembered until the figures change (as every server does; a new import or budget clears them). Target: under 1 s for 300 ansvar on a 10 M-row ledger.`,
    '',
    describeMachine(machine(postgres)),
    `- Code: ${codeVersion(['src', 'bench'])}`,
    '',
    table(
      [
        'Rows',
        'Shape',
        'Engine',
        'Ansvar',
        'Period balances',
        'Budget rows',
        'First (cold)',
        ...FORECAST_METHODS,
        'Target (< 1 s)',
      ],
      runs.map((r) => [
        group(r.rows),
        r.shape,
        r.engine === 'pglite' ? 'PGlite' : 'PostgreSQL',
        String(r.ansvar),
        group(r.balances),
        group(r.budgetRows),
        `${group(r.cold)} ms`,
        ...FORECAST_METHODS.map((m) => `${group(r.methods[m])} ms`),
        r.rows >= 10_000_000
          ? `${r.cold < 1000 ? 'met' : '**NOT met**'} cold, ${Math.max(...Object.values(r.methods)) < 1000 ? 'met' : '**NOT met**'} remembered`
          : '–',
      ]),
    ),
    '',
    ...runs.map(
      (r) =>
        `- ${group(r.rows)} rows, ${r.shape}, ${r.engine}: import ${r.importSeconds.toFixed(1)} s (not the import benchmark: one process, no memory figures); runs ${FORECAST_METHODS.map((m) => `${m} ${r.runs[m].join('/')} ms`).join('; ')}.`,
    ),
    '',
    END,
  ].join('\n');
  const at = text.indexOf(START);
  const next =
    at === -1
      ? `${text.trimEnd()}\n\n${body}\n`
      : `${text.slice(0, at)}${body}${text.slice(text.indexOf(END) + END.length)}`;
  writeFileSync(doc, next);
}

const args = process.argv.slice(2);
const sizes = option(args, '--rows', '1000000,10000000').split(',').map(Number);
const engines = option(args, '--engines', 'pglite,postgres').split(',') as (
  'pglite' | 'postgres'
)[];
const shape = option(args, '--shape', 'uniform');
const month = Number(option(args, '--month', '6'));
const dir = path.resolve(option(args, '--dir', path.join(ROOT, 'bench', 'out')));
let postgres: string | undefined;
if (engines.includes('postgres'))
  postgres = await postgresAdmin(process.env['DATABASE_URL'] ?? DEFAULT_URL, async (c) => {
    const r = await c.query<{ version: string }>('select version()');
    return r.rows[0]?.version.split(' on ')[0];
  });
const runs: Run[] = [];
for (const rows of sizes) {
  const file = ensureFile(dir, rows, shape);
  for (const engine of engines) {
    process.stderr.write(`${group(rows)} rows, ${shape}, ${engine}\n`);
    const run = await measure(file, rows, shape, engine, month);
    process.stdout.write(
      `${group(rows)} ${shape} ${engine}: ${run.ansvar} ansvar, ${group(run.balances)} period balances, ${group(run.budgetRows)} budget rows; first ${group(run.cold)} ms; ${FORECAST_METHODS.map((m) => `${m} ${group(run.methods[m])} ms`).join(', ')}\n`,
    );
    runs.push(run);
  }
}
write(runs, month, postgres);
