import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../src/db/database.ts';
import type { Database } from '../src/db/schema.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** Server URL; '' when PostgreSQL is not tested. */
    postgresUrl: string;
    /** This run's migrated template database; its test databases share its prefix. */
    postgresTemplate: string;
    /** This run's build of the web app. */
    webRoot: string;
  }
}

// Per run, so that two test runs on one server (a developer's and CI's) never touch each other's databases.
const RUN = `balans_t${process.pid}`;
const TEMPLATE_DB = `${RUN}_template`;

async function pgliteTemplate(): Promise<string> {
  const pglite = await PGlite.create();
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir('none');
  await db.destroy();
  const dir = join(import.meta.dirname, '..', '.cache');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'pglite-template.tar');
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  return path;
}

async function postgresTemplate(): Promise<string> {
  const url = process.env['BALANS_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch (error) {
    if (process.env['CI'])
      throw new Error(`PostgreSQL must be reachable in CI at ${url}`, { cause: error });
    console.warn(`PostgreSQL not reachable at ${url}: tests run on PGlite only`);
    return '';
  }
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DB}`);
    await admin.query(`create database ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const templateUrl = new URL(url);
  templateUrl.pathname = '/' + TEMPLATE_DB;
  const pool = new pg.Pool({ connectionString: templateUrl.toString(), max: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrateToLatest(db);
  await db.destroy();
  return url;
}

/**
 * The web app built as `npm start` builds it, for the browser tests: into this run's own folder, so
 * that a second test run (or `npm start`) rebuilding dist/web cannot pull files from under it.
 */
async function buildWeb(): Promise<string> {
  const outDir = join(import.meta.dirname, '..', '.cache', `web-${RUN}`);
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production'; // vitest sets "test", which would build React's development runtime
  try {
    await build({
      configFile: join(import.meta.dirname, '..', 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env['NODE_ENV'] = nodeEnv;
  }
  return outDir;
}

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [template, postgresUrl, webRoot] = await Promise.all([
    pgliteTemplate(),
    postgresTemplate(),
    buildWeb(),
  ]);
  project.provide('webRoot', webRoot);
  project.provide('pgliteTemplate', template);
  project.provide('postgresUrl', postgresUrl);
  project.provide('postgresTemplate', TEMPLATE_DB);
  return async () => {
    rmSync(webRoot, { recursive: true, force: true });
    if (!postgresUrl) return;
    // Drop this run's databases; those of other runs are theirs.
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      const rows = await admin.query<{ datname: string }>(
        'select datname from pg_database where starts_with(datname, $1)',
        [`${RUN}_`],
      );
      for (const row of rows.rows)
        await admin.query(`drop database if exists "${row.datname}" with (force)`);
    } finally {
      await admin.end();
    }
  };
}
