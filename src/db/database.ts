import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../shared/app-error.ts';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type Engine = 'pglite' | 'postgres';

export interface BalansDb {
  db: Kysely<Database>;
  engine: Engine;
  /** Where the data is, for messages: a folder, "memory" or the server without password. */
  location: string;
  /**
   * Runs work in one transaction that can also bulk-load with COPY (imports): committed when
   * work resolves, rolled back when it throws.
   */
  transaction<T>(work: (tx: DbTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A transaction: Kysely for queries, and COPY for loading many rows fast. */
export interface DbTransaction {
  db: Kysely<Database>;
  /**
   * 'pglite' when the database is embedded: one process holds its folder alone, so a lock on a
   * whole table for the rest of the transaction keeps no one else waiting.
   */
  engine: Engine;
  /**
   * Loads rows in PostgreSQL's COPY text format (tab-separated, \N for null, one row a line), as
   * text or as its UTF-8 bytes.
   */
  copyInto(table: string, columns: readonly string[], rows: string | Uint8Array): Promise<void>;
}

function copySql(table: string, columns: readonly string[], source: string): string {
  return `copy ${table} (${columns.join(', ')}) from ${source}`;
}

export type OpenOptions =
  /** lockTimeoutMs: how long a query waits for a locked table (default LOCK_TIMEOUT_MS). */
  | { engine: 'postgres'; databaseUrl: string; lockTimeoutMs?: number }
  | { engine: 'pglite'; dataDir: string }
  /** In memory, optionally from a dumped data folder (tests start from a migrated template). */
  | { engine: 'pglite-memory'; template?: Blob };

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

/** bigint stays bigint, dates stay ISO text, numeric stays text: no value passes through a float. */
const parsers: Record<number, (value: string) => unknown> = {
  [INT8]: (value) => BigInt(value),
  [DATE]: (value) => value,
  [NUMERIC]: (value) => value,
};

const builtinParser = pg.types.getTypeParser.bind(pg.types) as (
  oid: number,
) => (value: string) => unknown;

function postgresTypeParser(oid: number): (value: string) => unknown {
  return parsers[oid] ?? builtinParser(oid);
}

/**
 * PGlite's start parameters: its defaults, and `wal_level=minimal` (which needs
 * `max_wal_senders=0`). An embedded database has no replicas or WAL archive to feed, and at this
 * level the rows COPY writes into a table emptied by TRUNCATE in the same transaction are not
 * written to the WAL as well (PostgreSQL's "WAL skip"; an import that replaces the only year
 * does that: ledger.repository.ts `clearYearOutcome`). Crash recovery is unchanged.
 */
const PGLITE_START_PARAMS = [
  ...PGlite.defaultStartParams,
  '-c',
  'wal_level=minimal',
  '-c',
  'max_wal_senders=0',
];

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'PostgreSQL';
  }
}

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(okänd)';
    throw new AppError(
      'DATABASE_UNAVAILABLE',
      `databasmigreringen ${failed} misslyckades: ${error instanceof Error ? error.message : 'okänt fel'}`,
      { cause: error },
    );
  }
}

function openPglite(pglite: PGlite, location: string, lock?: DataDirLock): BalansDb {
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    engine: 'pglite',
    location,
    transaction: (work) =>
      pglite.transaction(async (tx) => {
        // Kysely over the transaction itself, so its queries and COPY share it.
        const inTransaction = {
          query: tx.query.bind(tx),
          transaction: () => Promise.reject(new Error('nested transactions are not supported')),
          close: () => Promise.resolve(),
          closed: false,
          ready: true,
          waitReady: Promise.resolve(),
        };
        const txDb = new Kysely<Database>({
          dialect: new PGliteDialect({ pglite: inTransaction }),
        });
        return work({
          db: txDb,
          engine: 'pglite',
          async copyInto(table, columns, rows) {
            const blob = new Blob([typeof rows === 'string' ? rows : new Uint8Array(rows)]);
            await tx.query(copySql(table, columns, "'/dev/blob'"), [], { blob });
          },
        });
      }),
    async close() {
      await db.destroy();
      lock?.release();
    },
  };
}

async function postgresTransaction<T>(
  pool: pg.Pool,
  work: (tx: DbTransaction) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  // Kysely over this one client, so that its queries and COPY share the transaction.
  const single = {
    connect: () => Promise.resolve({ query: client.query.bind(client), release: () => undefined }),
    end: () => Promise.resolve(),
  };
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: single as unknown as pg.Pool }),
  });
  try {
    await client.query('begin');
    const result = await work({
      db,
      engine: 'postgres',
      async copyInto(table, columns, rows) {
        await pipeline(
          Readable.from([rows]),
          client.query(copyFrom(copySql(table, columns, 'stdin'))),
        );
      },
    });
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** How long a query on PostgreSQL waits for a table another transaction has locked. */
const LOCK_TIMEOUT_MS = 10_000;

/**
 * PostgreSQL's "lock not available" (a query waited LOCK_TIMEOUT_MS for a table an import
 * holds) as the error Balans reports; undefined for every other error.
 */
export function busyError(error: unknown): AppError | undefined {
  if ((error as { code?: unknown } | null)?.code !== '55P03') return undefined;
  return new AppError(
    'DATABASE_BUSY',
    'huvudboken läses in just nu (en stor import pågår) och dess tabeller är låsta tills den är klar; försök igen om en stund',
    { cause: error },
  );
}

/** Opens (and migrates) the database. The caller closes it. */
export async function openDatabase(options: OpenOptions): Promise<BalansDb> {
  let handle: BalansDb;
  if (options.engine === 'postgres') {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      types: { getTypeParser: postgresTypeParser as typeof pg.types.getTypeParser },
      // A large import may hold the bulk tables' locks while their indexes are rebuilt
      // (ledger.repository.ts `suspendIndexes`); a reader gives up after this and says why.
      lock_timeout: options.lockTimeoutMs ?? LOCK_TIMEOUT_MS,
    });
    try {
      const client = await pool.connect();
      client.release();
    } catch (error) {
      await pool.end();
      throw new AppError(
        'DATABASE_UNAVAILABLE',
        `kan inte ansluta till PostgreSQL på ${redact(options.databaseUrl)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    handle = {
      db,
      engine: 'postgres',
      location: redact(options.databaseUrl),
      transaction: (work) => postgresTransaction(pool, work),
      close: () => db.destroy(),
    };
  } else if (options.engine === 'pglite') {
    const lock = lockDataDir(options.dataDir);
    try {
      const pglite = await PGlite.create({
        dataDir: options.dataDir,
        parsers,
        startParams: PGLITE_START_PARAMS,
      });
      handle = openPglite(pglite, options.dataDir, lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  } else {
    const pglite = await PGlite.create({
      parsers,
      startParams: PGLITE_START_PARAMS,
      ...(options.template ? { loadDataDir: options.template } : {}),
    });
    handle = openPglite(pglite, 'memory');
  }
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** The database the environment names: DATABASE_URL if set, else the embedded one in dataDir. */
export function resolveOpenOptions(
  dataDir: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): OpenOptions {
  const url = env['DATABASE_URL'];
  if (url && dataDir === undefined) return { engine: 'postgres', databaseUrl: url };
  return { engine: 'pglite', dataDir: dataDir ?? env['BALANS_DATA'] ?? 'balans-data' };
}
