import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type BalansDb, type Engine } from '../src/db/database.ts';

/** The engines this run tests: PGlite always, PostgreSQL when reachable (always in CI). */
export const ENGINES: Engine[] = inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite'];

let template: Blob | undefined;

/** A fresh, migrated database: PGlite from the dumped template, PostgreSQL as a copy of the template database. */
export async function openTestDb(engine: Engine): Promise<BalansDb> {
  if (engine === 'pglite') {
    template ??= new Blob([readFileSync(inject('pgliteTemplate'))]);
    return openDatabase({ engine: 'pglite-memory', template });
  }
  const serverUrl = inject('postgresUrl');
  const name = `${inject('postgresTemplate').replace(/_template$/, '')}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${inject('postgresTemplate')}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = '/' + name;
  const handle = await openDatabase({ engine: 'postgres', databaseUrl: url.toString() });
  return {
    ...handle,
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name}`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** A fresh, migrated PostgreSQL database for a child process, and how to drop it. */
export async function createPostgresDatabase(): Promise<{
  url: string;
  drop: () => Promise<void>;
}> {
  const serverUrl = inject('postgresUrl');
  const name = `${inject('postgresTemplate').replace(/_template$/, '')}_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name} template ${inject('postgresTemplate')}`);
  const url = new URL(serverUrl);
  url.pathname = '/' + name;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name}`) };
}
