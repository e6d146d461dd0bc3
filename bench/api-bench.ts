/**
 * API latency benchmark: the overview and drill-down endpoints under 50 concurrent clients on
 * loopback (autocannon), on the demo municipality and on a generated one with 10 M ledger rows,
 * on PostgreSQL and on PGlite; and the JavaScript of the web app's first page (Översikt).
 *
 *   node bench/api-bench.ts [--datasets demo,10m] [--engines postgres,pglite] [--duration 10]
 *                           [--warm-up 3] [--connections 50] [--no-web] [--web-only]
 *                           [--baseline] [--report]
 *
 * Databases are prepared once and reused (bench/out/, git-ignored): PGlite in the folders
 * bench/out/api-demo-pglite and bench/out/api-10m-pglite, PostgreSQL in the databases
 * balans_api_demo and balans_api_10m on the server of DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres). Each step is checked in the database and done
 * only when missing: the ledger (`balans demo`, or `balans import sie` of the file
 * bench/generate-sie.ts writes), for 10 M rows an organisation and a budget (derived from the
 * ledger), and two users: a controller and an enhetschef with a scope.
 *
 * The server runs in a child process (bench/api-server.ts); the load comes from this one. Each
 * endpoint is asked once (the first, uncached answer; it must be 200 with JSON), loaded for
 * --warm-up seconds, then measured for --duration seconds. Latencies are those of every response
 * (p50/p95/p99 computed here from all of them); a run with any non-2xx answer or socket error is
 * marked failed.
 *
 * Results are kept per dataset and engine in bench/out/api-results.json (--baseline stores a run
 * as the "before" figures instead) and written to docs/benchmarks.md between the markers
 * <!-- api-bench --> and <!-- /api-bench -->; the rest of the file (the import benchmark's) is
 * left as it is, and so is the text between <!-- api-bench:notes --> and <!-- /api-bench:notes -->.
 */
import autocannon from 'autocannon';
import {
  codeVersion,
  cpuTimes,
  describeMachine,
  group,
  machine,
  option,
  postgresAdmin as postgresAdminAt,
  ROOT,
  srcFingerprint,
  table,
  waitForQuiet,
  type Machine,
} from './bench-support.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type pg from 'pg';
import { audited } from '../src/audit/audit.service.ts';
import { createUser } from '../src/auth/auth.service.ts';
import { importBudget } from '../src/budget/budget.service.ts';
import { openDatabase, type BalansDb, type OpenOptions } from '../src/db/database.ts';
import { findFiscalYearStartingIn } from '../src/ledger/ledger.repository.ts';
import { importOrganisation } from '../src/organisation/organisation.service.ts';
import { objectNames } from '../src/reports/reports.repository.ts';
import type { GenerateSummary } from './generate-sie.ts';

type Engine = 'postgres' | 'pglite';
type Dataset = 'demo' | '10m';
type Who = 'controller' | 'manager';

const OUT = path.join(ROOT, 'bench', 'out');
const RESULTS = path.join(OUT, 'api-results.json');
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');
const CLI = path.join(ROOT, 'src', 'cli', 'balans.ts');
const SERVER = path.join(ROOT, 'bench', 'api-server.ts');
const GENERATOR = path.join(ROOT, 'bench', 'generate-sie.ts');
const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS_10M = 10_000_000;
const YEAR = 2024;
const PASSWORD = 'ett långt lösenord för mätningar';
const USERS: Record<Who, string> = { controller: 'bench.ekonom', manager: 'bench.enhetschef' };
/** The manager's scope: a verksamhetsområde of the demo, an enhet of five ansvar at 10 M rows. */
const MANAGER_SCOPE: Record<Dataset, string> = { demo: 'IFO', '10m': 'E5-01' };
const TARGETS = { p95Ms: 50, firstPageGzipBytes: 300_000 };
/** How often the data changes in the run that measures the overview while it does. */
const CHURN_SECONDS = 2;

const START = '<!-- api-bench -->';
const END = '<!-- /api-bench -->';
const NOTES_START = '<!-- api-bench:notes -->';
const NOTES_END = '<!-- /api-bench:notes -->';

// ---------------------------------------------------------------------------------------------
// Results

interface Conditions {
  code: string;
  /** Share of all CPUs busy just before, and seconds waited for quiet. */
  busyBefore: number;
  waitedSeconds: number;
  srcChanged?: boolean;
}

interface EndpointRun {
  name: string;
  who: Who;
  path: string;
  /** The first request after the server started: sequential, nothing cached. */
  firstMs: number;
  responseBytes: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** From every response's latency, in milliseconds. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** The data changed every this many seconds while measured, and how many times it did. */
  changesEverySeconds?: number;
  changes?: number;
  /** Share of one core the server process used, and of all CPUs the machine used, during it. */
  serverCpu?: number;
  machineBusy?: number;
  conditions: Conditions;
}

interface DatasetRun {
  dataset: Dataset;
  engine: Engine;
  date: string;
  machine: Machine;
  connections: number;
  durationSeconds: number;
  warmUpSeconds: number;
  data: DataFacts;
  endpoints: EndpointRun[];
}

interface DataFacts {
  voucherRows: number;
  ledgerBalances: number;
  budgetBalances: number;
  ansvar: number;
  managerScope: string;
  managerAnsvar: number;
}

interface WebFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

interface WebRun {
  date: string;
  code: string;
  eager: WebFile[];
  /** Loaded lazily by Översikt (the cumulative chart) and not already eager. */
  overviewLazy: WebFile[];
}

interface Results {
  runs: Partial<Record<string, DatasetRun>>;
  baseline: Partial<Record<string, DatasetRun>>;
  web?: WebRun;
}

/** The folders whose uncommitted changes the recorded code version mentions. */
const CODE_FOLDERS = ['src', 'web'];

const runKey = (dataset: Dataset, engine: Engine) => `${dataset}/${engine}`;

// ---------------------------------------------------------------------------------------------
// Helpers

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : group(value)} ms`;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const say = (text: string) => process.stderr.write(text + '\n');

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  // Nearest rank: the smallest value with at least p of all values at or below it.
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

/** CPU seconds (user + system) a process has used, from /proc (undefined elsewhere). */
function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Waits (at most a minute) until the machine is quiet: under 15 % of all CPUs busy. */
async function quiet(): Promise<Conditions> {
  const { busy, waitedSeconds } = await waitForQuiet({
    maxMs: 60_000,
    pollMs: 3000,
    say: (text) => {
      say(`    ${text}`);
    },
  });
  return { code: codeVersion(CODE_FOLDERS), busyBefore: busy, waitedSeconds };
}

const adminUrl = () => process.env['DATABASE_URL'] ?? DEFAULT_URL;

function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

function postgresAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return postgresAdminAt(adminUrl(), work);
}

async function postgresVersion(): Promise<string> {
  return postgresAdmin(async (client) => {
    const show = async (setting: string) =>
      (await client.query<Record<string, string>>(`show ${setting}`)).rows[0]?.[setting] ?? '?';
    return (
      `PostgreSQL ${await show('server_version')} (shared_buffers ${await show('shared_buffers')}, ` +
      `max_connections ${await show('max_connections')}), same machine, over TCP`
    );
  });
}

/** Runs `balans ARGS` in a child process; its output goes to stderr. */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`balans ${args.join(' ')} ended with exit code ${code}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The databases

interface Place {
  dataset: Dataset;
  engine: Engine;
  open: OpenOptions;
  /** How the CLI and the server reach it. */
  cliArgs: string[];
  cliEnv: NodeJS.ProcessEnv;
  serverArgs: string[];
}

function placeOf(dataset: Dataset, engine: Engine): Place {
  if (engine === 'pglite') {
    const dataDir = path.join(OUT, `api-${dataset}-pglite`);
    const env = { ...process.env };
    delete env['DATABASE_URL'];
    return {
      dataset,
      engine,
      open: { engine: 'pglite', dataDir },
      cliArgs: ['--data', dataDir],
      cliEnv: env,
      serverArgs: ['--data-dir', dataDir],
    };
  }
  const url = databaseUrl(`balans_api_${dataset}`);
  return {
    dataset,
    engine,
    open: { engine: 'postgres', databaseUrl: url },
    cliArgs: [],
    cliEnv: { ...process.env, DATABASE_URL: url },
    serverArgs: ['--database-url', url],
  };
}

async function withDb<T>(place: Place, work: (handle: BalansDb) => Promise<T>): Promise<T> {
  if (place.engine === 'postgres') {
    const name = `balans_api_${place.dataset}`;
    await postgresAdmin(async (client) => {
      const found = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount === 0) await client.query(`create database ${name}`);
    });
  }
  const handle = await openDatabase(place.open);
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

async function ensureFile(): Promise<GenerateSummary> {
  const file = path.join(OUT, `sie-${ROWS_10M}.se`);
  const meta = `${file}.json`;
  if (!existsSync(file) || !existsSync(meta)) {
    say(`  generating ${path.relative(ROOT, file)}`);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [GENERATOR, file, String(ROWS_10M)], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve();
        else reject(new Error(`generating ${file} failed (exit ${code})`));
      });
    });
  }
  return JSON.parse(readFileSync(meta, 'utf8')) as GenerateSummary;
}

/** Whether the ledger is there: the demo's two years, or every voucher of the generated file. */
async function hasLedger(handle: BalansDb, dataset: Dataset): Promise<boolean> {
  const year = await findFiscalYearStartingIn(handle.db, YEAR);
  if (!year || year.outcomeSource !== 'vouchers') return false;
  if (dataset === 'demo')
    return (await findFiscalYearStartingIn(handle.db, YEAR - 1)) !== undefined;
  const summary = await ensureFile();
  const row = await handle.db
    .selectFrom('voucher')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('fiscal_year_id', '=', year.id)
    .executeTakeFirstOrThrow();
  return Number(row.n) === summary.vouchers;
}

/**
 * The organisation of the generated municipality: the ansvar codes' first digit is their
 * förvaltning (a verksamhetsområde here), and every five ansvar in a row make an enhet.
 */
async function organisationFile(handle: BalansDb): Promise<Buffer> {
  const codes = [...(await objectNames(handle.db, 'ansvar')).keys()]
    .filter((code) => /^\d{4}$/.test(code))
    .sort();
  const lines = ['kod;namn;niva;overordnad', 'KOMMUN;Kommunen;forvaltning;'];
  const areas = [...new Set(codes.map((code) => code.slice(0, 1)))];
  for (const area of areas) {
    lines.push(`F${area};Förvaltning ${area};verksamhetsomrade;KOMMUN`);
    const own = codes.filter((code) => code.startsWith(area));
    for (let i = 0; i < own.length; i += 5) {
      const enhet = `E${area}-${String(i / 5 + 1).padStart(2, '0')}`;
      lines.push(`${enhet};Enhet ${enhet.slice(1)};enhet;F${area}`);
      for (const code of own.slice(i, i + 5)) lines.push(`${code};;ansvar;${enhet}`);
    }
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

/** A budget for the generated year: each month's outcome of the operating accounts plus 2 %, in whole kronor. */
async function budgetFile(handle: BalansDb): Promise<Buffer> {
  const year = await findFiscalYearStartingIn(handle.db, YEAR);
  if (!year) throw new Error(`no fiscal year ${YEAR}`);
  const result = await sql<{
    ansvar: string;
    verksamhet: string;
    projekt: string;
    konto: string;
    period: number;
    amount: bigint;
  }>`
    select ansvar, verksamhet, projekt, konto, period, sum(amount_ore)::bigint as amount
    from ledger_balance
    where fiscal_year_id = ${year.id} and period > 0 and substr(konto, 1, 1) between '3' and '7'
    group by ansvar, verksamhet, projekt, konto, period`.execute(handle.db);
  const rows = new Map<string, bigint[]>();
  for (const r of result.rows) {
    const key = [r.ansvar, r.verksamhet, r.projekt, r.konto].join(';');
    const months = rows.get(key) ?? Array.from({ length: 12 }, () => 0n);
    const month = (r.period % 100) - 1;
    months[month] = (months[month] ?? 0n) + r.amount;
    rows.set(key, months);
  }
  const lines = [
    'ansvar;verksamhet;projekt;konto;ar;jan;feb;mar;apr;maj;jun;jul;aug;sep;okt;nov;dec',
  ];
  for (const [key, months] of [...rows].sort(([a], [b]) => (a < b ? -1 : 1)))
    lines.push(`${key};${YEAR};${months.map((ore) => String((ore * 102n) / 10_000n)).join(';')}`);
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

/** Prepares (or finds prepared) the dataset on the engine; returns facts about it. */
async function prepare(place: Place): Promise<DataFacts> {
  const { dataset } = place;
  const name = runKey(dataset, place.engine);
  if (!(await withDb(place, (handle) => hasLedger(handle, dataset)))) {
    if (dataset === 'demo') {
      say(`  ${name}: building the demo municipality`);
      await runCli(['demo', ...place.cliArgs], place.cliEnv);
    } else {
      const summary = await ensureFile();
      say(`  ${name}: a fresh database, importing ${summary.file} (this takes minutes)`);
      if (place.engine === 'pglite')
        rmSync(place.serverArgs[1] ?? '', { recursive: true, force: true });
      else
        await postgresAdmin(async (client) => {
          await client.query(`drop database if exists balans_api_${dataset} with (force)`);
          await client.query(`create database balans_api_${dataset}`);
        });
      await runCli(['import', 'sie', summary.file, ...place.cliArgs], place.cliEnv);
    }
  }
  return withDb(place, async (handle) => {
    const { db } = handle;
    if (dataset === '10m') {
      const units = await db.selectFrom('org_unit').select('code').limit(1).execute();
      if (units.length === 0) {
        say(`  ${name}: importing an organisation`);
        const bytes = await organisationFile(handle);
        await audited(
          handle,
          { actor: 'bench', action: 'import.organisation', target: 'bench' },
          (tx) => importOrganisation(tx.db, { name: 'organisation.csv', bytes }),
        );
      }
      const year = await findFiscalYearStartingIn(db, YEAR);
      const current = year
        ? await db
            .selectFrom('budget_version')
            .select('id')
            .where('fiscal_year_id', '=', year.id)
            .where('is_current', '=', true)
            .executeTakeFirst()
        : undefined;
      if (!current) {
        say(`  ${name}: importing a budget (the outcome + 2 %)`);
        const bytes = await budgetFile(handle);
        await audited(handle, { actor: 'bench', action: 'import.budget', target: 'bench' }, (tx) =>
          importBudget(
            tx.db,
            { name: 'budget.csv', bytes },
            { year: YEAR, version: 'Budget', makeCurrent: true },
          ),
        );
      }
    }
    for (const who of ['controller', 'manager'] as const) {
      const username = USERS[who];
      const found = await db
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirst();
      if (found) continue;
      say(`  ${name}: adding the user ${username}`);
      await handle.transaction((tx) =>
        createUser(tx.db, 'bench', {
          username,
          displayName: who === 'controller' ? 'Bänk Ekonom' : 'Bänk Enhetschef',
          password: PASSWORD,
          role: who === 'controller' ? 'controller' : 'enhetschef',
          scope: who === 'controller' ? [] : [MANAGER_SCOPE[dataset]],
        }),
      );
    }
    // Fresh planner statistics, as autovacuum would have them on a database in use.
    await sql`analyze`.execute(db);
    const count = async (query: ReturnType<typeof sql<{ n: string }>>) =>
      Number((await query.execute(db)).rows[0]?.n ?? 0);
    const scope = MANAGER_SCOPE[dataset];
    return {
      voucherRows: await count(sql<{ n: string }>`select count(*) as n from voucher_row`),
      ledgerBalances: await count(sql<{ n: string }>`select count(*) as n from ledger_balance`),
      budgetBalances: await count(sql<{ n: string }>`select count(*) as n from budget_balance`),
      ansvar: await count(
        sql<{ n: string }>`select count(*) as n from org_unit where level = 'ansvar'`,
      ),
      managerScope: scope,
      managerAnsvar: await count(sql<{ n: string }>`
        with recursive below(code) as (
          select ${scope}::text union select u.code from org_unit u join below b on u.parent_code = b.code)
        select count(*) as n from org_unit u join below b on u.code = b.code where u.level = 'ansvar'`),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The server and the load

interface Server {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Servers still running, stopped when this process ends however it ends. */
const servers = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of servers) child.kill('SIGTERM');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    process.exit(130);
  });

function startServer(place: Place): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [SERVER, ...place.serverArgs], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    servers.add(child);
    const closed = new Promise<void>((done) => {
      child.once('close', () => {
        servers.delete(child);
        done();
      });
    });
    child.once('error', reject);
    child.once('close', (code) => {
      reject(new Error(`the server ended with exit code ${code}`));
    });
    if (!child.stdout) throw new Error('no stdout');
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^LISTENING (\S+)$/.exec(line);
      if (match?.[1])
        resolve({
          url: match[1],
          pid: child.pid,
          stop: async () => {
            child.kill('SIGTERM');
            await closed;
          },
        });
    });
  });
}

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(server: Server, who: Who): Promise<Session> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USERS[who], password: PASSWORD }),
  });
  if (response.status !== 200)
    throw new Error(`signing in ${USERS[who]}: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (!cookie) throw new Error(`signing in ${USERS[who]}: no session cookie`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

interface Unit {
  code: string;
  name: string;
  parent: string | null;
  version: number;
}

/**
 * Renames the top unit of the organisation through the API every `seconds`, as a controller
 * would; each rename is a change of the figures' version, so every remembered answer goes. Stop
 * gives the unit its name back and tells how many renames there were.
 */
function renamingEvery(server: Server, session: Session, seconds: number) {
  const rename = async (name: (original: string) => string) => {
    const { body } = await ask(server, session.cookie, '/api/organisation');
    const top = (body as { units: Unit[] }).units.find((u) => u.parent === null);
    if (!top) throw new Error('the organisation has no top unit');
    const response = await fetch(`${server.url}/api/organisation/units/${top.code}`, {
      method: 'PATCH',
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: name(top.name.replace(/ \(ändrad \d+\)$/, '')),
        version: top.version,
      }),
    });
    if (response.status !== 200)
      throw new Error(`renaming ${top.code}: ${response.status} ${await response.text()}`);
  };
  let renames = 0;
  let failure: Error | undefined;
  let pending = Promise.resolve();
  const timer = setInterval(() => {
    pending = pending.then(async () => {
      renames += 1;
      await rename((original) => `${original} (ändrad ${renames})`).catch((error: unknown) => {
        failure = error instanceof Error ? error : new Error(String(error));
      });
    });
  }, seconds * 1000);
  return {
    async stop(): Promise<number> {
      clearInterval(timer);
      await pending;
      await rename((original) => original);
      if (failure) throw failure;
      return renames;
    },
  };
}

/** A request answered 200 with JSON, and how long it took. */
async function ask(
  server: Server,
  cookie: string,
  url: string,
): Promise<{ body: unknown; ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(`${server.url}${url}`, { headers: { cookie } });
  const text = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text}`);
  return { body: JSON.parse(text) as unknown, ms: elapsed, bytes: Buffer.byteLength(text) };
}

interface DrillRow {
  code: string;
  utfall: number;
}

/** The code of the row with the largest utfall (absolute) of a drill-down level. */
async function largest(server: Server, cookie: string, url: string): Promise<string> {
  const { body } = await ask(server, cookie, url);
  const rows = (body as { rows: DrillRow[] }).rows;
  const best = [...rows].sort((a, b) => Math.abs(b.utfall) - Math.abs(a.utfall))[0];
  if (!best) throw new Error(`GET ${url}: no rows`);
  return best.code;
}

interface Endpoint {
  name: string;
  who: Who;
  path: string;
  /** The data changed every this many seconds while measured (not part of the target). */
  changesEverySeconds?: number;
}

/** The endpoints to load; the drill-down's codes are the largest figures a user would click. */
async function endpoints(server: Server, sessions: Record<Who, Session>): Promise<Endpoint[]> {
  const y = `year=${YEAR}`;
  const c = sessions.controller.cookie;
  const m = sessions.manager.cookie;
  const verksamhet = await largest(server, c, `/api/drilldown?${y}&by=verksamhet`);
  const ansvar = await largest(server, c, `/api/drilldown?${y}&verksamhet=${verksamhet}&by=ansvar`);
  const konto = await largest(server, c, `/api/drilldown?${y}&ansvar=${ansvar}&by=konto`);
  const own = await largest(server, m, `/api/drilldown?${y}&by=ansvar`);
  const ownKonto = await largest(server, m, `/api/drilldown?${y}&ansvar=${own}&by=konto`);
  return [
    { name: 'overview', who: 'controller', path: `/api/overview?${y}` },
    { name: 'overview', who: 'manager', path: `/api/overview?${y}` },
    {
      name: 'drill-down by verksamhet',
      who: 'controller',
      path: `/api/drilldown?${y}&by=verksamhet`,
    },
    {
      name: 'drill-down verksamhet → by ansvar',
      who: 'controller',
      path: `/api/drilldown?${y}&verksamhet=${verksamhet}&by=ansvar`,
    },
    {
      name: 'drill-down ansvar → by konto',
      who: 'controller',
      path: `/api/drilldown?${y}&ansvar=${ansvar}&by=konto`,
    },
    { name: 'drill-down by ansvar', who: 'manager', path: `/api/drilldown?${y}&by=ansvar` },
    {
      name: 'voucher rows (100)',
      who: 'controller',
      path: `/api/drilldown/vouchers?${y}&ansvar=${ansvar}&konto=${konto}&limit=100`,
    },
    {
      name: 'voucher rows (100)',
      who: 'manager',
      path: `/api/drilldown/vouchers?${y}&ansvar=${own}&konto=${ownKonto}&limit=100`,
    },
  ];
}

interface Load {
  requests: number;
  seconds: number;
  latencies: number[];
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function load(
  url: string,
  cookie: string,
  seconds: number,
  connections: number,
): Promise<Load> {
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 30,
    headers: { cookie },
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, time: number) => {
    latencies.push(time);
  });
  const result = await instance;
  return {
    requests: latencies.length,
    seconds: result.duration,
    latencies,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

async function measureDataset(
  place: Place,
  options: { connections: number; duration: number; warmUp: number; postgres?: string },
): Promise<DatasetRun> {
  const name = runKey(place.dataset, place.engine);
  say(`\n${name}: preparing`);
  const data = await prepare(place);
  say(`  ${group(data.voucherRows)} voucher rows, ${group(data.ledgerBalances)} ledger balances`);
  // Sign in and find the drill-down's codes with one server; measure with a fresh one, so that
  // the first answers are computed, not remembered.
  const finder = await startServer(place);
  let sessions: Record<Who, Session>;
  let list: Endpoint[];
  try {
    sessions = {
      controller: await signIn(finder, 'controller'),
      manager: await signIn(finder, 'manager'),
    };
    list = await endpoints(finder, sessions);
  } finally {
    await finder.stop();
  }
  const server = await startServer(place);
  const runs: EndpointRun[] = [];
  try {
    const first = new Map<string, { ms: number; bytes: number }>();
    for (const endpoint of list) {
      const answer = await ask(server, sessions[endpoint.who].cookie, endpoint.path);
      first.set(`${endpoint.who} ${endpoint.path}`, { ms: answer.ms, bytes: answer.bytes });
    }
    const measure = async (endpoint: Endpoint): Promise<EndpointRun> => {
      const cookie = sessions[endpoint.who].cookie;
      const url = `${server.url}${endpoint.path}`;
      const conditions = await quiet();
      await load(url, cookie, options.warmUp, options.connections);
      const before = srcFingerprint();
      const cpuBefore = cpuTimes();
      const serverBefore = processCpuSeconds(server.pid);
      const changing =
        endpoint.changesEverySeconds === undefined
          ? undefined
          : renamingEvery(server, sessions.controller, endpoint.changesEverySeconds);
      const measured = await load(url, cookie, options.duration, options.connections);
      const changes = await changing?.stop();
      const serverAfter = processCpuSeconds(server.pid);
      const cpuAfter = cpuTimes();
      if (srcFingerprint() !== before) conditions.srcChanged = true;
      const sorted = [...measured.latencies].sort((a, b) => a - b);
      const seen = first.get(`${endpoint.who} ${endpoint.path}`);
      const run: EndpointRun = {
        ...endpoint,
        firstMs: seen?.ms ?? 0,
        responseBytes: seen?.bytes ?? 0,
        requests: measured.requests,
        seconds: measured.seconds,
        requestsPerSecond: measured.requests / measured.seconds,
        p50: percentile(sorted, 0.5),
        p95: percentile(sorted, 0.95),
        p99: percentile(sorted, 0.99),
        max: sorted.at(-1) ?? 0,
        non2xx: measured.non2xx,
        errors: measured.errors,
        timeouts: measured.timeouts,
        ...(changes === undefined ? {} : { changes }),
        ...(serverBefore !== undefined && serverAfter !== undefined
          ? { serverCpu: (serverAfter - serverBefore) / measured.seconds }
          : {}),
        ...(cpuBefore && cpuAfter && cpuAfter.total > cpuBefore.total
          ? { machineBusy: (cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total) }
          : {}),
        conditions,
      };
      const label = `${endpoint.name} (${endpoint.who})`;
      say(
        `  ${label.padEnd(50)} ${group(run.requestsPerSecond).padStart(6)} req/s  p50 ${ms(run.p50)}  ` +
          `p95 ${ms(run.p95)}  p99 ${ms(run.p99)}  first ${ms(run.firstMs)}` +
          (failed(run)
            ? `  FAILED: ${run.requests} answers, ${run.non2xx} non-2xx, ${run.errors} errors, ${run.timeouts} timeouts`
            : ''),
      );
      return run;
    };
    for (const endpoint of list) runs.push(await measure(endpoint));
    // What remembering cannot help: the data changing under the load, each change making every
    // answer new (not part of the target, which is about answers asked again).
    const overview = list[0];
    if (overview)
      runs.push(
        await measure({
          ...overview,
          name: `overview, data changed every ${CHURN_SECONDS} s`,
          changesEverySeconds: CHURN_SECONDS,
        }),
      );
  } finally {
    await server.stop();
  }
  return {
    dataset: place.dataset,
    engine: place.engine,
    date: new Date().toISOString(),
    machine: machine(options.postgres),
    connections: options.connections,
    durationSeconds: options.duration,
    warmUpSeconds: options.warmUp,
    data,
    endpoints: runs,
  };
}

// ---------------------------------------------------------------------------------------------
// The web app's first page

async function measureWeb(): Promise<WebRun> {
  const outDir = path.join(OUT, 'web');
  say('\nweb: building the web app (vite build)');
  process.env['NODE_ENV'] = 'production';
  const { build } = await import('vite');
  await build({
    configFile: path.join(ROOT, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: true },
  });
  const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const eagerUrls = [
    ...[...html.matchAll(/<script\b[^>]*type="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]),
  ].filter((u): u is string => u !== undefined);
  const manifest = JSON.parse(
    readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, { file: string; imports?: string[] }>;
  // The chart Översikt loads lazily, with the chunks it imports that are not loaded already.
  const chart = manifest['src/components/CumulativeChart.tsx'];
  if (!chart) throw new Error('the manifest has no chunk for src/components/CumulativeChart.tsx');
  const closure = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || closure.has(chunk.file)) return;
    closure.add(chunk.file);
    for (const next of chunk.imports ?? []) visit(next);
  };
  visit('src/components/CumulativeChart.tsx');
  const eagerFiles = eagerUrls.map((u) => u.replace(/^\//, ''));
  const sized = (file: string): WebFile => {
    const bytes = readFileSync(path.join(outDir, file));
    return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  };
  return {
    date: new Date().toISOString(),
    code: codeVersion(CODE_FOLDERS),
    eager: eagerFiles.map(sized),
    overviewLazy: [...closure].filter((f) => !eagerFiles.includes(f)).map(sized),
  };
}

// ---------------------------------------------------------------------------------------------
// Reporting

const ENGINE_NAME: Record<Engine, string> = { postgres: 'PostgreSQL', pglite: 'PGlite' };
const DATASET_NAME: Record<Dataset, string> = {
  demo: 'Demo (Exempelkommun)',
  '10m': '10 M rows',
};
/** Any answer other than 2xx, a socket error or timeout — or no answer at all within the run. */
const failed = (r: EndpointRun) => r.requests === 0 || r.non2xx + r.errors + r.timeouts > 0;
const sum = (files: readonly WebFile[], field: 'bytes' | 'gzipBytes') =>
  files.reduce((total, f) => total + f[field], 0);

function keptNotes(text: string): string {
  const start = text.indexOf(NOTES_START);
  const end = text.indexOf(NOTES_END);
  if (start < 0 || end < start) return '';
  return text.slice(start + NOTES_START.length, end).trim();
}

const ORDER: [Dataset, Engine][] = [
  ['demo', 'postgres'],
  ['demo', 'pglite'],
  ['10m', 'postgres'],
  ['10m', 'pglite'],
];

function targetRows(results: Results): string[][] {
  const rows: string[][] = [];
  const verdict = (ok: boolean) => (ok ? 'met' : '**NOT met**');
  for (const [dataset, engine] of ORDER) {
    const run = results.runs[runKey(dataset, engine)];
    const goal = `p95 under ${TARGETS.p95Ms} ms at ${run?.connections ?? 50} clients, ${DATASET_NAME[dataset]}, ${ENGINE_NAME[engine]}`;
    if (!run) {
      rows.push([goal, 'not measured', '–']);
      continue;
    }
    // The runs with the data changing under them are shown, not judged: see What is measured.
    const judged = run.endpoints.filter((r) => r.changesEverySeconds === undefined);
    const worst = [...judged].sort((a, b) => b.p95 - a.p95)[0];
    const anyFailed = judged.some(failed);
    rows.push([
      goal,
      worst
        ? `worst ${ms(worst.p95)} (${worst.name}, ${worst.who})${anyFailed ? '; errors' : ''}`
        : 'no endpoints',
      verdict(!anyFailed && worst !== undefined && worst.p95 < TARGETS.p95Ms),
    ]);
  }
  const web = results.web;
  const goal = `JavaScript of the first page under ${kb(TARGETS.firstPageGzipBytes)} gzip`;
  if (!web) rows.push([goal, 'not measured', '–']);
  else {
    const total = sum(web.eager, 'gzipBytes') + sum(web.overviewLazy, 'gzipBytes');
    rows.push([
      goal,
      `${kb(total)} (eager ${kb(sum(web.eager, 'gzipBytes'))})`,
      verdict(total < TARGETS.firstPageGzipBytes),
    ]);
  }
  return rows;
}

function renderSection(results: Results, notes: string): string {
  const out: string[] = [];
  out.push(START);
  out.push('');
  out.push('## API latency and the first page’s JavaScript');
  out.push('');
  out.push(
    'Written by `npm run bench:api` (`node bench/api-bench.ts [--datasets demo,10m] [--engines postgres,pglite] ' +
      '[--duration 10] [--connections 50]`), at the dates given; the import benchmark above leaves this section as it is.',
  );
  out.push('');
  out.push('### What is measured');
  out.push('');
  out.push(
    [
      '- **Data**: the demo municipality (`balans demo`: Exempelkommun, 2023 and 2024) and the generated ' +
        'municipality of the import benchmark with 10 000 000 `#TRANS` rows for 2024 (`balans import sie`), to ' +
        'which the benchmark adds an organisation (seven verksamhetsområden, enheter of five ansvar) and a ' +
        'budget (each month’s outcome of the operating accounts + 2 %, imported as a budget template). Each ' +
        'database is prepared once and reused: PGlite in a folder under bench/out/, PostgreSQL in a database ' +
        'of its own; planner statistics are refreshed (`analyze`) before measuring.',
      '- **Users**: a controller (sees everything) and an enhetschef whose scope is one part of the ' +
        'organisation (the demo’s verksamhetsområde IFO; at 10 M rows an enhet of five ansvar), each signed ' +
        'in with `POST /api/auth/login`; every request carries the session cookie and passes the session ' +
        'check and the scoping as a browser’s would.',
      '- **Endpoints**: `GET /api/overview?year=2024`; the drill-down by verksamhet, then the largest ' +
        'verksamhet by ansvar, then that verksamhet’s largest ansvar by konto; the manager’s drill-down by ' +
        'ansvar; and the voucher rows (`/api/drilldown/vouchers`, 100 a page) behind the largest konto of an ' +
        'ansvar, for both users.',
      '- **Load**: the server runs in a child process (`bench/api-server.ts`: `startServer` on 127.0.0.1); ' +
        'autocannon in the benchmark process keeps the given number of connections busy (one request at a ' +
        'time each, keep-alive) for a warm-up, then for the measured seconds. p50/p95/p99 are computed from ' +
        'the latency of every response of the measured run. A run with any non-2xx answer, socket error or ' +
        'timeout, or without any answer, is marked failed. “First” is the first request of each endpoint, ' +
        'sequential, right after the server started: the answer computed, not remembered. “Server CPU” is the ' +
        'server process’s CPU time over the run (1.00 = one core); “machine” is the share of all CPUs busy, ' +
        'the load generator and PostgreSQL included.',
      `- **Data changing under load**: the last row of each table loads the overview while the ` +
        `controller renames the organisation’s top unit through the API every ${CHURN_SECONDS} s — each ` +
        'rename a new data version, after which every answer is computed anew. It shows the cost of a ' +
        'change under load and is not judged against the target.',
      '- **JavaScript of the first page**: `vite build` of the web app (into bench/out/web, with its ' +
        'manifest); “eager” is the module script and the modulepreload links of index.html, “first page” ' +
        'adds what Översikt loads lazily (the cumulative chart and the chunks it imports). Sizes gzip level 9 ' +
        '(node:zlib); 1 kB = 1 000 bytes.',
    ].join('\n'),
  );
  out.push('');
  const all = ORDER.map(([d, e]) => results.runs[runKey(d, e)]).filter(
    (r): r is DatasetRun => r !== undefined,
  );
  out.push('### Machine');
  out.push('');
  const machines = [...new Set(all.map((r) => JSON.stringify(r.machine)))];
  if (machines.length === 1 && all[0]) out.push(describeMachine(all[0].machine));
  else
    for (const r of all) {
      out.push(`${DATASET_NAME[r.dataset]}, ${ENGINE_NAME[r.engine]}:`);
      out.push('');
      out.push(describeMachine(r.machine));
      out.push('');
    }
  out.push('');
  out.push('### Latency');
  for (const run of all) {
    const key = runKey(run.dataset, run.engine);
    const before = results.baseline[key];
    out.push('');
    out.push(
      `#### ${DATASET_NAME[run.dataset]}, ${ENGINE_NAME[run.engine]} (${run.date.slice(0, 16).replace('T', ' ')} UTC)`,
    );
    out.push('');
    out.push(
      `${group(run.data.voucherRows)} voucher rows, ${group(run.data.ledgerBalances)} rows in \`ledger_balance\`, ` +
        `${group(run.data.budgetBalances)} in \`budget_balance\`, ${group(run.data.ansvar)} ansvar in the organisation; ` +
        `the enhetschef sees ${run.data.managerScope} (${group(run.data.managerAnsvar)} ansvar). ` +
        `${run.connections} connections, ${run.warmUpSeconds} s warm-up, ${run.durationSeconds} s measured.`,
    );
    out.push('');
    const head = [
      'Endpoint',
      'User',
      'First',
      'Requests/s',
      'p50',
      'p95',
      'p99',
      'Max',
      'Non-2xx / errors',
      'Server CPU / machine',
    ];
    if (before) head.push('Before: req/s, p95');
    const rows = run.endpoints.map((r) => {
      const cells = [
        r.changes === undefined ? r.name : `${r.name} (${r.changes} changes)`,
        r.who,
        ms(r.firstMs),
        group(r.requestsPerSecond),
        ms(r.p50),
        `**${ms(r.p95)}**`,
        ms(r.p99),
        ms(r.max),
        r.requests === 0
          ? '**no answer in the run**'
          : failed(r)
            ? `**${r.non2xx} / ${r.errors + r.timeouts}**`
            : '0 / 0',
        `${r.serverCpu === undefined ? '–' : r.serverCpu.toFixed(2)} / ${
          r.machineBusy === undefined ? '–' : `${Math.round(r.machineBusy * 100)} %`
        }`,
      ];
      if (before) {
        const old = before.endpoints.find((b) => b.name === r.name && b.who === r.who);
        cells.push(
          old === undefined
            ? '–'
            : old.requests === 0
              ? `no answer in ${old.seconds.toFixed(0)} s`
              : `${group(old.requestsPerSecond)}, ${ms(old.p95)}`,
        );
      }
      return cells;
    });
    out.push(table(head, rows));
    out.push('');
    const codes = [...new Set(run.endpoints.map((r) => r.conditions.code))];
    const busiest = Math.max(...run.endpoints.map((r) => r.conditions.busyBefore));
    out.push(
      `Paths: ${run.endpoints
        .map((r) => `\`${r.path}\``)
        .filter((p, i, a) => a.indexOf(p) === i)
        .join(', ')}. ` +
        `Code: ${codes.join('; ')}. Machine at most ${Math.round(busiest * 100)} % busy just before a run.` +
        (run.endpoints.some((r) => r.conditions.srcChanged)
          ? ' **Files under src/ changed during a measurement.**'
          : ''),
    );
    if (before) {
      const busy = Math.max(...before.endpoints.map((r) => r.conditions.busyBefore));
      out.push('');
      out.push(
        `Before: measured ${before.date.slice(0, 16).replace('T', ' ')} UTC on ` +
          `${[...new Set(before.endpoints.map((r) => r.conditions.code))].join('; ')}; machine at ` +
          `most ${Math.round(busy * 100)} % busy just before a run.`,
      );
    }
  }
  out.push('');
  out.push('### JavaScript of the first page');
  out.push('');
  const web = results.web;
  if (!web) out.push('Not measured.');
  else {
    const rows = [
      ...web.eager.map((f) => ['eager', f.file, kb(f.bytes), kb(f.gzipBytes)]),
      ...web.overviewLazy.map((f) => ['Översikt, lazy', f.file, kb(f.bytes), kb(f.gzipBytes)]),
      ['**eager**', '', kb(sum(web.eager, 'bytes')), `**${kb(sum(web.eager, 'gzipBytes'))}**`],
      [
        '**first page**',
        '',
        kb(sum(web.eager, 'bytes') + sum(web.overviewLazy, 'bytes')),
        `**${kb(sum(web.eager, 'gzipBytes') + sum(web.overviewLazy, 'gzipBytes'))}**`,
      ],
    ];
    out.push(table(['Loaded', 'File', 'Bytes', 'gzip -9'], rows));
    out.push('');
    out.push(`Built ${web.date.slice(0, 16).replace('T', ' ')} UTC from ${web.code}.`);
  }
  out.push('');
  out.push('### Targets');
  out.push('');
  out.push(table(['Target', 'Measured', 'Result'], targetRows(results)));
  out.push('');
  out.push('### Observations');
  out.push('');
  out.push(NOTES_START);
  if (notes) out.push(notes);
  out.push(NOTES_END);
  out.push('');
  out.push(END);
  return out.join('\n');
}

/** Writes this benchmark's section into docs/benchmarks.md, leaving everything else as it is. */
function writeDoc(results: Results): void {
  const text = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const section = renderSection(results, keptNotes(text));
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + section + text.slice(end + END.length)
      : `${text.trimEnd()}${text ? '\n\n' : ''}${section}\n`;
  writeFileSync(DOC, next);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const datasets = option(args, '--datasets', 'demo,10m').split(',');
  const engines = option(args, '--engines', 'postgres,pglite').split(',');
  for (const d of datasets)
    if (d !== 'demo' && d !== '10m') throw new Error(`--datasets: write demo, 10m or both`);
  for (const e of engines)
    if (e !== 'postgres' && e !== 'pglite')
      throw new Error(`--engines: write postgres, pglite or both`);
  const connections = Number(option(args, '--connections', '50'));
  const duration = Number(option(args, '--duration', '10'));
  const warmUp = Number(option(args, '--warm-up', '3'));
  mkdirSync(OUT, { recursive: true });
  // Read afresh before each change, so that runs of separate processes all end up in the file.
  const stored = (): Results =>
    existsSync(RESULTS)
      ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Results)
      : { runs: {}, baseline: {} };
  const save = (change: (results: Results) => void) => {
    const results = stored();
    change(results);
    writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
    writeDoc(results);
  };
  if (args.includes('--report')) {
    writeDoc(stored());
    return;
  }
  if (!args.includes('--no-web')) {
    const web = await measureWeb();
    const eager = sum(web.eager, 'gzipBytes');
    say(
      `  eager JavaScript ${kb(eager)} gzip; first page ${kb(eager + sum(web.overviewLazy, 'gzipBytes'))} gzip`,
    );
    save((results) => {
      results.web = web;
    });
  }
  if (args.includes('--web-only')) return;

  let postgres: string | undefined;
  if (engines.includes('postgres')) {
    try {
      postgres = await postgresVersion();
    } catch (error) {
      throw new Error(
        `PostgreSQL is not reachable at ${adminUrl()} (${(error as Error).message}); start it, set ` +
          'DATABASE_URL, or run with --engines pglite',
        { cause: error },
      );
    }
  }
  const baseline = args.includes('--baseline');
  for (const dataset of datasets as Dataset[]) {
    for (const engine of engines as Engine[]) {
      const run = await measureDataset(placeOf(dataset, engine), {
        connections,
        duration,
        warmUp,
        ...(postgres ? { postgres } : {}),
      });
      save((results) => {
        (baseline ? results.baseline : results.runs)[runKey(dataset, engine)] = run;
      });
    }
  }
  process.stdout.write(`\n${table(['Target', 'Measured', 'Result'], targetRows(stored()))}\n`);
  process.stdout.write(`\nWritten: ${path.relative(ROOT, DOC)}\n`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`api-bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
