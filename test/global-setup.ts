import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../src/db/database.ts';
import type { Database } from '../src/db/schema.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** Server URL whose database balans_template is migrated; '' when PostgreSQL is not tested. */
    postgresUrl: string;
  }
}

export const TEMPLATE_DB = 'balans_template';

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
    await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname like 'balans_t_%' or datname = '${TEMPLATE_DB}'`,
    );
    const stale = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like 'balans_t_%'`,
    );
    for (const row of stale.rows) await admin.query(`drop database if exists "${row.datname}"`);
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

export async function setup(project: TestProject): Promise<void> {
  const [template, postgresUrl] = await Promise.all([pgliteTemplate(), postgresTemplate()]);
  project.provide('pgliteTemplate', template);
  project.provide('postgresUrl', postgresUrl);
}
